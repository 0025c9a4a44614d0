import { MemoryFileTree } from '@platter/model';
import { ParseCache } from '../parse/parseCache';
import { ChangedPaths, TrackedTree } from '../parse/readTracking';
import { toYaml } from '../yaml';
import { buildEnvironment, diffEnvironment, fluxWalker } from '.';
import { isBuiltUnit, keepBuilds } from './buildEnvironment';
import { deriveFluxWalker } from './fluxWalker';

/**
 * The rules buildEnvironment's shortcuts rest on (issue 17: the warm plan
 * preview): a unit's signature is its build's content, prune and the values of
 * the variables it uses, whatever walker built it; substitution reads
 * substituteFrom in order, then `substitute`; a walk taken over by the tree
 * after a change is one no changed file was read for.
 */

const ENV = 'e1';
const APP_KS = 'flux-system/app';

/** A one-env repository: the env root applies two variable ConfigMaps, a Secret and a Flux Kustomization of apps/app. */
function repository(
  options: {
    substituteFrom?: unknown[];
    substitute?: Record<string, string>;
    a?: Record<string, string>;
    app?: string;
    rootExtra?: unknown;
  } = {},
): MemoryFileTree {
  const t = new MemoryFileTree();
  const cm = (name: string, data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'flux-system' },
    data,
  });
  t.write(
    `envs/${ENV}/kustomization.yaml`,
    toYaml({ resources: ['vars.yaml', 'ks.yaml', ...(options.rootExtra ? ['extra.yaml'] : [])] }),
  );
  if (options.rootExtra) t.write(`envs/${ENV}/extra.yaml`, toYaml(options.rootExtra));
  t.write(
    `envs/${ENV}/vars.yaml`,
    toYaml(cm('vars-a', options.a ?? { name: 'a', color: 'red' }), cm('vars-b', { color: 'blue' }), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'token', namespace: 'flux-system' },
      stringData: { color: 'x' },
    }),
  );
  t.write(
    `envs/${ENV}/ks.yaml`,
    toYaml({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'app', namespace: 'flux-system' },
      spec: {
        path: './apps/app',
        prune: true,
        postBuild: {
          substituteFrom: options.substituteFrom ?? [{ kind: 'ConfigMap', name: 'vars-a' }],
          ...(options.substitute ? { substitute: options.substitute } : {}),
        },
      },
    }),
  );
  t.write('apps/app/kustomization.yaml', toYaml({ resources: ['out.yaml', 'plain.yaml'] }));
  t.write('apps/app/out.yaml', toYaml(cm('out', { v: options.app ?? '${color}-${name}' })));
  t.write('apps/app/plain.yaml', toYaml(cm('plain', { v: 'no variables' })));
  return t;
}

const valueOf = (t: MemoryFileTree) =>
  (buildEnvironment(fluxWalker(t), ENV).objects.get('/ConfigMap/flux-system/out')?.value as any)?.data?.v;
const signatureOf = (t: MemoryFileTree) =>
  buildEnvironment(fluxWalker(t), ENV).units.find((u) => u.appliedBy === APP_KS)!.signature;

describe('postBuild variables: substituteFrom in order, then substitute', () => {
  it.each([
    ['one ConfigMap', [{ kind: 'ConfigMap', name: 'vars-a' }], undefined, 'red-a'],
    [
      'a later ConfigMap wins',
      [
        { kind: 'ConfigMap', name: 'vars-a' },
        { kind: 'ConfigMap', name: 'vars-b' },
      ],
      undefined,
      'blue-a',
    ],
    [
      'an earlier ConfigMap loses',
      [
        { kind: 'ConfigMap', name: 'vars-b' },
        { kind: 'ConfigMap', name: 'vars-a' },
      ],
      undefined,
      'red-a',
    ],
    ['inline substitute wins', [{ kind: 'ConfigMap', name: 'vars-a' }], { color: 'green' }, 'green-a'],
    [
      'a Secret substitutes by name, never its value',
      [
        { kind: 'ConfigMap', name: 'vars-a' },
        { kind: 'Secret', name: 'token' },
      ],
      undefined,
      '(secret token.color)-a',
    ],
    ['a missing source gives nothing', [{ kind: 'ConfigMap', name: 'nope' }], undefined, '-'],
  ])('%s', (_name, substituteFrom, substitute, want) => {
    expect(valueOf(repository({ substituteFrom, ...(substitute ? { substitute } : {}) }))).toBe(want);
  });
});

