import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './portal';

/** What the generated fleet holds, as tools/fleet's write-repository prints it. */
export interface FleetSummary {
  readonly shape: { readonly envs: number; readonly seed: number };
  readonly stages: readonly {
    readonly name: string;
    readonly envs: readonly string[];
    readonly components: readonly { readonly service: string; readonly version: string }[];
  }[];
}

/**
 * Makes `<demoDir>/fleet.git`, the repository `npm start` serves, from a
 * generated fleet (tools/fleet's reference shape with `envs` envs) instead of
 * `platter init`; start the portal on it with `startPortal(demoDir, log, { reset: false })`.
 * The generator runs as its own process (tools/fleet/bin/write-repository.js).
 */
export function writeGeneratedFleet(demoDir: string, envs: number): FleetSummary {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'tools/fleet/bin/write-repository.js'), join(demoDir, 'fleet.git'), `--envs=${envs}`],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    },
  );
  return JSON.parse(out) as FleetSummary;
}
