import { diffTrees, OverlayFileTree, type MemoryFileTree } from '@platter/model';
import { RepositoryReader } from '../parse';
import { RepoHarness, TEST_NOW } from '../testing';
import { findingKey, validateChange, validateRepository } from './validateRepository';

/**
 * validateChange checks the structure of the envs before a change only as far as
 * it must to explain the findings after it: the result must be exactly what
 * validating both sides in full and filtering gives.
 */
type Damage = (h: RepoHarness) => unknown;

const damages: Record<string, Damage> = {
  'nothing (CODEOWNERS)': (h) => h.edit('CODEOWNERS', (t) => `${t}# more\n`),
  'a dangling dependsOn in a stage (every env of it)': (h) =>
    h.editYaml('stages/prod/runtime/cert-manager.yaml', (k) => (k.spec.dependsOn = [{ name: 'runtime-nope' }])),
  'a tenant Kustomization without its service account': (h) =>
    h.editYaml('tenants/team-a/prod/shop.yaml', (k) => delete k.spec.serviceAccountName),
  'an env build listing a file twice (prod-eu)': (h) =>
    h.editYaml('envs/prod-eu/kustomization.yaml', (k) => k.resources.push('env-config.yaml')),
  'an env build listing a file twice (prod-us)': (h) =>
    h.editYaml('envs/prod-us/kustomization.yaml', (k) => k.resources.push('env-config.yaml')),
  'an unresolved variable in a stage config': (h) =>
    h.editYaml('stages/prod/stage-config.yaml', (c) => delete c.data.domain),
  'an env removed': (h) => {
    h.delete('envs/prod-us');
    h.editYaml(
      'platter.yaml',
      (p) => (p.spec.environments = p.spec.environments.filter((e: any) => e.name !== 'prod-us')),
    );
  },
};

/** The reference: both sides validated in full, the findings after minus those before. */
function reference(before: MemoryFileTree, after: MemoryFileTree, envsBefore: string[], envsAfter: string[]) {
  const known = new Set(
    validateRepository(before, { now: TEST_NOW, environments: envsBefore }).diagnostics.map(findingKey),
  );
  return validateRepository(after, { now: TEST_NOW, environments: envsAfter }).diagnostics.filter(
    (d) => !known.has(findingKey(d)),
  );
}

const envsOf = (tree: MemoryFileTree) => tree.dirs('envs');

describe('validateChange', () => {
  const pairs: [string, string][] = [];
  for (const start of Object.keys(damages)) {
    for (const change of Object.keys(damages))
      if (start !== change && !(start === 'an env removed' && change.includes('prod-us'))) pairs.push([start, change]);
  }

  it.each(pairs)('starting from %s, changing %s: what validating both sides gives', (start, change) => {
    const base = RepoHarness.example();
    damages[start]!(base);
    const next = new RepoHarness(base.tree.clone());
    damages[change]!(next);
    const changes = diffTrees(base.tree, next.tree);
    const after = new OverlayFileTree(base.tree).apply(changes);
    const reader = new RepositoryReader(base.tree);
    const result = validateChange(
      { tree: base.tree, environments: envsOf(base.tree), reader },
      {
        tree: after,
        environments: envsOf(next.tree),
        reader: reader.derive(
          after,
          changes.map((c) => c.path),
        ),
      },
      { now: TEST_NOW },
    );
    expect(result.introduced).toEqual(reference(base.tree, next.tree, envsOf(base.tree), envsOf(next.tree)));
    expect(result.model).toEqual(validateRepository(after, { now: TEST_NOW }).model);
  });

  it('finds what a change introduces, and nothing the repository had before', () => {
    const base = RepoHarness.example();
    damages['a dangling dependsOn in a stage (every env of it)']!(base);
    const next = new RepoHarness(base.tree.clone());
    damages['an env build listing a file twice (prod-us)']!(next);
    const result = validateChange(
      { tree: base.tree, environments: envsOf(base.tree) },
      { tree: next.tree, environments: envsOf(next.tree) },
      { now: TEST_NOW },
    );
    expect(result.introduced.map((d) => [d.code, d.path])).toEqual([
      ['DuplicateResourceId', 'envs/prod-us/env-config.yaml'],
    ]);
  });
});