describe("a unit's signature: equal exactly when it applies equal objects", () => {
  const base = repository();
  it.each([
    ['the same tree, another walker', repository(), true],
    ['a variable it uses differs', repository({ a: { name: 'b', color: 'red' } }), false],
    ['only a variable it does not use differs', repository({ a: { name: 'a', color: 'red', other: 'x' } }), true],
    ['its build differs', repository({ app: '${color}/${name}' }), false],
    ['the same value from another source', repository({ substitute: { name: 'a' } }), true],
  ])('%s', (_name, other, equal) => {
    expect(signatureOf(other) === signatureOf(base)).toBe(equal);
    // The diff compares units by their parts: equal exactly when the signatures are.
    const [b, o] = [base, other].map((t) =>
      buildEnvironment(fluxWalker(t), ENV).units.find((u) => u.appliedBy === APP_KS)!,
    );
    expect(isBuiltUnit(b!) && isBuiltUnit(o!) && b.sameAs(o)).toBe(equal);
    // And the diff says the same: nothing, or the changed value.
    const d = diffEnvironment(buildEnvironment(fluxWalker(base), ENV), buildEnvironment(fluxWalker(other), ENV));
    expect(d.changes.filter((c) => c.appliedBy === APP_KS).length === 0).toBe(equal);
  });
});

describe("a kept walker's env builds (a PlanBase's): the same as fresh ones, each plan's objects its own", () => {
  it.each([
    ['ConfigMap variables', repository()],
    [
      'a Secret and substitute',
      repository({ substituteFrom: [{ kind: 'Secret', name: 'token' }], substitute: { name: 'n' } }),
    ],
    [
      'a root that applies more',
      repository({ rootExtra: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } } }),
    ],
  ])('%s', (_name, tree) => {
    const kept = fluxWalker(tree);
    keepBuilds(kept);
    const fresh = buildEnvironment(fluxWalker(tree), ENV);
    const [first, second] = [buildEnvironment(kept, ENV), buildEnvironment(kept, ENV)];
    for (const b of [first, second]) {
      expect(b.units.map((u) => [u.appliedBy, u.file, u.signature])).toEqual(
        fresh.units.map((u) => [u.appliedBy, u.file, u.signature]),
      );
      expect([...b.objects]).toEqual([...fresh.objects]);
      expect(b.substitutions).toEqual(fresh.substitutions);
    }
    // Units are made anew for each build: what one plan makes of them is not kept for the next.
    expect(second.units.some((u, i) => u === first.units[i])).toBe(false);
    expect(diffEnvironment(first, second).changes).toEqual([]);
  });
});

describe("an id applied twice is the first unit's (the env root's here)", () => {
  const plain = (v: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'plain', namespace: 'flux-system' },
    data: { v },
  });
  const withAppCopy = (t: MemoryFileTree, v: string) => {
    t.write('apps/app/plain.yaml', toYaml(plain(v)));
    return t;
  };
  it.each([
    ["the root's copy changes: shown", repository({ rootExtra: plain('1') }), repository({ rootExtra: plain('2') }), 1],
    [
      "only the later unit's copy changes: the root's wins, nothing shown",
      withAppCopy(repository({ rootExtra: plain('1') }), 'x'),
      withAppCopy(repository({ rootExtra: plain('1') }), 'y'),
      0,
    ],
  ])('%s', (_name, before, after, changes) => {
    const d = diffEnvironment(buildEnvironment(fluxWalker(before), ENV), buildEnvironment(fluxWalker(after), ENV));
    expect(d.changes).toHaveLength(changes);
  });
});

