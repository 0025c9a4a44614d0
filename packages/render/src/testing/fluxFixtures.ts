import { join } from 'node:path';

/**
 * The directory of one of the Flux-repository fixtures (testing/fixtures/check: the layouts of
 * flux2-kustomize-helm-example and of the talk's flux-structure-example), for tests in other
 * packages that copy one to run check or adopt on it. Not published: the fixtures live beside the sources.
 */
export function fluxFixtureDir(name: string): string {
  return join(__dirname, '..', '..', 'testing', 'fixtures', 'check', name);
}
