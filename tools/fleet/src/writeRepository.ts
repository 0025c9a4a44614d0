import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Fleet } from '@platter/model';
import type { FleetShape } from './generateFleet';
import { generateRepository } from './generateRepository';

/**
 * Writes a generated fleet as a bare git repository at `bareDir` (one commit on
 * `main`), the way `npm start` serves its demo repository: the end-to-end tests
 * and the portal benchmark serve generated fleets through it. Replaces whatever
 * is at `bareDir`. Returns the fleet's model.
 */
export function writeFleetRepository(bareDir: string, shape: FleetShape): Fleet {
  const { fleet, tree } = generateRepository(shape);
  mkdirSync(dirname(bareDir), { recursive: true });
  const seed = mkdtempSync(join(dirname(bareDir), '.fleet-seed-'));
  try {
    for (const [path, content] of tree.entries()) {
      mkdirSync(dirname(join(seed, path)), { recursive: true });
      writeFileSync(join(seed, path), content);
    }
    const git = (cwd: string, ...args: string[]) =>
      execFileSync(
        'git',
        [
          '-c',
          'user.name=Platter',
          '-c',
          'user.email=platter@localhost',
          '-c',
          'commit.gpgSign=false',
          '-c',
          'gc.auto=0',
          ...args,
        ],
        { cwd, stdio: 'ignore' },
      );
    git(seed, 'init', '--quiet', '--initial-branch=main');
    git(seed, 'add', '--all');
    git(seed, 'commit', '--quiet', '--no-verify', '-m', `Generated fleet (${shape.envs} envs, seed ${shape.seed})`);
    rmSync(bareDir, { recursive: true, force: true });
    git(dirname(bareDir), 'clone', '--quiet', '--bare', seed, bareDir);
  } finally {
    rmSync(seed, { recursive: true, force: true });
  }
  return fleet;
}
