import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { fireEvent, screen, within } from '@testing-library/react';
import { lifecycleOfEnvironment, lifecycleSummary } from '@platter/model';
import type { LifecycleAnswer } from './useLifecycle';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { EnvironmentLifecycleBadges, outdatedLabel } from './EnvironmentLifecycleBadges';
import { OutdatedView } from './OutdatedView';
import { MatrixView } from './MatrixView';
import { CampaignView } from './CampaignView';

// The backend's answer is the boundary here (GET /lifecycle is tested against the real router in
// platter-backend's lifecycleRoutes.test.ts): a fetch stand-in serves it.
const ANSWER: LifecycleAnswer = {
  commit: 'c0ffee',
  at: '2026-11-28T09:00:00.000Z',
  freezes: [
    {
      name: 'black-friday',
      stages: ['prod'],
      environments: [],
      from: '2026-11-27',
      until: '2026-11-30',
      reason: 'Black Friday traffic',
      overrideBy: ['group:default/sre'],
      active: true,
      reaches: ['prod-eu', 'prod-us'],
    },
    {
      name: 'year-end',
      stages: [],
      environments: ['staging-eu'],
      from: '2026-12-20',
      reason: 'Year end',
      overrideBy: [],
      active: false,
      reaches: ['staging-eu'],
    },
  ],
  outdated: {
    stages: [
      { stage: 'staging', items: [] },
      {
        stage: 'prod',
        items: [
          { reason: 'behind', subject: 'ingress-nginx', version: '1.0.0', newer: '1.1.0' },
          { reason: 'deprecated', subject: 'ingress-nginx', version: '1.0.0', sunset: '2026-12-08', daysLeft: 10 },
        ],
      },
    ],
    environments: [
      { env: 'prod-eu', stage: 'prod', items: [] },
      { env: 'staging-eu', stage: 'staging', items: [] },
    ],
  },
};
// prod-eu's items are its stage's.
(ANSWER.outdated.environments[0] as { items: unknown }).items = ANSWER.outdated.stages[1]!.items;

const apis = [
  [discoveryApiRef, { getBaseUrl: async () => 'http://platter.test/api/platter' }],
  [
    fetchApiRef,
    {
      fetch: async (url: string) => {
        const u = new URL(url);
        const env = u.searchParams.get('env');
        if (u.pathname === '/api/platter/lifecycle/stages')
          return { ok: true, status: 200, json: async () => ({ commit: ANSWER.commit, ...lifecycleSummary(ANSWER) }) };
        if (u.pathname !== '/api/platter/lifecycle')
          return { ok: false, status: 404, statusText: 'Not Found', text: async () => 'not found', headers: new Map() };
        // As the backend answers `?env=`: that env's part only (its stage is its name's first word here).
        const body = env
          ? { commit: ANSWER.commit, ...lifecycleOfEnvironment(ANSWER, { name: env, stage: env.split('-')[0]! }) }
          : ANSWER;
        return { ok: true, status: 200, json: async () => body };
      },
    },
  ],
] as const;

describe('EnvironmentLifecycleBadges', () => {
  it('shows the active freeze and what the env runs that is outdated', async () => {
    await renderInPlatterTestApp(<EnvironmentLifecycleBadges env="prod-eu" />, { apis });
    const badges = within(await screen.findByTestId('platter-lifecycle-badges'));
    expect(badges.getByText('Frozen: Black Friday traffic (until 2026-11-30)')).toBeInTheDocument();
    expect(badges.getByText('ingress-nginx 1.0.0 → 1.1.0')).toBeInTheDocument();
    expect(badges.getByText('ingress-nginx 1.0.0 deprecated, 10 days to sunset')).toBeInTheDocument();
  });

  it('shows nothing for an env with no active freeze and nothing outdated', async () => {
    await renderInPlatterTestApp(
      <>
        <EnvironmentLifecycleBadges env="staging-eu" />
        <span>card</span>
      </>,
      { apis },
    );
    expect(await screen.findByText('card')).toBeInTheDocument();
    expect(screen.queryByTestId('platter-lifecycle-badges')).toBeNull();
  });
});

describe('OutdatedView', () => {
  it('lists the freezes with their state and the outdated findings per stage', async () => {
    await renderInPlatterTestApp(<OutdatedView />, { apis });
    const freezes = within(await screen.findByRole('table', { name: 'Change freezes' }));
    expect(within(freezes.getByText('black-friday').closest('tr')!).getByText('active')).toBeInTheDocument();
    expect(
      within(freezes.getByText('year-end').closest('tr')!).getByText('2026-12-20 → until lifted'),
    ).toBeInTheDocument();
    const outdated = within(screen.getByRole('table', { name: 'Outdated by stage' }));
    expect(within(outdated.getByText('staging').closest('tr')!).getByText('up to date')).toBeInTheDocument();
    expect(
      within(outdated.getByText('prod').closest('tr')!).getByText('ingress-nginx 1.0.0 → 1.1.0'),
    ).toBeInTheDocument();
  });
});

