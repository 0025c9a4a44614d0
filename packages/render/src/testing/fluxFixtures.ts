import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MemoryFileTree } from '@platter/model';

/**
 * The directory of one of the Flux-repository fixtures (testing/fixtures/check: the layouts of
 * flux2-kustomize-helm-example and of the talk's flux-structure-example), for tests in other
 * packages that copy one to run check or adopt on it. Not published: the fixtures live beside the sources.
 */
export function fluxFixtureDir(name: string): string {
  return join(__dirname, '..', '..', 'testing', 'fixtures', 'check', name);
}

/** One of those fixtures as an in-memory tree (every file, by repository path), for tests inside this package. */
export function fluxFixtureTree(name: string): MemoryFileTree {
  const root = fluxFixtureDir(name);
  const files: [string, string][] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else files.push([relative(root, p).split('\\').join('/'), readFileSync(p, 'utf8')]);
    }
  };
  walk(root);
  return new MemoryFileTree(files);
}
