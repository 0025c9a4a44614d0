import { exampleRepository, plan, toYaml, parseYamlValues, parseDocuments } from '@platter/render';
import { nested } from '../src/fuzz/hostile';
const now = new Date('2026-11-27T12:00:00Z');
const tree = exampleRepository();
for (const d of [10, 20, 30, 40, 50, 60, 100, 300, 3000]) {
  const values = nested(d, 'host', 1);
  try {
    const p = plan(tree, { kind: 'OnboardApp', name: 'cart', tenant: 'team-a', source: { type: 'helm', repository: 'oci://ghcr.io/x', chart: 'cart', values }, targets: [{ stage: 'staging' }], version: '1.0.0' }, { now });
    console.log(d, 'OK', p.changes.length);
  } catch (e: any) { console.log(d, 'ERR', e.code, e.message.slice(0, 200), (e.diagnostics ?? []).slice(0, 4).map((x: any) => x.code + ' ' + x.path + ' ' + x.message.slice(0, 150))); }
}
const y = toYaml(nested(60, 'host', 1));
try { parseYamlValues(y); console.log('jsyaml ok'); } catch (e: any) { console.log('jsyaml', e.message.slice(0, 200)); }
try { parseDocuments(y); console.log('yaml ok'); } catch (e: any) { console.log('yaml', e.message.slice(0, 200)); }
