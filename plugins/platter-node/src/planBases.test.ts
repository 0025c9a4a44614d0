import { parseRequest } from '@platter/model';
import { exampleRepository, plan, PlanBase } from '@platter/render';
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

  describe('prepares the most recently used commit ahead of plans, in the background', () => {
    const request = parseRequest({ kind: 'SetConfig', stage: 'staging', set: { domain: 'example.org' } });
    /** Turns of the event loop until `done`, at most `turns` (preparation runs in setImmediate slices). */
    const turnsUntil = async (done: () => boolean, turns = 500) => {
      for (let i = 0; i < turns && !done(); i++) await new Promise((r) => setImmediate(r));
      return done();
    };

    it('after a plan has walked it: every env checked ahead, and the next plan the same', async () => {
      const bases = new PlanBases();
      const base = bases.of(snapshot('a'));
      const first = plan(tree, request, { base, baseCommit: 'a' });
      expect(await turnsUntil(() => bases.isPrepared('a'))).toBe(true);
      expect(base.validation().keptEnvironments).toBe(base.parsed().model!.environments.length);
      expect(plan(tree, request, { base: bases.of(snapshot('a')), baseCommit: 'a' })).toEqual(first);
    });

    it('not a commit only parsed (the catalog): walking it is a first plan’s work', async () => {
      const bases = new PlanBases();
      const base = bases.of(snapshot('a'));
      base.parsed();
      await turnsUntil(() => false, 20);
      expect(base.validated).toBe(false);
      expect(bases.isPrepared('a')).toBe(false);
    });

    it('not a commit another one replaced as the most recently used', async () => {
      const bases = new PlanBases();
      const a = bases.of(snapshot('a'));
      plan(tree, request, { base: a });
      const b = bases.of(snapshot('b', exampleRepository()));
      expect(await turnsUntil(() => bases.isPrepared('a'), 50)).toBe(false);
      expect(a.validation().keptEnvironments).toBeLessThan(a.parsed().model!.environments.length);
      expect(b.validated).toBe(false);
    });

    it('never with prepareAhead: false', async () => {
      const bases = new PlanBases(undefined, { prepareAhead: false });
      const base = bases.of(snapshot('a'));
      plan(tree, request, { base });
      expect(await turnsUntil(() => bases.isPrepared('a'), 50)).toBe(false);
    });

    it('tells onPrepareError when preparing fails, and leaves the base to plans', async () => {
      const errors: [unknown, string | undefined][] = [];
      // Steps whose first one throws (an env that cannot be built, say).
      const steps = {
        next(): IteratorResult<string, void> {
          throw new Error('boom');
        },
        [Symbol.iterator]() {
          return this;
        },
      };
      const failing = jest
        .spyOn(PlanBase.prototype, 'prepare')
        .mockImplementation(() => steps as unknown as Generator<string, void>);
      try {
        const bases = new PlanBases(undefined, { onPrepareError: (e, c) => errors.push([e, c]) });
        const base = bases.of(snapshot('a'));
        const first = plan(tree, request, { base });
        expect(await turnsUntil(() => errors.length > 0)).toBe(true);
        expect(errors).toEqual([[expect.objectContaining({ message: 'boom' }), 'a']]);
        expect(plan(tree, request, { base: bases.of(snapshot('a')) })).toEqual(first);
      } finally {
        failing.mockRestore();
      }
    });
  });
});
