import { isPlatterError } from '../errors';
import {
  activeFreezesOn,
  checkFreezes,
  freezeStatuses,
  enforceFreezes,
  freezesReached,
  isFreezeActive,
  type Freeze,
} from './freezes';
import { parseFreezes } from './schema';

const freeze = (f: Partial<Freeze>): Freeze => ({
  name: 'f',
  stages: [],
  environments: [],
  from: '2026-12-01',
  reason: 'why',
  overrideBy: [],
  ...f,
});

describe('isFreezeActive', () => {
  it.each([
    ['before a date-only from', { from: '2026-12-01' }, '2026-11-30T23:59:59Z', false],
    ['at the start of from', { from: '2026-12-01' }, '2026-12-01T00:00:00Z', true],
    ['on the last day of a date-only until (inclusive)', { until: '2026-12-03' }, '2026-12-03T23:00:00Z', true],
    ['the day after until', { until: '2026-12-03' }, '2026-12-04T00:00:00Z', false],
    ['stop the line: no until', {}, '2099-01-01T00:00:00Z', true],
    ['date-times with zones', { from: '2026-12-01T18:00:00+01:00' }, '2026-12-01T16:59:00Z', false],
    [
      'malformed (a date-time without a zone): fails closed',
      { from: '2026-12-01T18:00:00' },
      '2026-11-02T00:00:00Z',
      true,
    ],
  ])('%s', (_n, f, now, active) => expect(isFreezeActive(freeze(f), new Date(now))).toBe(active));
});

describe('checkFreezes', () => {
  const known = { stages: ['staging', 'prod'], environments: ['prod-eu'] };
  it.each([
    ['valid', { stages: ['prod'] }, []],
    ['unknown stage', { stages: ['prdo'] }, ['UnknownStage']],
    ['unknown env', { environments: ['prod-us'] }, ['UnknownEnvironment']],
    ['names nothing', {}, ['InvalidSettings']],
    ['ends before it starts', { stages: ['prod'], until: '2026-11-01' }, ['InvalidSettings']],
    ['malformed date', { stages: ['prod'], from: 'next tuesday' }, ['InvalidSettings']],
  ])('%s', (_n, f, codes) => expect(checkFreezes([freeze(f)], known).map((d) => d.code)).toEqual(codes));
});

describe('freezesReached + enforceFreezes', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const stageOf = (e: string) => [e.startsWith('prod') ? 'prod' : 'staging'];
  const platform = { kind: 'platform' as const, groups: ['group:default/sre'] };
  const f = freeze({ stages: ['prod'], overrideBy: ['group:default/SRE'], reason: 'Black Friday' });

  it.each([
    ['an env of a frozen stage', { stages: [], environments: ['prod-eu'] }, 'refused'],
    ['the frozen stage itself', { stages: ['prod'], environments: [] }, 'refused'],
    ['another stage', { stages: ['staging'], environments: ['staging-eu'] }, 'free'],
  ])('%s', (_n, affected, outcome) => {
    const hits = freezesReached([f], affected, stageOf, { kind: 'platform' }, now);
    if (outcome === 'free') return expect(enforceFreezes(hits)).toBeUndefined();
    let error: unknown;
    try {
      enforceFreezes(hits);
    } catch (e) {
      error = e;
    }
    expect(isPlatterError(error, 'Frozen')).toBe(true);
    expect((error as Error).message).toContain('Black Friday');
  });

  it('a member of an overrideBy group gets an override (refs compare case-insensitively)', () => {
    const hits = freezesReached([f], { stages: [], environments: ['prod-eu'] }, stageOf, platform, now);
    expect(enforceFreezes(hits)).toEqual([
      { name: 'f', reason: 'Black Friday', environments: ['prod-eu'], stages: [] },
    ]);
  });

  it('an inactive freeze reaches nothing', () => {
    const later = freeze({ stages: ['prod'], from: '2027-01-01' });
    expect(freezesReached([later], { stages: ['prod'], environments: [] }, stageOf, platform, now)).toEqual([]);
  });

  it('activeFreezesOn: the env’s own and its stage’s', () => {
    const own = freeze({ name: 'own', environments: ['prod-eu'] });
    const other = freeze({ name: 'other', environments: ['staging-eu'] });
    expect(activeFreezesOn([f, own, other], 'prod-eu', 'prod', now).map((x) => x.name)).toEqual(['f', 'own']);
  });
});

describe('parseFreezes', () => {
  it('reads YAML timestamps as dates, names unnamed freezes by position', () => {
    const { freezes, diagnostics } = parseFreezes({
      spec: { freezes: [{ stages: ['prod'], from: new Date('2026-12-01T00:00:00Z'), reason: 'r' }] },
    });
    expect(diagnostics).toEqual([]);
    expect(freezes).toEqual([
      { name: 'freeze-1', stages: ['prod'], environments: [], from: '2026-12-01', reason: 'r', overrideBy: [] },
    ]);
  });
  it('a malformed freeze is InvalidSettings at its path', () => {
    const { freezes, diagnostics } = parseFreezes({ spec: { freezes: [{ stages: ['prod'] }] } });
    expect(freezes).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ code: 'InvalidSettings', path: 'platter.yaml#spec.freezes#0.from' });
  });
  it('no freezes: none', () => expect(parseFreezes({ spec: {} })).toEqual({ freezes: [], diagnostics: [] }));
});

describe('freezeStatuses', () => {
  it('says which freezes are active and which envs each holds', () => {
    const envs = [
      { name: 'prod-us', stage: 'prod' },
      { name: 'prod-eu', stage: 'prod' },
      { name: 'staging-eu', stage: 'staging' },
    ];
    const now = new Date('2026-12-02T00:00:00Z');
    const out = freezeStatuses(
      [
        freeze({ name: 'a', stages: ['prod'] }),
        freeze({ name: 'b', environments: ['staging-eu'], from: '2027-01-01' }),
      ],
      envs,
      now,
    );
    expect(out.map((f) => [f.name, f.active, f.reaches])).toEqual([
      ['a', true, ['prod-eu', 'prod-us']],
      ['b', false, ['staging-eu']],
    ]);
  });
});
