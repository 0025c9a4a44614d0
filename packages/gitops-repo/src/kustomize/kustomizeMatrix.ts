import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPlatterError, layout } from '@platter/model';
import { toYaml, type MatrixCombination } from '@platter/render';
import { copyToScratch } from './artifactCopy';
import { kustomizeBuild, type KustomizeBuildOptions } from './kustomizeBuild';

/** One combination's real build: undefined error when `kubectl kustomize` built it. */
export interface MatrixBuild {
  readonly service: string;
  readonly version: string;
  readonly addons: readonly string[];
  readonly error?: string;
}

/**
 * The compatibility matrix's builds with the real `kubectl kustomize` (issue 19
 * §1, `platter menu matrix --kustomize`): each distinct version × addon list
 * (stages share them: a stage's config is Flux substitution, not a build input)
 * is built once, in a scratch copy of the repository, from an overlay that
 * takes `_base` as its resource and the addons as its components in order,
 * which is what kustomize-controller does when it appends `spec.components` to
 * `_base`. Builds run one at a time (kubectl is CPU-heavy); an outage (kubectl
 * missing) throws, a failed build is a result.
 */
export async function kustomizeMatrix(
  repoRoot: string,
  combinations: readonly Pick<MatrixCombination, 'service' | 'version' | 'addons'>[],
  options: Pick<KustomizeBuildOptions, 'kubectl' | 'timeoutMs'> = {},
): Promise<MatrixBuild[]> {
  const distinct = new Map<string, Pick<MatrixCombination, 'service' | 'version' | 'addons'>>();
  for (const c of combinations) distinct.set(`${c.service}\0${c.version}\0${c.addons.join('\0')}`, c);
  const scratch = await copyToScratch(repoRoot);
  try {
    const out: MatrixBuild[] = [];
    let n = 0;
    for (const c of distinct.values()) {
      const dir = join(scratch.root, '.platter-matrix', String(++n));
      await mkdir(dir, { recursive: true });
      const up = '../..';
      await writeFile(
        join(dir, 'kustomization.yaml'),
        toYaml({
          apiVersion: 'kustomize.config.k8s.io/v1beta1',
          kind: 'Kustomization',
          resources: [`${up}/${layout.baseDir(c.service, c.version)}`],
          ...(c.addons.length
            ? { components: c.addons.map((a) => `${up}/${layout.addonDir(c.service, c.version, a)}`) }
            : {}),
        }),
      );
      try {
        await kustomizeBuild(dir, { ...options, repoRoot: scratch.root });
        out.push({ service: c.service, version: c.version, addons: c.addons });
      } catch (e) {
        if (!isPlatterError(e, 'KustomizeBuildFailed')) throw e;
        out.push({ service: c.service, version: c.version, addons: c.addons, error: e.message });
      }
    }
    return out;
  } finally {
    await scratch.dispose();
  }
}
