import fc from 'fast-check';
import { MemoryFileTree, type Diagnostic, type FileTree } from '@platter/model';
import { exampleRepository } from '../example';
import { KustomizeWalker } from '../parse/kustomizeWalk';
import { RepositoryReader } from '../parse/reader';
import { TEST_NOW } from '../testing';
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
 * 3. every unit the change does not reach has the same findings before and after.
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
  | { op: 'rename'; file: number };

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
);

/** Applies the edits; returns the paths they added, modified or deleted. */
function apply(tree: MemoryFileTree, edits: readonly Edit[]): string[] {
  const changed = new Set<string>();
  for (const e of edits) {
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
});
