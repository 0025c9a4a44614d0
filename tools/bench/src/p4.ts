import { join } from 'node:path';
import { parseRepository } from '@platter/render';
import { GitTreeFileTree } from '@platter/gitops-repo';
// The provider's pure entity building, without loading the Backstage module around it.
import { buildEntities } from '@platter/plugin-catalog-backend-module-platter/src/provider/buildEntities';
import { git, type FleetRepo } from './fleetRepo';
import { median, progress, removeDir, tempDir, timed } from './util';

export interface P4Run {
  readonly readMs: number;
  readonly parseMs: number;
  readonly buildMs: number;
  readonly totalMs: number;
  readonly cpuMs: number;
}

export interface P4Result {
  readonly envs: number;
  readonly runs: P4Run[];
  readonly median: P4Run;
  readonly entities: number;
  readonly byType: Record<string, number>;
  readonly parseErrors: number;
}

/**
 * What PlatterEntityProvider.refresh does for a new commit, minus fetching it:
 * read the commit from the object store (GitTreeFileTree.load, as
 * RepositoryMirror.snapshot does), parseRepository, buildEntities. The catalog
 * mutation is not included.
 */
export async function runP4(repo: FleetRepo, options: { runs: number }): Promise<P4Result> {
  progress(
    `P4: catalog provider full refresh (read snapshot + parseRepository + buildEntities) of ${repo.fleet.environments.length} envs, ${options.runs} runs`,
  );
  // A clone as the mirror makes it (shallow, no checkout, objects packed), made once: fetching is not measured.
  const work = tempDir('p4');
  const mirror = join(work, 'mirror');
  await git(work, [
    'clone',
    '--quiet',
    '--no-checkout',
    '--depth',
    '1',
    '--single-branch',
    '--no-tags',
    repo.remoteUrl,
    mirror,
  ]);
  const runs: P4Run[] = [];
  let entities = 0;
  let byType: Record<string, number> = {};
  let parseErrors = 0;
  for (let i = 0; i < options.runs; i++) {
    const read = await timed(() => GitTreeFileTree.load(mirror, repo.base));
    const parsed = await timed(() => parseRepository(read.value));
    parseErrors = parsed.value.diagnostics.filter((d) => d.severity === 'error').length;
    if (!parsed.value.model) throw new Error('P4: the repository did not parse');
    const model = parsed.value.model;
    const built = await timed(() =>
      buildEntities(model, {
        commit: repo.base,
        sourceUrl: 'https://github.com/example-org/generated-fleet.git',
        branch: 'main',
      }),
    );
    entities = built.value.length;
    byType = {};
    for (const e of built.value) {
      const type = String((e.spec as { type?: string } | undefined)?.type ?? e.kind);
      byType[type] = (byType[type] ?? 0) + 1;
    }
    runs.push({
      readMs: read.ms,
      parseMs: parsed.ms,
      buildMs: built.ms,
      totalMs: read.ms + parsed.ms + built.ms,
      cpuMs: read.cpuMs + parsed.cpuMs + built.cpuMs,
    });
    progress(
      `P4 run ${i + 1}/${options.runs}: read ${(read.ms / 1000).toFixed(2)} s, parse ${(parsed.ms / 1000).toFixed(2)} s, buildEntities ${(built.ms / 1000).toFixed(2)} s, ${entities} entities`,
    );
  }
  removeDir(work);
  const med = (k: keyof P4Run) => median(runs.map((r) => r[k]));
  return {
    envs: repo.fleet.environments.length,
    runs,
    median: {
      readMs: med('readMs'),
      parseMs: med('parseMs'),
      buildMs: med('buildMs'),
      totalMs: med('totalMs'),
      cpuMs: med('cpuMs'),
    },
    entities,
    byType,
    parseErrors,
  };
}
