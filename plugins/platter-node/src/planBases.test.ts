import { exampleRepository } from '@platter/render';
import { PlanBases } from './planBases';

describe('PlanBases (issue 17): one parsed commit per commit, shared, bounded', () => {
  const tree = exampleRepository();
  const snapshot = (commit: string, t = tree) => ({ commit, tree: t });

  it('gives the same base, and so the same parsed model, for the same commit', () => {
    const bases = new PlanBases();
    const base = bases.of(snapshot('a'));
    expect(bases.of(snapshot('a'))).toBe(base);
    expect(base.commit).toBe('a');
    const model = base.parsed().model;
    expect(model).toBeDefined();
    expect(bases.of(snapshot('a')).parsed().model).toBe(model);
  });

  it('gives a new base for a new commit, and for the same commit read into another tree', () => {
    const bases = new PlanBases();
    const a = bases.of(snapshot('a'));
    expect(bases.of(snapshot('b'))).not.toBe(a);
    const again = bases.of(snapshot('a', exampleRepository()));
    expect(again).not.toBe(a);
    expect(again.commit).toBe('a');
  });

  it.each([
    [1, ['a', 'b', 'c'], ['c']],
    [2, ['a', 'b', 'c'], ['b', 'c']],
    [3, ['a', 'b', 'c', 'd'], ['b', 'c', 'd']],
    // Reading a again makes it the most recently used: b goes first.
    [2, ['a', 'b', 'a', 'c'], ['a', 'c']],
  ])('keeps at most %i commits, least recently used out first (%j -> %j)', (capacity, reads, kept) => {
    const bases = new PlanBases(capacity);
    for (const c of reads) bases.of(snapshot(c));
    expect(bases.commits).toEqual(kept);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses capacity %p', (capacity) => {
    expect(() => new PlanBases(capacity)).toThrow(TypeError);
  });
});
