import { checkFluxRepository } from '../check';
import { ParseCache } from '../parse';
import { ChangedPaths, TrackedTree } from '../parse/readTracking';
import { buildEnvironment } from '../renderedDiff/buildEnvironment';
import { deriveFluxWalker, fluxWalker } from '../renderedDiff/fluxWalker';
import { RepoHarness, TEST_NOW } from '../testing';
import { validateIncrementally, ValidationIndex } from './incremental';
import { validateRepository } from './validateRepository';

/**
 * Flux builds what the GitRepository artifact holds, and source-controller
 * leaves out of it what `.sourceignore` files say. validate's builds read the
 * artifact too: a Flux Kustomization path, a resource or a component that
 * `.sourceignore` leaves out is missing for validate as it is for Flux (and for
 * `platter check`), wherever the validation starts from: a full validation, an
 * incremental one from a commit without the rule, a plan on a commit's base.
 */
const EXTRA_KUSTOMIZATION = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'extra', namespace: 'flux-system' },
  spec: { interval: '10m', path: './extra', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
};

/** The example fleet with prod-eu applying `extra/` (a Flux Kustomization of a path outside Platter's directories). */
function withExtra(): RepoHarness {
  const h = RepoHarness.example();
  h.writeYaml('extra/kustomization.yaml', {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['config.yaml'],
  });
  h.writeYaml('extra/config.yaml', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'extra', namespace: 'default' },
    data: { a: 'b' },
  });
  h.writeYaml('envs/prod-eu/extra.yaml', EXTRA_KUSTOMIZATION);
  h.editYaml('envs/prod-eu/kustomization.yaml', (k) => k.resources.push('extra.yaml'));
  return h;
}

/** Every top-level directory of the example fleet, and the file rules that include them again. */
const ONLY_MANIFESTS = ['/*', '!/apps/', '!/cloud/', '!/envs/', '!/runtime/', '!/stages/', '!/tenants/'];

const cases: [name: string, ignore: Record<string, string[]>, found: [code: string, path: string, fix: string][]][] = [
  ['no .sourceignore: the path is built', {}, []],
  [
    'the root .sourceignore leaves the path out',
    { '.sourceignore': ['/extra/'] },
    [['MissingPath', 'extra', '(add `!/extra/` to it)']],
  ],
  [
    'only the manifest directories go in (flux2-kustomize-helm-example), extra/ not among them',
    { '.sourceignore': ONLY_MANIFESTS },
    [['MissingPath', 'extra', '(add `!/extra/` to it)']],
  ],
  [
    "only the manifest directories, cloud/ not among them: the stages' cloud classes",
    { '.sourceignore': ONLY_MANIFESTS.filter((r) => r !== '!/cloud/').concat('!/extra/') },
    [
      ['MissingFile', 'stages/prod/cloud-classes/kustomization.yaml', '(add `!/cloud/` to it)'],
      ['MissingFile', 'stages/staging/cloud-classes/kustomization.yaml', '(add `!/cloud/` to it)'],
    ],
  ],
  ['only the manifest directories, extra/ included again', { '.sourceignore': [...ONLY_MANIFESTS, '!/extra/'] }, []],
  [
    "a nested .sourceignore leaves out a resource of the path's kustomization",
    { 'extra/.sourceignore': ['config.yaml'] },
    [['MissingFile', 'extra/kustomization.yaml', 'extra/config.yaml is left out of the GitRepository artifact']],
  ],
  ['a rule for another file leaves the path as it is', { 'extra/.sourceignore': ['*.md'] }, []],
];

const withRules = (h: RepoHarness, ignore: Record<string, string[]>) => {
  for (const [path, rules] of Object.entries(ignore)) h.write(path, `${rules.join('\n')}\n`);
  return h;
};

const changedPaths = (before: RepoHarness, after: RepoHarness) =>
  [...new Set([...before.tree.list(''), ...after.tree.list('')])].filter(
    (p) => before.tree.read(p) !== after.tree.read(p),
  );

describe('.sourceignore: what the GitRepository artifact leaves out, validate does not build', () => {
  it.each(cases)('%s', (_name, ignore, found) => {
    const h = withRules(withExtra(), ignore);
    const full = validateRepository(h.tree, { now: TEST_NOW }).diagnostics;
    expect(full.map((d) => [d.code, d.path])).toEqual(found.map(([code, path]) => [code, path]));
    found.forEach(([, , fix], i) => expect(full[i]!.message).toContain(fix));

    // platter check builds the artifact alike: the same path is missing for it, by the same code.
    const check = checkFluxRepository(h.tree).findings.filter((f) => f.severity === 'error');
    const codes = (ds: readonly { code: string }[]) => [...new Set(ds.map((d) => d.code))].sort();
    expect(codes(check)).toEqual(codes(full));

    // The same findings when only the .sourceignore files change (incremental from the commit before them).
    const before = withExtra();
    const incremental = validateIncrementally(ValidationIndex.build(before.tree), h.tree, changedPaths(before, h), {
      now: TEST_NOW,
    });
    expect(incremental.diagnostics).toEqual(full);
  });

  it('a change to a .sourceignore reaches every env (what any build may read changed)', () => {
    const before = withRules(withExtra(), { '.sourceignore': ['/extra/'] });
    const after = withRules(withExtra(), { '.sourceignore': ['/docs/'] });
    const result = validateIncrementally(ValidationIndex.build(before.tree), after.tree, ['.sourceignore'], {
      now: TEST_NOW,
    });
    expect(result.reach.all).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it("an env's build as Flux applies it (the rendered diff, explain) leaves out what the artifact does", () => {
    const configMaps = (h: RepoHarness, walker = fluxWalker(new TrackedTree(h.tree))) =>
      [...buildEnvironment(walker, 'prod-eu').objects.values()].filter((o) => o.name === 'extra').map((o) => o.kind);
    expect(configMaps(withExtra())).toEqual(['Kustomization', 'ConfigMap']);
    const ignored = withRules(withExtra(), { '.sourceignore': ['/extra/'] });
    expect(configMaps(ignored)).toEqual(['Kustomization']);
    // A walker derived for a change (a plan on a commit's base) reads the same artifact of the tree after it.
    const after = new RepoHarness(ignored.tree.clone()).editYaml('envs/prod-eu/env-config.yaml', (c) => {
      c.data.extra = 'x';
    });
    const origin = fluxWalker(new TrackedTree(ignored.tree));
    configMaps(ignored, origin);
    const changed = new ChangedPaths(['envs/prod-eu/env-config.yaml']);
    expect(configMaps(after, deriveFluxWalker(origin, after.tree, new ParseCache(), changed))).toEqual([
      'Kustomization',
    ]);
    // And a change to the rules is built anew: the path is back.
    const included = new RepoHarness(ignored.tree.clone()).write('.sourceignore', '/docs/\n');
    const changedRules = new ChangedPaths(['.sourceignore']);
    expect(configMaps(included, deriveFluxWalker(origin, included.tree, new ParseCache(), changedRules))).toEqual([
      'Kustomization',
      'ConfigMap',
    ]);
  });
});
