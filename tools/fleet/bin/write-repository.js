#!/usr/bin/env node
// Writes a generated fleet (tools/fleet, REFERENCE_SHAPE unless told) as a bare git
// repository and prints a JSON summary of it (stages with their envs and components):
//   node tools/fleet/bin/write-repository.js <bare-dir> [--envs=N] [--seed=N]
require('tsx/cjs');
const { writeFleetRepository, REFERENCE_SHAPE } = require('../src/index.ts');

const [dir, ...opts] = process.argv.slice(2);
if (!dir) {
  console.error('usage: write-repository.js <bare-dir> [--envs=N] [--seed=N]');
  process.exit(2);
}
const shape = { ...REFERENCE_SHAPE };
for (const o of opts) {
  const m = /^--(envs|seed)=(\d+)$/.exec(o);
  if (!m) {
    console.error(`unknown option ${o}`);
    process.exit(2);
  }
  shape[m[1]] = Number(m[2]);
}
const fleet = writeFleetRepository(dir, shape);
const summary = {
  shape,
  stages: fleet.stages.map((s) => ({
    name: s.name,
    envs: fleet.environments
      .filter((e) => e.stage === s.name)
      .map((e) => e.name)
      .sort(),
    components: s.components.map((c) => ({ service: c.service, version: c.version })),
  })),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
