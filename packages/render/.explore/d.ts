import { exampleRepository, plan, parseRepository } from '@platter/render';
import { MemoryFileTree } from '@platter/model';
const now = new Date('2026-11-27T12:00:00Z');
function tryPlan(req: any) {
  const tree = exampleRepository();
  try {
    const p = plan(tree, req, { now });
    const after = MemoryFileTree.from(tree).apply(p.changes);
    const { model, diagnostics } = parseRepository(after);
    console.log('OK', p.changes.map((c) => c.path).join(','), diagnostics.map((d) => d.code + ' ' + d.path));
    return { p, model };
  } catch (e: any) { console.log('ERR', e.code, e.path, e.message); }
}
let r = tryPlan({ kind: 'SetConfig', stage: 'prod', set: { foo: '0o17' } });
console.log(r?.p.changes[0]?.after, r?.model?.stages.find((s) => s.name === 'prod')?.config);
r = tryPlan({ kind: 'OnboardApp', name: 'cart', tenant: 'team-a', source: { type: 'helm', repository: 'oci://x/y', chart: 'cart' }, targets: [{ stage: 'staging' }], version: '1.0.0', values: { staging: { a: { '<<': { x: 1 }, b: 2 } } } });
console.log(JSON.stringify(r?.model?.apps.find((a) => a.name === 'cart')?.deployments));
r = tryPlan({ kind: 'OnboardApp', name: 'cart', tenant: 'team-a', source: { type: 'helm', repository: 'oci://x/y', chart: 'cart' }, targets: [{ stage: 'staging' }], version: '1.0.0', values: { staging: { a: { '<<': 5, b: 2 } } } });
r = tryPlan({ kind: 'OnboardTenant', name: 'team-c', owner: 'group:default/team-c', codeowners: ['@x\n* @evil'], stages: ['staging'] });
console.log(r?.p.changes.find((c) => c.path === 'CODEOWNERS')?.after);
