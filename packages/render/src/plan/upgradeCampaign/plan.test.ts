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
});
