import { Profiler } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MenuEnvironmentsQuery, MenuFilterParams, MenuOverviewResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { useFixedNow } from '../../testing/fixtures';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { MenuPage } from './MenuPage';
import { FIRST_PAINT_ROWS, MENU_PAGE_SIZE } from './MenuTable';

type Row = MenuOverviewResponse['rows'][number];
const stable = { status: 'stable' } as const;
const row = (service: string, version: string, stages: Row['stages'], extra: Partial<Row> = {}): Row => ({
  service,
  version,
  lifecycle: stable,
  source: 'helm',
  chart: { name: service, version: '1.0.0' },
  addons: ['metrics', 'ha'],
  stages,
  environments: stages.reduce((n, s) => n + s.environments, 0),
  apps: stages.reduce((n, s) => Math.max(n, s.apps), 0),
  ...extra,
});
const at = (stage: string, environments: number, apps = 0, overridden = 0) => ({
  stage,
  addons: ['metrics'],
  environments,
  overridden,
  apps,
});

/** A menu as platter-backend answers it for a 1,000-env fleet: counts, no env names. */
const FULL: MenuOverviewResponse = {
  commit: 'c0ffee',
  stages: ['staging', 'prod'],
  rows: [
    row('cert-manager', '1.14.0', [at('staging', 400), at('prod', 600)]),
    row('ingress-nginx', '1.0.0', [at('prod', 120, 4, 3)], {
      lifecycle: { status: 'deprecated', sunset: '2026-01-31', message: 'move to 1.2.0' },
    }),
    row('ingress-nginx', '1.1.0', [at('staging', 400, 7), at('prod', 480, 9)]),
    row('ingress-nginx', '1.2.0', []),
  ],
  totals: { services: 2, versions: 4, stages: 2, environments: 1000, apps: 300 },
};

/** The backend's env page for ingress-nginx 1.0.0 in prod: prod-000 .. prod-119. */
const envPage = (q: MenuEnvironmentsQuery) => {
  const all = Array.from({ length: 120 }, (_, i) => `prod-${String(i).padStart(3, '0')}`).filter(
    (e) => !q.env || e.includes(q.env),
  );
  const offset = q.offset ?? 0;
  const limit = q.limit ?? 50;
  return {
    commit: 'c0ffee',
    service: q.service,
    version: q.version,
    total: all.length,
    offset,
    limit,
    items: all.slice(offset, offset + limit).map((env, i) => ({
      env,
      stage: 'prod',
      addons: i % 2 ? ['metrics'] : [],
      overrides: i % 2 ? [] : [{ addon: 'metrics', action: 'disable' as const }],
    })),
  };
};

function platterApi(overview: (f: MenuFilterParams) => MenuOverviewResponse = () => FULL) {
  return {
    menuOverview: jest.fn(async (f: MenuFilterParams = {}) => overview(f)),
    menuEnvironments: jest.fn(async (q: MenuEnvironmentsQuery) => envPage(q)),
    fleetOverview: jest.fn(async () => ({
      commit: 'c0ffee',
      stages: [],
      components: [],
      totals: { environments: 0, apps: 0 },
    })),
  };
}

const rowOf = (service: string, version: string) =>
  within(
    screen
      .getAllByRole('row')
      .find(
        (r) => within(r).queryByRole('link', { name: service }) && within(r).queryByText(version, { exact: true }),
      )!,
  );

