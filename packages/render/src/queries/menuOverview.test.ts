import type { Environment, Fleet } from '@platter/model';
import { RepoHarness } from '../testing';
import { fleetOverview, menuOverview, versionEnvironments, type MenuFilter } from './menuOverview';

// The example: staging (staging-eu) runs ingress-nginx 1.1.0 [nodeport]; prod (prod-eu, prod-us)
// runs 1.0.0 [metrics], prod-us disables metrics; app shop needs ingress-nginx in both stages;
// billing runs in staging-eu alone and needs nothing; cert-manager and external-dns 1.0.0 everywhere;
// monitoring-agent 1.0.0 (plain manifests) in staging with [control-plane].
let example: Fleet;
beforeAll(() => {
  example = RepoHarness.example().model();
});

/** The example with `n` more prod envs (copies of prod-eu named prod-xNNNN). */
const withProdEnvs = (f: Fleet, n: number): Fleet => {
  const eu = f.environments.find((e) => e.name === 'prod-eu')!;
  const more: Environment[] = Array.from({ length: n }, (_, i) => ({
    ...eu,
    name: `prod-x${String(i).padStart(4, '0')}`,
  }));
  return { ...f, environments: [...f.environments, ...more] };
};

const counts = (f: Fleet, filter: MenuFilter = {}) =>
  menuOverview(f, filter).rows.map((r) => [
    `${r.service}@${r.version}`,
    r.stages.map((s) => `${s.stage}:${s.environments}/${s.overridden}/${s.apps}`).join(' '),
    r.apps,
  ]);

describe('menuOverview', () => {
  it('counts envs, overriding envs and apps per stage, version by version', () => {
    expect(counts(example)).toEqual([
      ['cert-manager@1.0.0', 'staging:1/0/0 prod:2/0/0', 0],
      ['external-dns@1.0.0', 'staging:1/0/0 prod:2/0/0', 0],
      ['ingress-nginx@1.0.0', 'prod:2/1/1', 1],
      ['ingress-nginx@1.1.0', 'staging:1/0/1', 1],
      ['monitoring-agent@1.0.0', 'staging:1/0/0', 0],
    ]);
    const row = menuOverview(example).rows.find((r) => r.version === '1.0.0' && r.service === 'ingress-nginx')!;
    expect(row.addons).toEqual(['nodeport', 'metrics', 'internal-lb']);
    expect(row.stages[0]!.addons).toEqual(['metrics']);
    expect(menuOverview(example, { stage: 'prod' }).stages).toEqual(['staging', 'prod']);
    expect(menuOverview(example).totals).toEqual({ services: 4, versions: 5, stages: 2, environments: 3, apps: 2 });
    // Where the objects come from: a chart, or plain manifests (no chart).
    const sources = menuOverview(example).rows.map((r) => [r.service, r.source, r.chart?.name]);
    expect(sources).toContainEqual(['ingress-nginx', 'helm', 'ingress-nginx']);
    expect(sources).toContainEqual(['monitoring-agent', 'manifests', undefined]);
  });

  it.each<[string, MenuFilter, (string | number)[][]]>([
    ['a version by text', { text: 'ingress-nginx@1.0' }, [['ingress-nginx@1.0.0', 'prod:2/1/1', 1]]],
    [
      'a version exactly',
      { service: 'ingress-nginx', version: '1.1.0' },
      [['ingress-nginx@1.1.0', 'staging:1/0/1', 1]],
    ],
    [
      'a stage',
      { stage: 'staging' },
      [
        ['cert-manager@1.0.0', 'staging:1/0/0', 0],
        ['external-dns@1.0.0', 'staging:1/0/0', 0],
        ['ingress-nginx@1.1.0', 'staging:1/0/1', 1],
        ['monitoring-agent@1.0.0', 'staging:1/0/0', 0],
      ],
    ],
    [
      'an env',
      { env: 'PROD-US' },
      [
        ['cert-manager@1.0.0', 'prod:1/0/0', 0],
        ['external-dns@1.0.0', 'prod:1/0/0', 0],
        ['ingress-nginx@1.0.0', 'prod:1/1/1', 1],
      ],
    ],
    [
      'an app: the versions of what it needs, where it runs',
      { app: 'shop' },
      [
        ['ingress-nginx@1.0.0', 'prod:2/1/1', 1],
        ['ingress-nginx@1.1.0', 'staging:1/0/1', 1],
      ],
    ],
    ['an app and an env', { app: 'shop', env: 'staging' }, [['ingress-nginx@1.1.0', 'staging:1/0/1', 1]]],
    ['an app needing nothing', { app: 'billing' }, []],
    ['nothing matches', { env: 'nope' }, []],
  ])('narrows to %s', (_name, filter, expected) => expect(counts(example, filter)).toEqual(expected));

  it('keeps versions no stage runs, unless the filter asks where things run', () => {
    const f: Fleet = {
      ...example,
      services: example.services.map((s) =>
        s.name !== 'cert-manager' ? s : { ...s, versions: [...s.versions, { ...s.versions[0]!, version: '1.1.0' }] },
      ),
    };
    expect(counts(f, { service: 'cert-manager' })).toEqual([
      ['cert-manager@1.0.0', 'staging:1/0/0 prod:2/0/0', 0],
      ['cert-manager@1.1.0', '', 0],
    ]);
    expect(counts(f, { service: 'cert-manager', stage: 'prod' })).toEqual([['cert-manager@1.0.0', 'prod:2/0/0', 0]]);
  });

  it('answers in the same shape at 1,000 envs: counts grow, the answer does not', () => {
    const small = menuOverview(example);
    const large = menuOverview(withProdEnvs(example, 1000));
    expect(large.rows.map((r) => [r.service, r.version, r.stages.map((s) => s.stage)])).toEqual(
      small.rows.map((r) => [r.service, r.version, r.stages.map((s) => s.stage)]),
    );
    expect(
      large.rows.find((r) => r.service === 'ingress-nginx' && r.version === '1.0.0')!.stages[0]!.environments,
    ).toBe(1002);
    expect(JSON.stringify(large).length).toBeLessThan(JSON.stringify(small).length + 100);
  });
});

