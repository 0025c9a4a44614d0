import { isRequestRejected } from '@platter/model';
import { renderChanges } from '../../render';
import { RepoHarness, rejection, rejectionError } from '../../testing';

const createQa = { kind: 'CreateStage', name: 'qa', after: 'staging', promotesFrom: 'staging' };
const deleteQa = { kind: 'DeleteStage', name: 'qa' };
/** The example fleet with an unused stage qa (staging -> qa), copied from staging. */
const withQa = () => {
  const h = RepoHarness.example();
  h.apply({ ...createQa, copyComponentsFrom: 'staging' });
  return h;
};
/** The runtime services a stage runs (the example's change as the menu grows). */
const runtimeOf = (h: RepoHarness, stage: string) =>
  h
    .model()
    .stages.find((s) => s.name === stage)!
    .components.map((c) => c.service);
const promotion = (h: RepoHarness) => h.model().stages.map((s) => `${s.promotesFrom ?? '-'} -> ${s.name}`);

describe('planDeleteStage', () => {
  it('removes its platter.yaml entry and all of stages/<stage>/, nothing else', () => {
    const h = withQa();
    const original = RepoHarness.example().tree;
    const p = h.plan(deleteQa);
    expect(RepoHarness.changed(p)).toEqual([
      'modify platter.yaml',
      'delete stages/qa/kustomization.yaml',
      ...runtimeOf(h, 'staging').map((svc) => `delete stages/qa/runtime/${svc}.yaml`),
      'delete stages/qa/stage-config.yaml',
    ]);
    // Create then delete gives back the very bytes of platter.yaml.
    expect(p.changes[0]!.after).toBe(original.read('platter.yaml'));
    expect(p.review).toBe('direct');
    expect(p.diagnostics).toEqual([]);
  });

  it('takes unmanaged files of the stage directory with it (the stage is gone, so is what only it used)', () => {
    const h = withQa().write('stages/qa/NOTES.md', 'qa runs nightly\n');
    expect(RepoHarness.changed(h.plan(deleteQa))).toContain('delete stages/qa/NOTES.md');
  });

  it('leaves a valid repository that a full render keeps; re-planning is empty with a warning', () => {
    const h = withQa();
    h.apply(deleteQa);
    expect(h.validate()).toEqual([]);
    expect(renderChanges(h.model(), h.tree)).toEqual([]);
    expect(h.tree.list('stages/qa')).toEqual([]);
    const again = h.plan(deleteQa);
    expect(again.changes).toEqual([]);
    expect(again.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([['AlreadyAbsent', 'warning', 'name']]);
  });

  it('takes the stage out of the tenants onboarded into it (tenants/<t>/<stage>/ goes; the tenant stays)', () => {
    const h = withQa();
    h.apply({ kind: 'OnboardTenant', name: 'team-a', owner: 'group:default/team-a', stages: ['qa'] });
    const p = h.apply(deleteQa);
    expect(RepoHarness.changed(p)).toEqual(expect.arrayContaining(['delete tenants/team-a/qa/kustomization.yaml']));
    expect(RepoHarness.changed(p).filter((c) => c.includes('tenants/'))).toEqual([
      'delete tenants/team-a/qa/kustomization.yaml',
    ]);
    expect(h.model().tenants.find((t) => t.name === 'team-a')!.stages).toEqual(['staging', 'prod']);
    expect(h.validate()).toEqual([]);
  });

  // Refused while in use: one StageInUse finding per user, all at once, at the user's path; nothing written.
  it.each([
    [
      'an environment in it',
      'prod',
      [
        ['StageInUse', 'envs/prod-eu'],
        ['StageInUse', 'envs/prod-us'],
        ['StageInUse', 'apps/shop/prod'],
      ],
    ],
    [
      'environments, apps bound to it and a stage promoted from it',
      'staging',
      [
        ['StageInUse', 'envs/staging-eu'],
        ['StageInUse', 'apps/shop/staging'],
        ['StageInUse', 'platter.yaml'],
      ],
    ],
  ])('refuses a stage with %s', (_name, stage, findings) => {
    const e = rejectionError(RepoHarness.example(), { kind: 'DeleteStage', name: stage });
    expect(isRequestRejected(e) && e.diagnostics.map((d) => [d.code, d.path])).toEqual(findings);
  });

  it('refuses a stage only an app is bound to (offboard it from the stage first)', () => {
    const h = withQa();
    h.apply({ kind: 'OnboardTenant', name: 'team-a', owner: 'group:default/team-a', stages: ['qa'] });
    h.apply({
      kind: 'OnboardApp',
      name: 'cart',
      tenant: 'team-a',
      source: { type: 'image', image: 'ghcr.io/example-org/cart', port: 8080 },
      targets: [{ stage: 'qa' }],
      version: '1.0.0',
    });
    expect(rejection(h, deleteQa)).toEqual({ code: 'StageInUse', path: 'apps/cart/qa' });
    h.apply({ kind: 'OffboardApp', name: 'cart', targets: [{ stage: 'qa' }] });
    expect(rejection(h, deleteQa)).toEqual({});
  });

  it('refuses a stage a freeze names, ended or not (a freeze is not edited away as a side effect)', () => {
    const h = withQa().editYaml('platter.yaml', (doc) => {
      doc.spec.freezes = [
        { name: 'qa-window', stages: ['qa'], from: '2026-01-01', until: '2026-01-02', reason: 'audit' },
      ];
    });
    const e = rejectionError(h, deleteQa);
    expect(isRequestRejected(e) && e.diagnostics.map((d) => [d.code, d.path, d.message.includes('qa-window')])).toEqual(
      [['StageInUse', 'platter.yaml', true]],
    );
  });

  it('the last stage cannot go (InvalidSettings: no stages)', () => {
    expect(rejection(RepoHarness.empty(), { kind: 'DeleteStage', name: 'prod' })).toEqual({
      code: 'InvalidSettings',
      path: 'platter.yaml',
    });
  });

  describe('a stage other stages are promoted from', () => {
    const chain = () => {
      const h = withQa();
      h.apply({ kind: 'CreateStage', name: 'uat', after: 'qa', promotesFrom: 'qa' });
      h.apply({ kind: 'CreateStage', name: 'dev', position: 1 });
      h.apply({ kind: 'CreateStage', name: 'sandbox', after: 'dev', promotesFrom: 'dev' });
      return h;
    };

    it('is refused without relink: which versions reach a stage is never re-wired silently', () => {
      expect(rejection(chain(), deleteQa)).toEqual({ code: 'StageInUse', path: 'platter.yaml' });
    });

    it.each([
      [
        'in the middle: its successors promote from its own promotesFrom',
        'qa',
        ['- -> dev', 'dev -> sandbox', '- -> staging', 'staging -> uat', 'staging -> prod'],
      ],
      [
        'promoted from nothing: its successors are promoted from nothing',
        'dev',
        ['- -> sandbox', '- -> staging', 'staging -> qa', 'qa -> uat', 'staging -> prod'],
      ],
    ])('with relink, %s', (_name, stage, order) => {
      const h = chain();
      const p = h.apply({ kind: 'DeleteStage', name: stage, relink: true });
      expect(RepoHarness.changed(p).filter((c) => !c.startsWith(`delete stages/${stage}/`))).toEqual([
        'modify platter.yaml',
      ]);
      expect(promotion(h)).toEqual(order);
      expect(h.validate()).toEqual([]);
    });
  });
});
