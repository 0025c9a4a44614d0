import fc from 'fast-check';
import { MemoryFileTree, type Diagnostic, type FileTree } from '@platter/model';
import { exampleRepository } from '../example';
import { KustomizeWalker } from '../parse/kustomizeWalk';
import { ParseCache } from '../parse/parseCache';
import { RepositoryReader } from '../parse/reader';
import { ChangedPaths, TrackedTree } from '../parse/readTracking';
import { RepoHarness, TEST_NOW } from '../testing';
import { checkEnvironmentStructure, walkEnvironment } from './checkStructure';
import { finishFindings, validateIncrementally, ValidationIndex } from './incremental';
import { findingKey, validateRepository } from './validateRepository';
import { allUnits, computeUnits, type UnitId } from './validationUnits';

/**
 * For random changes to the example fleet (files edited line by line, emptied,
 * broken, deleted, added, renamed), incremental validation is exactly a full
 * validation restricted to what the change reaches, and what it does not reach
 * keeps its findings:
 *
 * 1. the units of a full validation, together, are validateRepository;
 * 2. validateIncrementally's findings = the full validation's (of a fresh reader,
 *    nothing carried over) restricted to the reached units;
 * 3. every unit the change does not reach has the same findings before and after;
 * 4. an env's structure check derived from its check before the change
 *    (checkStructure.ts: what the two builds share keeps its findings) is the
 *    check from scratch.
 *
 * Besides edits of random lines, the changes include edits that make unchanged
 * objects of an env wrong through their context (CONTEXT): a removed variable
 * or substituteFrom source, a duplicate id from a new object elsewhere in the
 * env, a removed namespace, dependsOn, a patch whose target goes away.
 */
jest.setTimeout(300_000);

const keys = (ds: readonly Diagnostic[]) => ds.map(findingKey);

/** Every unit's findings, computed from scratch. */
function fullByUnits(tree: FileTree) {
  const reader = new RepositoryReader(tree);
  const model = reader.fleet()!;
  const walker = new KustomizeWalker(tree, reader.cache);
  const units = computeUnits({ tree, reader, model, walker, options: { now: TEST_NOW } }, 'all');
  return { reader, units };
}

const restrict = (units: ReadonlyMap<UnitId, readonly Diagnostic[]>, to: ReadonlySet<UnitId>) =>
  new Map([...units].filter(([id]) => to.has(id)));

type Edit =
  | { op: 'dropLine' | 'dupLine'; file: number; line: number }
  | { op: 'comment' | 'empty' | 'garbage' | 'delete'; file: number }
  | { op: 'add'; file: number; kind: number }
  | { op: 'rename'; file: number }
  | { op: 'context'; which: number };

