import { useMemo, useRef, useState } from 'react';
import { Progress, ResponseErrorPanel, Table, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, MenuItem, TextField } from '@material-ui/core';
import { platterEntityRef, type MenuFilterParams, type MenuOverviewResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { LifecycleStatus } from '../../internal/lifecycle';
import { toComponentVersion } from '../../internal/modelAdapters';
import { useAsync } from '../../internal/useAsync';
import { useDebounced } from '../../internal/useDebounced';
import { VersionEnvironmentsPanel } from './VersionEnvironmentsPanel';

/** A row of the menu: one component version with its counts per stage (platter-backend `GET /menu/overview`). */
export type MenuRow = MenuOverviewResponse['rows'][number];

/** Versions per page of the menu table (30 components × 3 versions fit in about five pages). */
export const MENU_PAGE_SIZE = 20;
/** Cells that must not wrap: a row stays one line high (at most the stage chips wrap). */
const NOWRAP = { whiteSpace: 'nowrap' } as const;
const STAGE_STYLE = { whiteSpace: 'nowrap', marginRight: 16, display: 'inline-block' } as const;
/** How long typing must pause before the filter is sent. */
const FILTER_DELAY_MS = 300;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * The menu as counts: one row per component version with its lifecycle, the
 * addons it offers and, per stage running it, how many envs (how many of them
 * override its addons) and apps. The filter narrows to a component or version,
 * a stage, envs or apps on the server; a row expands to the envs behind its
 * counts, a page at a time. The page's size depends on the menu, not on the
 * number of envs: "who runs ingress-nginx 1.0.0?" is the version typed into the
 * filter, then the row expanded.
 */
export function MenuTable() {
  const api = useApi(platterApiRef);
  const [filter, setFilter] = useState<MenuFilterParams>({});
  const sent = useDebounced(filter, FILTER_DELAY_MS);
  const { loading, error, value } = useAsync(() => api.menuOverview(sent), [api, sent]);
  // Keep showing the previous answer while a narrower one loads.
  const last = useRef<MenuOverviewResponse>();
  if (value) last.current = value;
  const shown = value ?? last.current;
  // material-table writes its state into the row objects: give it copies, once per answer.
  const rows = useMemo(() => (shown?.rows ?? []).map((r) => ({ ...r })), [shown]);

  const set = (key: keyof MenuFilterParams) => (e: { target: { value: unknown } }) => {
    const v = String(e.target.value ?? '');
    setFilter((f) => {
      const { [key]: _old, ...rest } = f;
      return v ? { ...rest, [key]: v } : rest;
    });
  };

  // Built once: material-table redoes its column setup whenever it gets new column objects.
  const columns = useMemo(() => menuColumns(new Date()), []);

  const totals = shown?.totals;
  const subtitle = totals
    ? `${plural(totals.services, 'component')}, ${plural(totals.versions, 'version')}; ${plural(totals.environments, 'env')} in ${plural(totals.stages, 'stage')}, ${plural(totals.apps, 'app')}. Expand a version for its envs.`
    : 'Who runs which version';

  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        style={{ gap: 16 }}
        mb={2}
        component="form"
        role="search"
        aria-label="Filter the menu"
        onSubmit={(e) => e.preventDefault()}
      >
        <TextField
          id="platter-menu-q"
          label="Component or version"
          placeholder="ingress-nginx@1.0.0"
          value={filter.q ?? ''}
          onChange={set('q')}
          variant="outlined"
          size="small"
        />
        <TextField
          id="platter-menu-stage"
          select
          label="Stage"
          value={filter.stage ?? ''}
          onChange={set('stage')}
          variant="outlined"
          size="small"
          style={{ minWidth: 160 }}
        >
          <MenuItem value="">all stages</MenuItem>
          {(shown?.stages ?? []).map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="platter-menu-env"
          label="Environment"
          placeholder="env name contains"
          value={filter.env ?? ''}
          onChange={set('env')}
          variant="outlined"
          size="small"
        />
        <TextField
          id="platter-menu-app"
          label="App"
          placeholder="app name contains"
          value={filter.app ?? ''}
          onChange={set('app')}
          variant="outlined"
          size="small"
        />
      </Box>
      {error && <ResponseErrorPanel error={error} />}
      {/* Until the first answer, a spinner: the empty table's own render would delay the request it waits for. */}
      {!shown && !error && <Progress />}
      {shown && (
        <Table<MenuRow>
          title="Menu"
          subtitle={subtitle}
          isLoading={loading}
          columns={columns}
          data={rows}
          detailPanel={({ rowData }) => <VersionEnvironmentsPanel row={rowData} filter={sent} />}
          options={{
            paging: true,
            pageSize: MENU_PAGE_SIZE,
            pageSizeOptions: [MENU_PAGE_SIZE, 50, 100],
            search: false,
            padding: 'dense',
            emptyRowsWhenPaging: false,
          }}
          emptyContent={
            <Box p={2}>
              {Object.keys(sent).length ? 'Nothing in the menu matches the filter.' : 'The menu is empty.'}
            </Box>
          }
        />
      )}
    </>
  );
}

/** The table's columns; `now` decides the lifecycle badges. */
function menuColumns(now: Date): TableColumn<MenuRow>[] {
  return [
    {
      title: 'Component',
      field: 'service',
      highlight: true,
      cellStyle: NOWRAP,
      render: (row) => (
        <EntityRefLink entityRef={platterEntityRef.runtimeComponent(row.service)} hideIcon>
          {row.service}
        </EntityRefLink>
      ),
    },
    { title: 'Version', field: 'version', cellStyle: NOWRAP },
    {
      title: 'Source',
      field: 'source',
      cellStyle: NOWRAP,
      render: (row) => (row.chart ? `chart ${row.chart.name} ${row.chart.version}` : 'manifests'),
    },
    {
      title: 'Lifecycle',
      field: 'lifecycle.status',
      cellStyle: NOWRAP,
      render: (row) => (
        <LifecycleStatus
          version={toComponentVersion(row.service, { version: row.version, lifecycle: row.lifecycle })}
          now={now}
        />
      ),
    },
    { title: 'Addons offered', field: 'addons', render: (row) => row.addons.join(', ') || '—' },
    { title: 'Where it runs', render: (row) => <StageCounts row={row} /> },
    { title: 'Envs', field: 'environments', type: 'numeric' },
    { title: 'Apps', field: 'apps', type: 'numeric' },
  ];
}

/** Per stage running the version: `prod · 120 envs · 4 apps · 3 differ` (apps and differing envs when there are any). */
function StageCounts(props: { row: MenuRow }) {
  const { row } = props;
  if (!row.stages.length) return <>unused</>;
  // Plain text, one stage per unbreakable span: the line wraps between stages only, so a row stays low.
  return (
    <>
      {row.stages.map((s) => {
        const parts = [
          s.stage,
          plural(s.environments, 'env'),
          ...(s.apps ? [plural(s.apps, 'app')] : []),
          ...(s.overridden ? [`${s.overridden} differ`] : []),
        ];
        const tip = `${s.stage}: ${plural(s.environments, 'env')}, ${plural(s.apps, 'app')} needing it; addons ${s.addons.join(', ') || 'none'}${s.overridden ? `; ${plural(s.overridden, 'env')} override them` : ''}`;
        // The browser's own tooltip: lighter to render than a MUI Tooltip for each stage of each row (issue 24, P5).
        return (
          <span key={s.stage} title={tip} style={STAGE_STYLE}>
            {parts.join(' · ')}
          </span>
        );
      })}
    </>
  );
}
