/**
 * One scenario under `node --cpu-prof` (started by profile.ts). Prints
 * `@@window <startUs> <endUs>` (CLOCK_MONOTONIC microseconds, the clock of the
 * .cpuprofile's timestamps) around the measured operation, so the analysis can
 * ignore module loading and setup.
 *
 *   p1 <dir>                       validateRepository(new DiskFileTree(dir))
 *   p2 <remoteUrl> <request json>  applyRequest(remote, request, { mode: 'direct' })
 *   p3 <shape json>                render(generateFleet(shape)) then parseRepository
 */
import { writeSync } from 'node:fs';
import { MemoryFileTree, parseRequest } from '@platter/model';
import { parseRepository, render, validateRepository } from '@platter/render';
import { applyRequest, DiskFileTree } from '@platter/gitops-repo';
import { generateFleet, type FleetShape } from '@platter/tools-fleet';

const us = () => process.hrtime.bigint() / 1000n;

async function main(): Promise<void> {
  const [scenario, a, b] = process.argv.slice(2);
  let prepared: (() => Promise<unknown> | unknown) | undefined;
  const marks: Record<string, string> = {};
  switch (scenario) {
    case 'p1':
      prepared = () => validateRepository(new DiskFileTree(a!), { now: new Date() });
      break;
    case 'p2':
      prepared = () => applyRequest(a!, parseRequest(JSON.parse(b!)), { mode: 'direct', actor: { kind: 'platform' } });
      break;
    case 'p3': {
      const fleet = generateFleet(JSON.parse(a!) as FleetShape);
      prepared = () => {
        const t0 = us();
        const tree = render(fleet, new MemoryFileTree());
        const t1 = us();
        parseRepository(tree);
        marks.render = `${t0} ${t1}`;
      };
      break;
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
  const start = us();
  await prepared();
  const end = us();
  for (const [k, v] of Object.entries(marks)) writeSync(1, `@@mark ${k} ${v}\n`);
  writeSync(1, `@@window ${start} ${end}\n`);
}

main().then(
  () => undefined,
  (e) => {
    writeSync(2, `${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