describe('MenuPage', () => {
  useFixedNow();

  it('shows each component version with its lifecycle and counts per stage, not env names', async () => {
    const api = platterApi();
    await renderInPlatterTestApp(<MenuPage />, { apis: [[platterApiRef, api]] });

    expect(await screen.findByText('1.2.0')).toBeInTheDocument();
    expect(rowOf('ingress-nginx', '1.0.0').getByText('sunset 2026-01-31 (passed)')).toBeInTheDocument();
    expect(rowOf('ingress-nginx', '1.0.0').getByText('prod · 120 envs · 4 apps · 3 differ')).toBeInTheDocument();
    expect(rowOf('ingress-nginx', '1.1.0').getByText('staging · 400 envs · 7 apps')).toBeInTheDocument();
    expect(rowOf('ingress-nginx', '1.2.0').getByText('unused')).toBeInTheDocument();
    expect(screen.getByText(/2 components, 4 versions; 1,000 envs in 2 stages, 300 apps/)).toBeInTheDocument();
    expect(api.menuOverview).toHaveBeenCalledTimes(1);
    expect(api.menuEnvironments).not.toHaveBeenCalled();
  });

  it('renders the rows in its first commit when the answer is in memory (prefetched): no spinner, tabs and filters after', async () => {
    const api = {
      ...platterApi(),
      // The answer in memory; the page's own request never answers, so the rows can only come from memory.
      menuOverviewInMemory: jest.fn(() => FULL),
      menuOverview: jest.fn(() => new Promise<MenuOverviewResponse>(() => undefined)),
    };
    const commits: { rows: number; spinner: boolean; tabs: number; filters: number }[] = [];
    const onRender = () =>
      commits.push({
        rows: document.querySelectorAll('table tbody tr a[href*="component-"]').length,
        spinner: document.querySelector('[data-testid="progress"]') !== null,
        tabs: document.querySelectorAll('[role="tab"]').length,
        filters: document.querySelectorAll('form[role="search"] input').length,
      });
    await renderInPlatterTestApp(
      <Profiler id="menu" onRender={onRender}>
        <MenuPage />
      </Profiler>,
      { apis: [[platterApiRef, api]] },
    );

    // The first commit is the rows; the tabs and the filter's inputs come after its paint.
    expect(commits[0]).toEqual({ rows: FULL.rows.length, spinner: false, tabs: 0, filters: 0 });
    expect(rowOf('ingress-nginx', '1.1.0').getByText('staging · 400 envs · 7 apps')).toBeInTheDocument();
    expect(await screen.findByRole('tab', { name: 'Versions and usage' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Environment')).toBeInTheDocument();
    // Still asked: the client answers from memory and fetches the next answer for the next visit.
    expect(api.menuOverview).toHaveBeenCalledTimes(1);
  });

  it('shows where each version comes from: a Helm chart or plain manifests', async () => {
    const { chart: _chart, ...manifests } = row('network-policies', '1.0.0', [at('prod', 600)]);
    const api = platterApi(() => ({
      ...FULL,
      rows: [row('ingress-nginx', '1.1.0', [at('staging', 400)]), { ...manifests, source: 'manifests' }],
    }));
    await renderInPlatterTestApp(<MenuPage />, { apis: [[platterApiRef, api]] });

    expect(await screen.findByText('chart ingress-nginx 1.0.0')).toBeInTheDocument();
    expect(rowOf('network-policies', '1.0.0').getByText('manifests')).toBeInTheDocument();
  });

  it('filters on the server: entering an env name sends one request with it, and shows the answer', async () => {
    const api = platterApi((f) =>
      f.env ? { ...FULL, rows: [row('ingress-nginx', '1.0.0', [at('prod', 1, 1)])] } : FULL,
    );
    await renderInPlatterTestApp(<MenuPage />, { apis: [[platterApiRef, api]] });
    await screen.findByText('1.2.0');

    // Pasted, not typed key by key: on a loaded machine keystrokes can fall further apart than the
    // filter's debounce, and each pause is (rightly) a request of its own.
    await userEvent.click(await screen.findByLabelText('Environment'));
    await userEvent.paste('prod-007');
    await waitFor(() => expect(screen.queryByText('1.2.0')).not.toBeInTheDocument());
    expect(rowOf('ingress-nginx', '1.0.0').getByText('prod · 1 env · 1 app')).toBeInTheDocument();
    expect(api.menuOverview.mock.calls.map((c) => c[0])).toEqual([{}, { env: 'prod-007' }]);
  });

  it('expands a version to its envs, a page at a time, narrowed by the env filter', async () => {
    const api = platterApi((f) => (f.env ? { ...FULL, rows: FULL.rows.slice(1, 2) } : FULL));
    await renderInPlatterTestApp(<MenuPage />, { apis: [[platterApiRef, api]] });
    await screen.findByText('1.2.0');

    await userEvent.click(
      within(rowOf('ingress-nginx', '1.0.0').getByText('1.0.0').closest('tr')!).getByRole('button', {
        name: /detail panel/i,
      }),
    );
    const panel = await screen.findByRole('region', { name: 'Environments running ingress-nginx 1.0.0' });
    expect(await within(panel).findByRole('link', { name: 'prod-000' })).toBeInTheDocument();
    expect(within(panel).getAllByText('−metrics', { selector: 'td' })).toHaveLength(5);
    expect(within(panel).getAllByRole('link')).toHaveLength(10);
    expect(api.menuEnvironments).toHaveBeenLastCalledWith({
      service: 'ingress-nginx',
      version: '1.0.0',
      stage: 'prod',
      offset: 0,
      limit: 10,
    });

    await userEvent.click(within(panel).getByRole('button', { name: /next page/i }));
    expect(await within(panel).findByRole('link', { name: 'prod-010' })).toBeInTheDocument();
    expect(api.menuEnvironments).toHaveBeenLastCalledWith(expect.objectContaining({ offset: 10, limit: 10 }));

    // The env filter narrows the menu; the version, still expanded, lists only the matching envs.
    await userEvent.type(await screen.findByLabelText('Environment'), '11');
    await waitFor(() => expect(api.menuOverview).toHaveBeenLastCalledWith({ env: '11' }));
    await waitFor(() => expect(screen.queryByText('1.2.0')).not.toBeInTheDocument());
    const narrowed = await screen.findByRole('region', { name: 'Environments running ingress-nginx 1.0.0' });
    expect(await within(narrowed).findByRole('link', { name: 'prod-011' })).toBeInTheDocument();
    expect(
      within(narrowed)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual([
      'prod-011',
      'prod-110',
      'prod-111',
      'prod-112',
      'prod-113',
      'prod-114',
      'prod-115',
      'prod-116',
      'prod-117',
      'prod-118',
    ]);
    expect(api.menuEnvironments).toHaveBeenLastCalledWith({
      service: 'ingress-nginx',
      version: '1.0.0',
      stage: 'prod',
      env: '11',
      offset: 0,
      limit: 10,
    });
  });

  it(`shows ${MENU_PAGE_SIZE} versions a page, however long the menu`, async () => {
    const many = Array.from({ length: 90 }, (_, i) =>
      row(`svc-${String(Math.floor(i / 3)).padStart(2, '0')}`, `1.${i % 3}.0`, [at('prod', 33)]),
    );
    const api = {
      ...platterApi(() => ({ ...FULL, rows: many })),
      menuOverviewInMemory: () => ({ ...FULL, rows: many }),
    };
    const rowsPerCommit: number[] = [];
    await renderInPlatterTestApp(
      <Profiler id="menu" onRender={() => rowsPerCommit.push(screen.queryAllByText('prod · 33 envs').length)}>
        <MenuPage />
      </Profiler>,
      { apis: [[platterApiRef, api]] },
    );

    // About a screen of rows first, the rest of the page once that is painted.
    expect(rowsPerCommit[0]).toBe(FIRST_PAINT_ROWS);
    await waitFor(() => expect(screen.getAllByText('prod · 33 envs')).toHaveLength(MENU_PAGE_SIZE));
  });

  it('switches to the stages × components view', async () => {
    const api = platterApi();
    await renderInPlatterTestApp(<MenuPage />, { apis: [[platterApiRef, api]] });
    await userEvent.click(await screen.findByRole('tab', { name: 'Stages × components' }));
    expect(await screen.findByText('No runtime components in the menu yet.')).toBeInTheDocument();
    expect(api.fleetOverview).toHaveBeenCalledTimes(1);
  });
});