/** Edits that leave objects of an env as they were but change what they are checked against. */
const CONTEXT: Record<string, (h: RepoHarness) => unknown> = {
  'a variable removed from a stage config': (h) =>
    h.editYaml('stages/prod/stage-config.yaml', (c) => delete c.data.domain),
  'an env config no longer built (a substituteFrom source gone)': (h) =>
    h.editYaml(
      'envs/prod-eu/kustomization.yaml',
      (k) => (k.resources = k.resources.filter((r: string) => r !== 'env-config.yaml')),
    ),
  'a copy of a stage object added to an env (a duplicate id)': (h) => {
    h.write('envs/prod-us/stage-config-copy.yaml', h.read('stages/prod/stage-config.yaml'));
    h.editYaml('envs/prod-us/kustomization.yaml', (k) => k.resources.push('stage-config-copy.yaml'));
  },
  "a tenant's namespace no longer created": (h) => h.write('tenants/team-a/base/namespaces.yaml', ''),
  "a tenant's source removed (lockdown)": (h) => h.write('tenants/team-a/base/source.yaml', ''),
  'a dependsOn on a Kustomization nobody has': (h) =>
    h.editYaml('stages/prod/runtime/cert-manager.yaml', (k) => (k.spec.dependsOn = [{ name: 'runtime-nope' }])),
  'a dependency cycle': (h) => {
    h.editYaml('stages/prod/runtime/cert-manager.yaml', (k) => (k.spec.dependsOn = [{ name: 'runtime-external-dns' }]));
    h.editYaml('stages/prod/runtime/external-dns.yaml', (k) => (k.spec.dependsOn = [{ name: 'runtime-cert-manager' }]));
  },
  'a Kustomization others depend on renamed': (h) =>
    h.editYaml('stages/prod/runtime/ingress-nginx.yaml', (k) => (k.metadata.name = 'runtime-ingress')),
  'an env patch on a stage Kustomization (a path that does not exist)': (h) =>
    h.editYaml('envs/prod-eu/kustomization.yaml', (k) => {
      k.patches = [
        {
          target: { kind: 'Kustomization', name: 'runtime-cert-manager' },
          patch: '- op: replace\n  path: /spec/path\n  value: ./runtime/cert-manager/9.9.9/_base\n',
        },
      ];
    }),
  "the stage no longer runs what an env's patch targets": (h) =>
    h.editYaml(
      'stages/prod/kustomization.yaml',
      (k) => (k.resources = k.resources.filter((r: string) => r !== 'runtime/cert-manager.yaml')),
    ),
  'a plaintext Secret added to a stage': (h) => {
    h.write('stages/prod/plain.yaml', ADDED[1]!);
    h.editYaml('stages/prod/kustomization.yaml', (k) => k.resources.push('plain.yaml'));
  },
  'a RoleBinding in a tenant path': (h) => {
    h.write('tenants/team-a/prod/binding.yaml', h.read('tenants/team-a/base/rbac.yaml'));
    h.editYaml('tenants/team-a/prod/kustomization.yaml', (k) => k.resources.push('binding.yaml'));
  },
  'lockdown off': (h) => h.editYaml('platter.yaml', (p) => (p.spec.lockdown = false)),
  // What the env rules read of a version (VERSION_RULE_FIELDS) and what they do not.
  'a secret key a runtime version requires': (h) =>
    h.editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (c) => c.spec.requires.secrets.push('token')),
  'an addon a stage enables no longer in the version': (h) =>
    h.editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (c) => {
      c.spec.addons = c.spec.addons.filter((a: { name: string }) => a.name !== 'nodeport');
    }),
  "a runtime version's namespace and chart": (h) =>
    h.editYaml('runtime/ingress-nginx/1.1.0/component.yaml', (c) => {
      c.spec.namespace = 'ingress';
      c.spec.chart.version = '4.12.1';
    }),
};
const CONTEXT_EDITS = Object.values(CONTEXT);

const ADDED = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  k: v\n',
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: extra\nstringData:\n  password: hunter2\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: extra\n',
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - nope.yaml\n',
];

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    op: fc.constantFrom('dropLine' as const, 'dupLine' as const),
    file: fc.nat(),
    line: fc.nat(),
  }),
  fc.record({
    op: fc.constantFrom('comment' as const, 'empty' as const, 'garbage' as const, 'delete' as const),
    file: fc.nat(),
  }),
  fc.record({ op: fc.constant('add' as const), file: fc.nat(), kind: fc.nat(ADDED.length - 1) }),
  fc.record({ op: fc.constant('rename' as const), file: fc.nat() }),
  fc.record({ op: fc.constant('context' as const), which: fc.nat(CONTEXT_EDITS.length - 1) }),
);

/** Applies the edits; returns the paths they added, modified or deleted. */
function apply(tree: MemoryFileTree, edits: readonly Edit[]): string[] {
  const changed = new Set<string>();
  for (const e of edits) {
    if (e.op === 'context') {
      const h = new RepoHarness(tree);
      const was = new Map(tree.list('').map((p) => [p, tree.read(p)]));
      try {
        CONTEXT_EDITS[e.which]!(h);
      } catch {
        // An earlier edit removed what this one edits: nothing to do.
      }
      for (const p of new Set([...was.keys(), ...tree.list('')])) if (was.get(p) !== tree.read(p)) changed.add(p);
      continue;
    }
    const paths = tree.list('');
    const path = paths[e.file % paths.length]!;
    const text = tree.read(path)!;
    const lines = text.split('\n');
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    switch (e.op) {
      case 'dropLine':
        lines.splice(e.line % lines.length, 1);
        tree.write(path, lines.join('\n'));
        break;
      case 'dupLine': {
        const i = e.line % lines.length;
        lines.splice(i, 0, lines[i]!);
        tree.write(path, lines.join('\n'));
        break;
      }
      case 'comment':
        tree.write(path, `${text}\n# edited by hand\n`);
        break;
      case 'empty':
        tree.write(path, '');
        break;
      case 'garbage':
        tree.write(path, 'key: [unclosed\n');
        break;
      case 'delete':
        tree.delete(path);
        break;
      case 'add': {
        const added = `${dir ? `${dir}/` : ''}extra-${e.kind}.yaml`;
        tree.write(added, ADDED[e.kind]!);
        changed.add(added);
        break;
      }
      case 'rename': {
        // A rename is a delete and an add (git diff --no-renames).
        const to = `${path}.renamed.yaml`;
        tree.delete(path);
        tree.write(to, text);
        changed.add(to);
        break;
      }
    }
    changed.add(path);
  }
  return [...changed];
}

