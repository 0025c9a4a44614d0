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
    // The kept units are shared, but what one plan makes of them (its rendered objects) is not kept for the next.
    expect(second.units.every((u, i) => u === first.units[i])).toBe(true);
    const made = [...first.objects.values()];
    expect([...second.objects.values()].some((o, i) => o === made[i])).toBe(false);
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

/**
 * The side after a change on a PlanBase takes a unit over from the kept build
 * before it (its substitution, not made again) when its Flux Kustomization
 * object and prepared build are the same and it substitutes from nothing that
 * may have changed: the env root's ConfigMaps and Secrets that did, and
 * whatever a unit applies (on either side). Each row must build what a fresh
 * walker of the tree after the change builds.
 */
describe('a unit taken over from the kept build before the change: the units a fresh build makes', () => {
  const cm = (name: string, data: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'flux-system' },
    data,
  });
  const ks = (name: string, substituteFrom: string[]) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system' },
    spec: {
      path: `./apps/${name}`,
      prune: true,
      postBuild: { substituteFrom: substituteFrom.map((n) => ({ kind: 'ConfigMap', name: n })) },
    },
  });
  /** The root applies vars; `provider` applies the ConfigMap `shared`, which `app` (after it) substitutes from. */
  const before = () => {
    const t = new MemoryFileTree();
    t.write(
      `envs/${ENV}/kustomization.yaml`,
      toYaml({ resources: ['vars.yaml', 'provider.yaml', 'app.yaml', 'other.yaml'] }),
    );
    t.write(`envs/${ENV}/vars.yaml`, toYaml(cm('vars', { color: 'red' })));
    t.write(`envs/${ENV}/provider.yaml`, toYaml(ks('provider', [])));
    t.write(`envs/${ENV}/app.yaml`, toYaml(ks('app', ['vars', 'shared'])));
    t.write(`envs/${ENV}/other.yaml`, toYaml(ks('other', ['vars'])));
    t.write(`envs/${ENV}/late.yaml`, toYaml(ks('late', [])));
    t.write('apps/provider/kustomization.yaml', toYaml({ resources: ['shared.yaml'] }));
    t.write('apps/provider/shared.yaml', toYaml(cm('shared', { size: 'small' })));
    t.write('apps/late/kustomization.yaml', toYaml({ resources: ['shared.yaml'] }));
    t.write('apps/late/shared.yaml', toYaml(cm('shared', { size: 'late' })));
    t.write('apps/app/kustomization.yaml', toYaml({ resources: ['out.yaml'] }));
    t.write('apps/app/out.yaml', toYaml(cm('app-out', { v: '${color}-${size:=none}' })));
    t.write('apps/other/kustomization.yaml', toYaml({ resources: ['out.yaml'] }));
    t.write('apps/other/out.yaml', toYaml(cm('other-out', { v: '${color}' })));
    return t;
  };
  const rootWith = (t: MemoryFileTree, resources: string[]) =>
    t.write(`envs/${ENV}/kustomization.yaml`, toYaml({ resources }));

  it.each<[string, (t: MemoryFileTree) => void, { app: string; other: string }]>([
    ['a file no unit reads', (t) => t.write('README.md', 'x'), { app: 'red-small', other: 'red' }],
    [
      "the ConfigMap a unit applies (the provider's build)",
      (t) => t.write('apps/provider/shared.yaml', toYaml(cm('shared', { size: 'large' }))),
      { app: 'red-large', other: 'red' },
    ],
    [
      "the env root's ConfigMap",
      (t) => t.write(`envs/${ENV}/vars.yaml`, toYaml(cm('vars', { color: 'blue' }))),
      { app: 'blue-small', other: 'blue' },
    ],
    [
      'the provider removed',
      (t) => rootWith(t, ['vars.yaml', 'app.yaml', 'other.yaml']),
      { app: 'red-none', other: 'red' },
    ],
    [
      'another provider of the same ConfigMap, after the unit (the unit reads none)',
      (t) => rootWith(t, ['vars.yaml', 'app.yaml', 'other.yaml', 'late.yaml']),
      { app: 'red-none', other: 'red' },
    ],
    [
      'another provider of the same ConfigMap, before the first (first wins)',
      (t) => rootWith(t, ['vars.yaml', 'late.yaml', 'provider.yaml', 'app.yaml', 'other.yaml']),
      { app: 'red-late', other: 'red' },
    ],
    [
      "a second copy of the env root's ConfigMap, before it (the first wins: the variables change)",
      (t) => {
        t.write(`envs/${ENV}/vars-first.yaml`, toYaml(cm('vars', { color: 'green' })));
        rootWith(t, ['vars-first.yaml', 'vars.yaml', 'provider.yaml', 'app.yaml', 'other.yaml']);
      },
      { app: 'green-small', other: 'green' },
    ],
    [
      "a second copy of the env root's ConfigMap, after it (the first still wins: the same variables)",
      (t) => {
        t.write(`envs/${ENV}/vars-late.yaml`, toYaml(cm('vars', { color: 'green' })));
        rootWith(t, ['vars.yaml', 'provider.yaml', 'app.yaml', 'vars-late.yaml', 'other.yaml']);
      },
      { app: 'red-small', other: 'red' },
    ],
    [
      "the env root's ConfigMap removed, a copy of it later in the root (the later one is the first now)",
      (t) => {
        t.write(`envs/${ENV}/vars-late.yaml`, toYaml(cm('vars', { color: 'green' })));
        rootWith(t, ['provider.yaml', 'app.yaml', 'vars-late.yaml', 'other.yaml']);
      },
      { app: 'green-small', other: 'green' },
    ],
  ])('%s', (_name, change, values) => {
    const b = before();
    const cache = new ParseCache();
    const origin = fluxWalker(new TrackedTree(b), cache);
    keepBuilds(origin);
    buildEnvironment(origin, ENV);
    const a = b.clone();
    change(a);
    const changed = [...new Set([...b.list(''), ...a.list('')])].filter((p) => b.read(p) !== a.read(p));
    const derived = buildEnvironment(
      deriveFluxWalker(origin, a, new ParseCache(cache), new ChangedPaths(changed)),
      ENV,
    );
    const fresh = buildEnvironment(fluxWalker(a), ENV);
    const shape = (e: typeof fresh) => ({
      units: e.units.map((u) => [u.appliedBy, u.signature]),
      objects: [...e.objects.values()].map((o) => [o.id, o.value]),
      substitutions: e.substitutions,
    });
    expect(shape(derived)).toEqual(shape(fresh));
    const v = (e: typeof fresh, name: string) =>
      (e.objects.get(`/ConfigMap/flux-system/${name}`)?.value as any)?.data?.v;
    expect({ app: v(derived, 'app-out'), other: v(derived, 'other-out') }).toEqual(values);
  });

  it('a provider where there was none: a unit after it reads the ConfigMap nobody applied before', () => {
    const b = before();
    rootWith(b, ['vars.yaml', 'app.yaml', 'other.yaml']);
    const cache = new ParseCache();
    const origin = fluxWalker(new TrackedTree(b), cache);
    keepBuilds(origin);
    const out = (e: ReturnType<typeof buildEnvironment>) =>
      (e.objects.get('/ConfigMap/flux-system/app-out')?.value as any)?.data?.v;
    expect(out(buildEnvironment(origin, ENV))).toBe('red-none');
    for (const [resources, value] of [
      [['vars.yaml', 'provider.yaml', 'app.yaml', 'other.yaml'], 'red-small'],
      [['vars.yaml', 'app.yaml', 'other.yaml', 'provider.yaml'], 'red-none'],
    ] as const) {
      const a = b.clone();
      rootWith(a, [...resources]);
      const derived = buildEnvironment(
        deriveFluxWalker(origin, a, new ParseCache(cache), new ChangedPaths([`envs/${ENV}/kustomization.yaml`])),
        ENV,
      );
      expect(out(buildEnvironment(fluxWalker(a), ENV))).toBe(value);
      expect(out(derived)).toBe(value);
    }
  });
});
