import { exampleRepository } from '@platter/render';
import { PlanBases } from '@platter/plugin-platter-node';
import type { RepositorySnapshot } from '@platter/gitops-repo';
import { RepositoryView } from './repositoryView';

/** A snapshot source serving one commit, then another (no git: the view only reads snapshots). */
function source(...snapshots: RepositorySnapshot[]) {
  let i = 0;
  return { snapshot: async () => snapshots[Math.min(i++, snapshots.length - 1)]! };
}
const snapshot = (commit: string): RepositorySnapshot => ({
  commit,
  branch: 'main',
  tree: exampleRepository(),
  fetchedAt: new Date(),
});

describe('RepositoryView reads the commit parsed once (issue 17)', () => {
  it("parses through the shared bases: the view's model is the one the preview and the actions plan on", async () => {
    const bases = new PlanBases();
    const a = snapshot('a');
    const view = new RepositoryView(source(a), () => new Date('2026-11-27T12:00:00Z'), bases);
    const s = await view.snapshot();
    const model = view.fleet(s);
    expect(model).toBeDefined();
    expect(view.base(s)).toBe(bases.of(a));
    expect(bases.of(a).parsed().model).toBe(model);
    // Who owns what, and validation, read the same base.
    expect(view.ownership(s)?.tenants.map((t) => t.name)).toEqual(model!.tenants.map((t) => t.name));
    expect(view.validation(s).model).toBeDefined();
    expect(bases.commits).toEqual(['a']);
  });

  it('a new commit gets a new base; the old one stays within the bound', async () => {
    const bases = new PlanBases(2);
    const view = new RepositoryView(source(snapshot('a'), snapshot('b'), snapshot('c')), undefined, bases);
    const models = [];
    for (let i = 0; i < 3; i++) models.push(view.fleet(await view.snapshot()));
    expect(new Set(models).size).toBe(3);
    expect(bases.commits).toEqual(['b', 'c']);
  });
});
