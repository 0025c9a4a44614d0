import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  IconButton,
  LinearProgress,
  MenuItem,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import KeyboardArrowDown from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRight from '@material-ui/icons/KeyboardArrowRight';
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
  // The unfiltered answer prefetched at the app shell's load renders in the first commit: rows, no spinner.
  const { loading, error, value } = useAsync(
    () => api.menuOverview(sent),
    [api, sent],
    () => (Object.keys(sent).length ? undefined : api.menuOverviewInMemory?.()),
  );
  // Keep showing the previous answer while a narrower one loads.
  const last = useRef<MenuOverviewResponse>();
  if (value) last.current = value;
  const shown = value ?? last.current;
  const set = (key: keyof MenuFilterParams) => (e: { target: { value: unknown } }) => {
    const v = String(e.target.value ?? '');
    setFilter((f) => {
      const { [key]: _old, ...rest } = f;
      return v ? { ...rest, [key]: v } : rest;
    });
  };

  // Built once: the lifecycle badges are as of the page's opening.
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
        <MenuRowsTable
          rows={shown.rows}
          subtitle={subtitle}
          loading={loading}
          columns={columns}
          filter={sent}
          empty={Object.keys(sent).length ? 'Nothing in the menu matches the filter.' : 'The menu is empty.'}
        />
      )}
    </>
  );
}

/** A column of the menu table: its title, how a row's cell reads, and whether it may wrap. */
interface MenuColumn {
  readonly title: string;
  readonly render: (row: MenuRow) => ReactNode;
  readonly nowrap?: boolean;
  readonly numeric?: boolean;
}

/** The table's columns; `now` decides the lifecycle badges. */
function menuColumns(now: Date): MenuColumn[] {
  return [
    {
      title: 'Component',
      nowrap: true,
      render: (row) => (
        <EntityRefLink entityRef={platterEntityRef.runtimeComponent(row.service)} hideIcon>
          {row.service}
        </EntityRefLink>
      ),
    },
    { title: 'Version', nowrap: true, render: (row) => row.version },
    {
      title: 'Source',
      nowrap: true,
      render: (row) => (row.chart ? `chart ${row.chart.name} ${row.chart.version}` : 'manifests'),
    },
    {
      title: 'Lifecycle',
      nowrap: true,
      render: (row) => (
        <LifecycleStatus
          version={toComponentVersion(row.service, { version: row.version, lifecycle: row.lifecycle })}
          now={now}
        />
      ),
    },
    { title: 'Addons offered', render: (row) => row.addons.join(', ') || '—' },
    { title: 'Where it runs', render: (row) => <StageCounts row={row} /> },
    { title: 'Envs', numeric: true, render: (row) => row.environments.toLocaleString('en-US') },
    { title: 'Apps', numeric: true, render: (row) => row.apps.toLocaleString('en-US') },
  ];
}

/**
 * The menu's rows as a plain MUI table: a page of rows, each with a button that
 * expands it to the envs behind its counts. Light markup on purpose (issue 24,
 * P5): the first rows are what the page is for, and Backstage's Table
 * (material-table) spent most of the time between the answer and the first row
 * on per-row tooltips, action columns and its own state, for 20 rows.
 */
function MenuRowsTable(props: {
  rows: readonly MenuRow[];
  subtitle: string;
  loading: boolean;
  columns: readonly MenuColumn[];
  filter: MenuFilterParams;
  empty: string;
}) {
  const { rows, columns } = props;
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(MENU_PAGE_SIZE);
  // A narrower answer may have fewer pages than the page shown.
  const last = Math.max(0, Math.ceil(rows.length / pageSize) - 1);
  const current = Math.min(page, last);
  const shown = rows.slice(current * pageSize, (current + 1) * pageSize);
  return (
    <Paper>
      <Box px={2} pt={2} pb={1}>
        <Typography variant="h5" component="h2">
          Menu
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {props.subtitle}
        </Typography>
      </Box>
      {props.loading ? <LinearProgress /> : <Box height={4} />}
      <Table size="small" aria-label="Menu">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            {columns.map((c) => (
              <TableCell key={c.title} align={c.numeric ? 'right' : 'left'} style={NOWRAP}>
                {c.title}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((row) => (
            <MenuRowView key={`${row.service}@${row.version}`} row={row} columns={columns} filter={props.filter} />
          ))}
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={columns.length + 1}>{props.empty}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {rows.length > MENU_PAGE_SIZE && (
        <TablePagination
          component="div"
          count={rows.length}
          page={current}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[MENU_PAGE_SIZE, 50, 100]}
          onPageChange={(_e, p) => setPage(p)}
          onRowsPerPageChange={(e) => {
            setPageSize(Number(e.target.value));
            setPage(0);
          }}
        />
      )}
    </Paper>
  );
}

/** One version's row, and below it, once expanded, the envs running it. Re-rendered only when its row changes. */
const MenuRowView = memo(function MenuRowView(props: {
  row: MenuRow;
  columns: readonly MenuColumn[];
  filter: MenuFilterParams;
}) {
  const { row, columns } = props;
  const [open, setOpen] = useState(false);
  const label = `${row.service} ${row.version}`;
  return (
    <>
      <TableRow>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} the envs running ${label} (detail panel)`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? <KeyboardArrowDown fontSize="small" /> : <KeyboardArrowRight fontSize="small" />}
          </IconButton>
        </TableCell>
        {columns.map((c) => (
          <TableCell key={c.title} align={c.numeric ? 'right' : 'left'} style={c.nowrap ? NOWRAP : undefined}>
            {c.render(row)}
          </TableCell>
        ))}
      </TableRow>
      {open && (
        <TableRow>
          <TableCell colSpan={columns.length + 1} padding="none">
            {/* A new filter starts the panel over (its first page of the narrowed envs). */}
            <VersionEnvironmentsPanel key={JSON.stringify(props.filter)} row={row} filter={props.filter} />
          </TableCell>
        </TableRow>
      )}
    </>
  );
});

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
