import { fluxFixtureTree } from '../testing/fluxFixtures';
import { MemoryFileTree, parseRequest, type FileTree } from '@platter/model';
import { planAdoption } from '../adopt';
import { checkFluxRepository } from '../check';
import { plan } from '../plan/plan';

// A request on a repository that lacks a file Platter would render (here: one `platter adopt`
// wrote, which has no tenant-config.yaml, as adopt adds no object Flux did not apply) neither adds
// that file when the request does not change it, nor adds it without the kustomization entry that
// makes Flux apply it.

const fixture = fluxFixtureTree;

/** The ConfigMaps platter-env Flux would apply in each adopted cluster (its namespaces). */
function tenantConfigApplied(tree: FileTree): Record<string, string[]> {
  return Object.fromEntries(
    checkFluxRepository(tree, { objects: true }).clusters.map((c) => [
      c.name,
      c.kustomizations
        .flatMap((k) => k.built ?? [])
        .filter((o) => o.kind === 'ConfigMap' && o.name === 'platter-env')
        .map((o) => o.namespace ?? '')
        .sort(),
    ]),
  );
}

describe('a request on an adopted repository: added files are referenced', () => {
  const source = fixture('helm-apps-layout');
  const adopted = MemoryFileTree.from(source).apply(planAdoption(source).changes);
  /** platter.yaml's tenantConfigKeys with `region` allow-listed too. */
  const withRegion = () => {
    const t = adopted.clone();
    t.write('platter.yaml', t.read('platter.yaml')!.replace(/( *)- env\n/, '$1- env\n$1- region\n'));
    return t;
  };
  it.each([
    [
      'an env key tenants do not read: only env-config.yaml, no tenant-config.yaml',
      () => adopted,
      { kind: 'SetConfig', env: 'production', set: { region: 'eu' } },
      ['modify envs/production/env-config.yaml'],
      { 'envs/production': [], 'envs/staging': [] },
    ],
    [
      'a stage key tenants do not read: only stage-config.yaml',
      () => adopted,
      { kind: 'SetConfig', stage: 'production', set: { region: 'eu' } },
      ['modify stages/production/stage-config.yaml'],
      { 'envs/production': [], 'envs/staging': [] },
    ],
    [
      'an env key tenants read: tenant-config.yaml added and listed by the env kustomization',
      withRegion,
      { kind: 'SetConfig', env: 'production', set: { region: 'eu' } },
      [
        'modify envs/production/env-config.yaml',
        'modify envs/production/kustomization.yaml',
        'add envs/production/tenant-config.yaml',
      ],
      { 'envs/production': ['podinfo', 'web'], 'envs/staging': [] },
    ],
    [
      'a stage key tenants read: in the env of the stage, the same',
      withRegion,
      { kind: 'SetConfig', stage: 'staging', set: { region: 'us' } },
      [
        'modify envs/staging/kustomization.yaml',
        'add envs/staging/tenant-config.yaml',
        'modify stages/staging/stage-config.yaml',
      ],
      { 'envs/production': [], 'envs/staging': ['podinfo', 'web'] },
    ],
  ])('%s', (_name, repository, request, changes, applied) => {
    const tree = repository();
    const p = plan(tree, parseRequest(request));
    expect(p.changes.map((c) => `${c.op} ${c.path}`)).toEqual(changes);
    // What Flux builds after the change, the Flux way: every added file is applied.
    expect(tenantConfigApplied(MemoryFileTree.from(tree).apply(p.changes))).toEqual(applied);
  });
});
