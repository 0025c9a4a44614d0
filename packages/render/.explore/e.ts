import { exampleRepository, validateRepository, parseRepository, render, renderChanges } from '@platter/render';
const now = new Date('2026-11-27T12:00:00Z');
const tree = exampleRepository();
for (let i = 0; i < 3; i++) { const t = Date.now(); const r = validateRepository(tree, { now }); console.log('validate', Date.now() - t, r.diagnostics.length, r.diagnostics.map(d=>d.code)); }
const t = Date.now(); const m = parseRepository(tree).model!; console.log('parse', Date.now() - t);
const t2 = Date.now(); const ch = renderChanges(m, tree); console.log('render', Date.now() - t2, ch.map(c=>c.path));
