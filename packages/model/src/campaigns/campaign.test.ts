import { isPlatterError } from '../errors';
import { parsePromotionPolicies } from '../promotion/schema';
import {
  campaignProgress,
  checkWaveSpecs,
  parseCampaignSettings,
  requireWaveOpen,
  waveName,
  type LandedWave,
} from './campaign';

/** platter.yaml's document with these stages and campaigns. */
const settings = (stages: unknown[], campaigns?: unknown) => ({
  spec: { stages, ...(campaigns ? { campaigns } : {}) },
});
const STAGING = { name: 'staging' };
const prod = (promotion?: unknown) => ({ name: 'prod', promotesFrom: 'staging', ...(promotion ? { promotion } : {}) });

describe('parseCampaignSettings: the soak is stages[].promotion.soak (the key platter ci promote reads)', () => {
  it.each([
    ['per stage', settings([STAGING, prod({ soak: '2d' })]), { staging: 0, prod: 172_800_000 }, []],
    [
      'the deprecated campaigns.soak, for stages without one, with a warning',
      settings([STAGING, prod()], { soak: '24h' }),
      { staging: 86_400_000, prod: 86_400_000 },
      [['DeprecatedSetting', 'warning']],
    ],
    [
      'a stage soak wins over the deprecated one',
      settings([STAGING, prod({ soak: '1w' })], { soak: '24h' }),
      { staging: 86_400_000, prod: 604_800_000 },
      [['DeprecatedSetting', 'warning']],
    ],
    [
      'a malformed campaigns.soak',
      settings([STAGING, prod()], { soak: 'a day' }),
      { staging: 0, prod: 0 },
      [['InvalidSettings', 'error']],
    ],
    [
      'malformed waves',
      settings([STAGING], { waves: [{ stage: 'staging', envs: [] }] }),
      { staging: 0 },
      [['InvalidSettings', 'error']],
    ],
  ])('%s', (_n, doc, soakMs, findings) => {
    const s = parseCampaignSettings(doc);
    expect(s.soakMs).toEqual(soakMs);
    expect(s.diagnostics.map((d) => [d.code, d.severity])).toEqual(findings);
  });

  it('one key, two readers: campaigns and platter ci promote (parsePromotionPolicies) read the same soak', () => {
    const doc = settings([STAGING, prod({ soak: '36h', auto: ['apps'] })]);
    expect(parseCampaignSettings(doc).soakMs.prod).toBe(parsePromotionPolicies(doc).policies[0]!.soakMs);
    expect(parseCampaignSettings(doc).soakMs.prod).toBe(129_600_000);
    // The deprecated campaigns-only key stays campaigns-only: ci promote never read it.
    expect(parsePromotionPolicies(settings([STAGING, prod()], { soak: '24h' })).policies).toEqual([]);
  });

  it('reads the waves', () => {
    const waves = [{ stage: 'staging' }, { stage: 'prod', envs: ['prod-eu'] }, { stage: 'prod' }];
    expect(parseCampaignSettings(settings([STAGING, prod()], { waves })).waves).toEqual(waves);
  });
});

describe('campaignProgress: the one soak rule', () => {
  const waves = (landedAt?: string): LandedWave[] => [
    { name: 'staging', stage: 'staging', landed: true, ...(landedAt ? { landedAt } : {}) },
    { name: 'prod-eu', stage: 'prod', envs: ['prod-eu'], pending: ['prod-eu'], landed: false },
    { name: 'prod', stage: 'prod', landed: false },
  ];
  const SOAK = { staging: 0, prod: 86_400_000 };

  it.each([
    ['inside the soak of the next wave’s stage', '2026-11-27T10:00:00Z', '2026-11-27T20:00:00Z', false],
    ['once soaked', '2026-11-27T10:00:00Z', '2026-11-28T10:00:00Z', true],
    ['a landing Git does not date counts as long landed', undefined, '2026-11-27T20:00:00Z', true],
  ])('%s', (_n, landedAt, now, ready) => {
    const p = campaignProgress(waves(landedAt), SOAK, new Date(now));
    expect(p.next).toMatchObject({ wave: 'prod-eu', stage: 'prod', ready, soakMs: 86_400_000 });
    expect(p.done).toBe(false);
    const refusal = (() => {
      try {
        requireWaveOpen(p);
        return undefined;
      } catch (e) {
        return isPlatterError(e) ? e.code : e;
      }
    })();
    expect(refusal).toBe(ready ? undefined : 'Soaking');
  });

  it('the first wave opens at once; all landed is done', () => {
    expect(campaignProgress(waves().slice(1), SOAK, new Date()).next).toMatchObject({ wave: 'prod-eu', ready: true });
    expect(campaignProgress([waves()[0]!], SOAK, new Date())).toMatchObject({ done: true });
  });

  it('a wave named other than the next is not the soak’s to refuse (the planner orders waves)', () => {
    const p = campaignProgress(waves('2026-11-27T10:00:00Z'), SOAK, new Date('2026-11-27T11:00:00Z'));
    expect(() => requireWaveOpen(p, 'prod')).not.toThrow();
    expect(() => requireWaveOpen(p, 'prod-eu')).toThrow(expect.objectContaining({ code: 'Soaking' }));
  });
});

describe('wave names: what requests name a wave by, and the end of its branch name', () => {
  it.each([
    ['a stage wave', { stage: 'prod' }, 'prod'],
    ['a canary of one env', { stage: 'prod', envs: ['prod-eu'] }, 'prod-eu'],
    ['a canary of several', { stage: 'prod', envs: ['prod-eu', 'prod-us'] }, 'prod-canary'],
    ['a named wave', { stage: 'prod', envs: ['prod-eu', 'prod-us'], name: 'first' }, 'first'],
  ])('%s', (_n, spec, name) => expect(waveName(spec)).toBe(name));

  it('a name that cannot be a request field or a branch is InvalidName', () => {
    const fleet = { stages: [{ name: 'prod' }], environments: [{ name: 'prod-eu', stage: 'prod' }] } as never;
    expect(
      checkWaveSpecs(fleet, [{ stage: 'prod', envs: ['prod-eu'], name: 'Prod EU!' }], 'w').map((d) => [d.code, d.path]),
    ).toEqual([['InvalidName', 'w.0']]);
  });
});
