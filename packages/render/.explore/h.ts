import { exampleRepository, plan, parseRepository, DEMO_AGE_RECIPIENT } from '@platter/render';
const now = new Date('2026-11-27T12:00:00Z');
const tree = exampleRepository();
try {
tree.apply(plan(tree, { kind: 'CreateEnvironment', name: 'constructor', stage: 'staging', ageRecipients: [DEMO_AGE_RECIPIENT], config: { cluster_name: 'c', region: 'r' } }, { now }).changes);
const p = plan(tree, { kind: 'OnboardApp', name: 'cart', tenant: 'team-a', source: { type: 'image', image: 'x/y' }, targets: [{ env: 'constructor' }], version: '1.0.0' }, { now });
console.log(p.changes.map((c) => c.path));
console.log(p.changes.find((c) => c.path.endsWith('envs/constructor/release.yaml'))?.after);
} catch (e) { console.log('ERR', e); }