describe('versionEnvironments', () => {
  it('lists the envs of a version with the addons each runs and its overrides', () => {
    expect(versionEnvironments(example, { service: 'ingress-nginx', version: '1.0.0' })).toEqual({
      service: 'ingress-nginx',
      version: '1.0.0',
      total: 2,
      offset: 0,
      limit: 50,
      items: [
        { env: 'prod-eu', stage: 'prod', addons: ['metrics'], overrides: [] },
        {
          env: 'prod-us',
          stage: 'prod',
          addons: [],
          overrides: [{ service: 'ingress-nginx', addon: 'metrics', action: 'disable' }],
        },
      ],
    });
  });

  it('pages through 1,000 envs in stage order, then by name', () => {
    const f = withProdEnvs(example, 1000);
    const first = versionEnvironments(f, { service: 'cert-manager', version: '1.0.0', limit: 10 });
    expect(first.total).toBe(1003);
    expect(first.items.map((i) => i.env)).toEqual([
      'staging-eu',
      'prod-eu',
      'prod-us',
      ...Array.from({ length: 7 }, (_, i) => `prod-x000${i}`),
    ]);
    const last = versionEnvironments(f, { service: 'cert-manager', version: '1.0.0', offset: 1000, limit: 10 });
    expect(last.items.map((i) => i.env)).toEqual(['prod-x0997', 'prod-x0998', 'prod-x0999']);
    expect(versionEnvironments(f, { service: 'cert-manager', version: '1.0.0', limit: 1_000_000 }).items).toHaveLength(
      500,
    );
  });

  it.each<[string, Partial<Parameters<typeof versionEnvironments>[1]>, string[]]>([
    ['a stage', { stage: 'staging' }, ['staging-eu']],
    ['an env', { env: '-us' }, ['prod-us']],
    ['an app (of a version it needs)', { service: 'ingress-nginx', app: 'sho' }, ['prod-eu', 'prod-us']],
    ['an app not needing the component', { app: 'shop' }, []],
    ['an unknown version', { version: '9.9.9' }, []],
  ])('narrows to %s', (_name, q, envs) =>
    expect(
      versionEnvironments(example, { service: 'cert-manager', version: '1.0.0', ...q }).items.map((i) => i.env),
    ).toEqual(envs),
  );
});

describe('fleetOverview', () => {
  it('gives the version each stage runs of each component and how many envs differ', () => {
    const o = fleetOverview(example);
    expect(o.stages).toEqual([
      { name: 'staging', environments: 1 },
      { name: 'prod', promotesFrom: 'staging', environments: 2 },
    ]);
    expect(
      o.components.map((c) => [
        c.service,
        c.cells.map((x) => `${x.stage}=${x.version ?? '-'}${x.differing ? ` (${x.differing} differ)` : ''}`),
      ]),
    ).toEqual([
      ['cert-manager', ['staging=1.0.0', 'prod=1.0.0']],
      ['external-dns', ['staging=1.0.0', 'prod=1.0.0']],
      ['ingress-nginx', ['staging=1.1.0', 'prod=1.0.0 (1 differ)']],
      ['monitoring-agent', ['staging=1.0.0', 'prod=-']],
    ]);
  });

  it('marks a stage that does not run a component', () => {
    const f: Fleet = {
      ...example,
      stages: example.stages.map((s) =>
        s.name !== 'staging' ? s : { ...s, components: s.components.filter((c) => c.service !== 'external-dns') },
      ),
    };
    expect(fleetOverview(f).components.find((c) => c.service === 'external-dns')!.cells[0]).toEqual({
      stage: 'staging',
      addons: [],
      differing: 0,
    });
  });
});
