import { RepoHarness, rejection } from '../../testing';

/**
 * UpgradeCampaign, one wave at a time, from the tree alone. The example runs
 * ingress-nginx 1.1.0 in staging and 1.0.0 in prod; cert-manager 1.0.0 in both.
 * A cert-manager 1.1.0 release makes a two-wave campaign.
 */
const withCertManager11 = () => {
  const h = RepoHarness.example();
  h.apply({ kind: 'ReleaseComponentVersion', service: 'cert-manager', version: '1.1.0', from: '1.0.0' });
  return h;
};
const campaign = (extra: Record<string, unknown> = {}) => ({
  kind: 'UpgradeCampaign',
  service: 'cert-manager',
  version: '1.1.0',
  ...extra,
});

describe('planUpgradeCampaign', () => {
  it('waves follow promotion order: staging, then prod once staging has landed, then nothing', () => {
    const h = withCertManager11();
    expect(RepoHarness.changed(h.apply(campaign()))).toEqual(['modify stages/staging/runtime/cert-manager.yaml']);
    expect(RepoHarness.changed(h.apply(campaign()))).toEqual(['modify stages/prod/runtime/cert-manager.yaml']);
    expect(h.plan(campaign()).changes).toEqual([]);
  });

  it('a named wave is the same change as the next one', () => {
    const h = withCertManager11();
    expect(h.plan(campaign({ wave: 'staging' })).diff).toBe(h.plan(campaign()).diff);
  });

  it.each([
    ['a wave before an earlier one landed', { wave: 'prod' }, 'WaveOutOfOrder', 'wave'],
    ['a wave that is not one of the waves', { waves: ['staging'], wave: 'prod' }, 'InvalidRequest', 'wave'],
    ['a wave that is no stage', { waves: ['staging', 'qa'] }, 'UnknownStage', 'waves.1'],
    ['a stage twice', { waves: ['staging', 'staging'] }, 'InvalidRequest', 'waves.1'],
    ['an unknown service', { service: 'nope' }, 'UnknownRuntimeService', 'service'],
  ])('%s: %s', (_n, extra, code, path) => {
    expect(rejection(withCertManager11(), campaign(extra))).toEqual({ code, path });
  });

  it('custom wave order: prod first when asked', () => {
    const h = withCertManager11();
    expect(RepoHarness.changed(h.plan(campaign({ waves: ['prod', 'staging'] })))).toEqual([
      'modify stages/prod/runtime/cert-manager.yaml',
    ]);
  });

  describe('canary waves', () => {
    const CANARY = [{ stage: 'staging' }, { stage: 'prod', envs: ['prod-eu'] }, { stage: 'prod' }];

    it.each([
      ['from the request', (h: RepoHarness) => h, { waves: CANARY }],
      [
        "from platter.yaml's spec.campaigns.waves",
        (h: RepoHarness) =>
          h.editYaml('platter.yaml', (doc) => Object.assign(doc.spec, { campaigns: { waves: CANARY } })),
        {},
      ],
    ])(
      '%s: staging, the canary env pinned, then prod moves and the pin goes in the same commit',
      (_n, setup, extra) => {
        const h = setup(withCertManager11());
        expect(RepoHarness.changed(h.apply(campaign(extra)))).toEqual([
          'modify stages/staging/runtime/cert-manager.yaml',
        ]);
        expect(RepoHarness.changed(h.apply(campaign(extra)))).toEqual(['modify envs/prod-eu/kustomization.yaml']);
        expect(h.model().environments.find((e) => e.name === 'prod-eu')!.versionOverrides).toEqual([
          { service: 'cert-manager', version: '1.1.0' },
        ]);
        expect(h.errors()).toEqual([]);
        // The canary has landed: the stage wave is next; naming a wave before it is fine, after it is out of order.
        expect(RepoHarness.changed(h.apply(campaign({ ...extra, wave: 'prod' })))).toEqual([
          'modify envs/prod-eu/kustomization.yaml',
          'modify stages/prod/runtime/cert-manager.yaml',
        ]);
        expect(h.model().environments.find((e) => e.name === 'prod-eu')!.versionOverrides).toBeUndefined();
        expect(h.read('envs/prod-eu/kustomization.yaml')).not.toContain('/spec/path');
        expect(h.errors()).toEqual([]);
        expect(h.plan(campaign(extra)).changes).toEqual([]);
      },
    );

    it("platter.yaml's waves skip stages that do not run the service", () => {
      const h = withCertManager11().editYaml('platter.yaml', (doc) =>
        Object.assign(doc.spec, { campaigns: { waves: CANARY } }),
      );
      // monitoring-agent runs in staging only: its campaign is one wave.
      h.apply({ kind: 'ReleaseComponentVersion', service: 'monitoring-agent', version: '1.1.0', from: '1.0.0' });
      const req = { kind: 'UpgradeCampaign', service: 'monitoring-agent', version: '1.1.0' };
      expect(RepoHarness.changed(h.apply(req))).toEqual(['modify stages/staging/runtime/monitoring-agent.yaml']);
      expect(h.plan(req).changes).toEqual([]);
    });

    it.each([
      ['the stage wave before its canary', { waves: CANARY, wave: 'prod' }, 'WaveOutOfOrder', 'wave'],
      [
        'a canary env of another stage',
        { waves: [{ stage: 'prod', envs: ['staging-eu'] }] },
        'InvalidRequest',
        'waves.0',
      ],
      ['an unknown canary env', { waves: [{ stage: 'prod', envs: ['prod-ap'] }] }, 'UnknownEnvironment', 'waves.0'],
      [
        'a wave name twice',
        { waves: [{ stage: 'prod', envs: ['prod-eu'], name: 'prod' }, { stage: 'prod' }] },
        'InvalidRequest',
        'waves.1',
      ],
    ])('%s', (_n, extra, code, path) => {
      const h = withCertManager11();
      h.apply(campaign());
      expect(rejection(h, campaign(extra))).toEqual({ code, path });
    });

    it('a canary whose env lacks an addon in the version is refused (AddonIncompatible)', () => {
      const h = RepoHarness.example();
      h.apply({
        kind: 'ReleaseComponentVersion',
        service: 'ingress-nginx',
        version: '1.2.0',
        from: '1.1.0',
        removeAddons: ['metrics'],
      });
      expect(
        rejection(h, {
          kind: 'UpgradeCampaign',
          service: 'ingress-nginx',
          version: '1.2.0',
          waves: [{ stage: 'prod', envs: ['prod-eu'] }],
        }),
      ).toEqual({ code: 'AddonIncompatible', path: 'envs/prod-eu/kustomization.yaml' });
    });

    it("validate: platter.yaml's waves name stages and envs that exist", () => {
      const h = RepoHarness.example().editYaml('platter.yaml', (doc) =>
        Object.assign(doc.spec, { campaigns: { waves: [{ stage: 'prod', envs: ['prod-ap'] }, { stage: 'qa' }] } }),
      );
      expect(h.errors()).toEqual([
        ['UnknownEnvironment', 'platter.yaml#spec.campaigns.waves.0'],
        ['UnknownStage', 'platter.yaml#spec.campaigns.waves.1'],
      ]);
    });
  });
});