describe('incremental validation (property)', () => {
  const before = exampleRepository();
  const index = ValidationIndex.build(before);
  const beforeUnits = fullByUnits(before).units;

  it('the units together are validateRepository', () => {
    const { reader, units } = fullByUnits(before);
    expect(keys(finishFindings(before, reader, units))).toEqual(
      keys(validateRepository(before, { now: TEST_NOW }).diagnostics),
    );
  });

  it('finds what a full validation finds in what a change reaches, and nothing else changes', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const after = before.clone();
        const changed = apply(after, edits);
        const incremental = validateIncrementally(index, after, changed, { now: TEST_NOW });
        const full = validateRepository(after, { now: TEST_NOW }).diagnostics;
        if (!incremental.model) {
          // platter.yaml unreadable: everything is reached, and it is a full validation.
          expect(incremental.reach.all).toBe(true);
          expect(keys(incremental.diagnostics)).toEqual(keys(full));
          return;
        }
        const fresh = fullByUnits(after);
        // 1: the units of the tree after the change add up to a full validation.
        expect(keys(finishFindings(after, fresh.reader, fresh.units))).toEqual(keys(full));
        // 2: incremental = the full validation restricted to the reached units.
        const restricted = finishFindings(after, fresh.reader, restrict(fresh.units, incremental.reach.units));
        expect(keys(incremental.diagnostics)).toEqual(keys(restricted));
        // 3: a unit of the tree after the change that is not reached has the same findings as before.
        for (const id of allUnits(after, incremental.model)) {
          if (incremental.reach.units.has(id)) continue;
          expect([id, keys(fresh.units.get(id) ?? [])]).toEqual([id, keys(beforeUnits.get(id) ?? [])]);
        }
      }),
      { numRuns: 40, seed: 17 },
    );
  });

  it('an env check derived from its check before the change is the check from scratch', () => {
    // The walks of the tree before, recording reads, as a commit's index has them.
    const walkerBefore = new KustomizeWalker(new TrackedTree(before), new ParseCache());
    const modelBefore = new RepositoryReader(before).fleet()!;
    for (const e of modelBefore.environments) walkEnvironment(walkerBefore, e.name);
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const after = before.clone();
        const changed = apply(after, edits);
        const model = new RepositoryReader(after).fleet();
        if (!model) return;
        // The tree after the change walked as a plan walks it: taking over what the change does not touch.
        const walker = walkerBefore.derive(after, new ParseCache(), new ChangedPaths(changed));
        const derived = { build: walker.build.bind(walker), before: { build: walkerBefore.build.bind(walkerBefore) } };
        for (const e of model.environments) {
          const fresh = checkEnvironmentStructure(model, new KustomizeWalker(after), e.name);
          // Twice: derived from the check before the change, then kept with the build.
          for (let i = 0; i < 2; i++)
            expect([e.name, sortedKeys(checkEnvironmentStructure(model, derived, e.name))]).toEqual([
              e.name,
              sortedKeys(fresh),
            ]);
        }
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it.each(Object.keys(CONTEXT))('%s: derived as from scratch, validated as in full', (name) => {
    const h = new RepoHarness(before.clone());
    CONTEXT[name]!(h);
    const changed = [...new Set([...before.list(''), ...h.tree.list('')])].filter(
      (p) => before.read(p) !== h.tree.read(p),
    );
    const incremental = validateIncrementally(index, h.tree, changed, { now: TEST_NOW });
    const fresh = fullByUnits(h.tree);
    const restricted = finishFindings(h.tree, fresh.reader, restrict(fresh.units, incremental.reach.units));
    expect(keys(incremental.diagnostics)).toEqual(keys(restricted));
    // The edit is seen: it changes what a full validation finds.
    expect(keys(validateRepository(h.tree, { now: TEST_NOW }).diagnostics)).not.toEqual(
      keys(validateRepository(before, { now: TEST_NOW }).diagnostics),
    );
  });
});

const sortedKeys = (ds: readonly Diagnostic[]) => [...new Set(keys(ds))].sort();
