import { exampleRepository, plan, parseRepository } from '@platter/render';
const now = new Date('2026-11-27T12:00:00Z');
const tree = exampleRepository();
for (const k of ['constructor', 'toString', 'color']) {
  tree.apply(plan(tree, { kind: 'SetConfig', stage: 'prod', set: { [k]: 'x' } }, { now }).changes);
  const p = plan(tree, { kind: 'SetConfig', stage: 'prod', unset: [k] }, { now });
  tree.apply(p.changes);
  console.log(k, p.changes.map((c) => c.path), parseRepository(tree).model!.stages.find((s) => s.name === 'prod')!.config);
}