describe('the tree after a change takes over only builds no changed file was read for', () => {
  it.each([
    ['a file the unit read', 'apps/app/out.yaml', false, false],
    ['a file nothing read', 'docs/readme.yaml', true, false],
    ['a variable source it reads', `envs/${ENV}/vars.yaml`, false, false],
    // A PlanBase's walker keeps its env builds: the side after takes over their substitutions where it can.
    ['a file the unit read (kept builds)', 'apps/app/out.yaml', false, true],
    ['a file nothing read (kept builds)', 'docs/readme.yaml', true, true],
    ['a variable source it reads (kept builds)', `envs/${ENV}/vars.yaml`, false, true],
  ])('%s', (_name, path, takenOver, keep) => {
    const before = repository();
    const cache = new ParseCache();
    const origin = fluxWalker(new TrackedTree(before), cache);
    if (keep) keepBuilds(origin);
    const b = buildEnvironment(origin, ENV);
    const after = before.clone();
    after.write(path, toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'out' }, data: { v: 'new' } }));
    const derived = deriveFluxWalker(origin, after, new ParseCache(cache), new ChangedPaths([path]));
    const a = buildEnvironment(derived, ENV);
    const sig = (e: typeof a) => e.units.find((u) => u.appliedBy === APP_KS)!.signature;
    expect(sig(a) === sig(b)).toBe(takenOver);
    // Whatever was taken over, the diff is the one of two fresh builds.
    expect(diffEnvironment(b, a)).toEqual(
      diffEnvironment(buildEnvironment(fluxWalker(before), ENV), buildEnvironment(fluxWalker(after), ENV)),
    );
  });
});

describe('the env root rebuilt after a change: the same diff as two fresh builds', () => {
  const plain = (v: string, name = 'plain') => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'flux-system' },
    data: { v },
  });
  const before = () => {
    const t = repository({ rootExtra: plain('1') });
    t.write('apps/app/plain.yaml', toYaml(plain('x')));
    return t;
  };
  it.each<[string, (t: MemoryFileTree) => string[], number]>([
    [
      "the root's copy of an id changes",
      (t) => (t.write(`envs/${ENV}/extra.yaml`, toYaml(plain('2'))), [`envs/${ENV}/extra.yaml`]),
      1,
    ],
    [
      "the root gains an object, the later unit's copy of the root's id changes (the root's wins)",
      (t) => {
        t.write(`envs/${ENV}/extra.yaml`, toYaml(plain('1'), plain('n', 'new')));
        t.write('apps/app/plain.yaml', toYaml(plain('y')));
        return [`envs/${ENV}/extra.yaml`, 'apps/app/plain.yaml'];
      },
      1,
    ],
    [
      "the root rebuilt to as many objects, a later unit's copy of an unchanged root object's id changes (the root's wins)",
      (t) => {
        t.write(`envs/${ENV}/extra.yaml`, toYaml(plain('2')));
        t.write('apps/app/plain.yaml', toYaml(plain('x'), { ...plain('z', 'vars-b'), data: { color: 'pink' } }));
        return [`envs/${ENV}/extra.yaml`, 'apps/app/plain.yaml'];
      },
      1,
    ],
    [
      "the root gains an object among unchanged ones, a later unit's copy of an unchanged root object's id changes",
      (t) => {
        t.write(
          `envs/${ENV}/kustomization.yaml`,
          toYaml({ resources: ['vars.yaml', 'mid.yaml', 'ks.yaml', 'extra.yaml'] }),
        );
        t.write(`envs/${ENV}/mid.yaml`, toYaml(plain('m', 'mid')));
        t.write('apps/app/plain.yaml', toYaml(plain('x'), { ...plain('z', 'vars-b'), data: { color: 'pink' } }));
        return [`envs/${ENV}/kustomization.yaml`, `envs/${ENV}/mid.yaml`, 'apps/app/plain.yaml'];
      },
      1,
    ],
    [
      'the root reads a changed file that changes nothing',
      (t) => (t.write(`envs/${ENV}/extra.yaml`, `# a comment\n${toYaml(plain('1'))}`), [`envs/${ENV}/extra.yaml`]),
      0,
    ],
  ])('%s', (_name, change, changes) => {
    const b = before();
    const cache = new ParseCache();
    const origin = fluxWalker(new TrackedTree(b), cache);
    const built = buildEnvironment(origin, ENV);
    const a = b.clone();
    const paths = change(a);
    const d = diffEnvironment(
      built,
      buildEnvironment(deriveFluxWalker(origin, a, new ParseCache(cache), new ChangedPaths(paths)), ENV),
    );
    expect(d.changes).toHaveLength(changes);
    expect(d).toEqual(diffEnvironment(buildEnvironment(fluxWalker(b), ENV), buildEnvironment(fluxWalker(a), ENV)));
  });
});
