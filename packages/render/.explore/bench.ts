import { exampleRepository, plan, validateRepository } from '@platter/render';
const now = new Date('2026-11-27T12:00:00Z');
const tree = exampleRepository();
for (let i = 0; i < 10; i++) plan(tree, { kind: 'SetConfig', stage: 'prod', set: { foo: 'w' + i } }, { now });
const c0 = process.cpuUsage();
for (let i = 0; i < 60; i++) { plan(tree, { kind: 'OnboardApp', name: 'cart', tenant: 'team-a', source: { type: 'image', image: 'x/y' }, targets: [{ stage: 'staging' }], version: '1.0.' + i }, { now }); validateRepository(tree, { now }); }
const c = process.cpuUsage(c0); console.log((c.user + c.system) / 1000 / 60);