describe('MatrixView', () => {
  const MATRIX = {
    commit: 'c0ffee',
    stages: ['staging', 'prod'],
    cells: [
      {
        service: 'ingress-nginx',
        version: '1.0.0',
        stage: 'staging',
        used: false,
        status: 'ok',
        combinations: 6,
        failing: 0,
        reasons: [],
      },
      {
        service: 'ingress-nginx',
        version: '1.0.0',
        stage: 'prod',
        used: true,
        status: 'ok',
        combinations: 7,
        failing: 0,
        reasons: [],
      },
      {
        service: 'ingress-nginx',
        version: '1.1.0',
        stage: 'staging',
        used: true,
        status: 'fails',
        combinations: 6,
        failing: 2,
        reasons: ['[metrics] MissingPatchTarget: a patch targets HelmRelease nope'],
      },
      {
        service: 'ingress-nginx',
        version: '1.1.0',
        stage: 'prod',
        used: false,
        status: 'ok',
        combinations: 6,
        failing: 0,
        reasons: [],
      },
    ],
  };
  const matrixApis = [
    apis[0],
    [fetchApiRef, { fetch: async () => ({ ok: true, status: 200, json: async () => MATRIX }) }],
  ] as const;

  it('a cell per version × stage: green when used, red with the reason, grey when not used', async () => {
    await renderInPlatterTestApp(<MatrixView />, { apis: matrixApis });
    const table = within(await screen.findByRole('table', { name: 'Compatibility of ingress-nginx' }));
    const row = (v: string) => within(table.getByText(v).closest('tr')!);
    expect(row('1.0.0').getByText('not used (builds)')).toBeInTheDocument();
    expect(row('1.0.0').getByText('ok (runs today)')).toBeInTheDocument();
    expect(row('1.1.0').getByText('fails 2/6 (runs today)')).toBeInTheDocument();
    expect(row('1.1.0').getByText(/MissingPatchTarget/)).toBeInTheDocument();
  });
});

describe('CampaignView', () => {
  const CAMPAIGN = {
    commit: 'c0ffee',
    service: 'ingress-nginx',
    version: '1.1.0',
    soakMs: { staging: 0, prod: 86_400_000 },
    waves: [
      { name: 'staging', stage: 'staging', current: '1.1.0', landed: true, landedAt: '2026-11-27T10:00:00.000Z' },
      { name: 'prod-eu', stage: 'prod', envs: ['prod-eu'], current: '1.0.0', pending: ['prod-eu'], landed: false },
      { name: 'prod', stage: 'prod', current: '1.0.0', landed: false },
    ],
    next: { wave: 'prod-eu', stage: 'prod', ready: false, readyAt: '2026-11-28T10:00:00.000Z', soakMs: 86_400_000 },
    done: false,
    history: true,
  };
  const asked: string[] = [];
  const campaignApis = [
    apis[0],
    [
      fetchApiRef,
      {
        fetch: async (url: string) => {
          asked.push(url);
          return { ok: true, status: 200, json: async () => CAMPAIGN };
        },
      },
    ],
  ] as const;

  it('asks for the campaign named in the fields and shows its waves', async () => {
    await renderInPlatterTestApp(<CampaignView />, { apis: campaignApis });
    fireEvent.change(screen.getByLabelText('Runtime component'), { target: { value: 'ingress-nginx' } });
    fireEvent.change(screen.getByLabelText('Target version'), { target: { value: '1.1.0' } });
    const table = within(await screen.findByRole('table', { name: 'Campaign ingress-nginx 1.1.0' }));
    const row = (name: string) => within(table.getAllByText(name)[0]!.closest('tr')!);
    expect(row('staging').getByText('landed 2026-11-27 10:00')).toBeInTheDocument();
    expect(row('prod-eu').getByText('prod: canary prod-eu')).toBeInTheDocument();
    expect(row('prod-eu').getByText('next: soaking until 2026-11-28 10:00')).toBeInTheDocument();
    expect(within(table.getAllByRole('row')[3]!).getByText('waiting (runs 1.0.0)')).toBeInTheDocument();
    expect(screen.getByText(/It opens 1d after the wave before it landed/)).toBeInTheDocument();
    expect(asked.at(-1)).toBe('http://platter.test/api/platter/campaign?service=ingress-nginx&version=1.1.0');
  });
});

describe('outdatedLabel', () => {
  it.each([
    [{ reason: 'behind', subject: 'ingress-nginx', version: '1.0.0', newer: '1.1.0' }, 'ingress-nginx 1.0.0 → 1.1.0'],
    // An env a campaign's canary pinned (issue 19 §3): the env's version, then its stage's.
    [
      { reason: 'pinned', subject: 'cert-manager', version: '1.1.0', newer: '1.0.0' },
      'cert-manager pinned 1.1.0 (stage: 1.0.0)',
    ],
  ] as const)('%o', (item, label) => expect(outdatedLabel(item)).toBe(label));
});
