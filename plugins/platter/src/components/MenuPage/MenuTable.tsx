import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { LinearProgress, makeStyles, MenuItem, Paper, TablePagination, TextField, Typography } from '@material-ui/core';
import { platterEntityRef, type MenuFilterParams, type MenuOverviewResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { LifecycleStatus } from '../../internal/lifecycle';
import { toComponentVersion } from '../../internal/modelAdapters';
import { useAfterFirstPaint } from '../../internal/useAfterFirstPaint';
import { useAsync } from '../../internal/useAsync';
import { useDebounced } from '../../internal/useDebounced';
import { VersionEnvironmentsPanel } from './VersionEnvironmentsPanel';

/** A row of the menu: one component version with its counts per stage (platter-backend `GET /menu/overview`). */
export type MenuRow = MenuOverviewResponse['rows'][number];

/** Versions per page of the menu table (30 components × 3 versions fit in about five pages). */
export const MENU_PAGE_SIZE = 20;
const STAGE_STYLE = { whiteSpace: 'nowrap', marginRight: 16, display: 'inline-block' } as const;
/** How long typing must pause before the filter is sent. */
const FILTER_DELAY_MS = 300;
/** Heights of the parts rendered after the rows' first paint (outlined small TextField, MUI Tabs), reserved meanwhile. */
export const FILTERS_HEIGHT_PX = 40;
/**
 * Rows in the first commit: about what one screen shows under the page's header at 1,000 px. The rest of
 * the page's rows come in the render after the first paint, below them, so nothing on screen moves.
 */
export const FIRST_PAINT_ROWS = 8;

/** One formatter for every count (toLocaleString builds one per call: hundreds per render). */
const COUNT = new Intl.NumberFormat('en-US');
const count = (n: number) => COUNT.format(n);
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/**
 * The table's look as a few classes, MUI's small table in plain elements: 20 rows of 9 cells as MUI
 * TableRow/TableCell/IconButton components cost most of the first render in the development build
 * (a styled component, its ripple and theme lookups per cell), for what a class name does (issue 24, P5).
 * The same for the page's boxes: each MUI Box computes and inserts its own style rule on mount.
 */
const useStyles = makeStyles((theme) => {
  const cell = {
    padding: '6px 24px 6px 16px',
    borderBottom: `1px solid ${theme.palette.divider}`,
    textAlign: 'left' as const,
    verticalAlign: 'middle' as const,
  };
  return {
    table: { width: '100%', borderCollapse: 'collapse', borderSpacing: 0, ...theme.typography.body2 },
    th: { ...cell, fontWeight: theme.typography.fontWeightMedium as number, lineHeight: '1.5rem' },
    td: { ...cell, color: theme.palette.text.primary },
    toggleCell: { ...cell, width: 48, padding: '0 0 0 4px' },
    numeric: { textAlign: 'right' },
    nowrap: { whiteSpace: 'nowrap' },
    toggle: {
      display: 'inline-flex',
      padding: 3,
      border: 0,
      borderRadius: '50%',
      background: 'none',
      color: theme.palette.action.active,
      cursor: 'pointer',
      '&:hover': { backgroundColor: theme.palette.action.hover },
      '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}` },
      '& svg': { width: 20, height: 20, fill: 'currentColor', transition: 'transform 150ms' },
    },
    open: { '& svg': { transform: 'rotate(90deg)' } },
    filters: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(2),
      marginBottom: theme.spacing(2),
      minHeight: FILTERS_HEIGHT_PX,
    },
    heading: { padding: theme.spacing(2, 2, 1) },
    progressSpace: { height: 4 },
    link: {
      color: (theme.palette as { link?: string }).link ?? theme.palette.primary.main,
      textDecoration: 'none',
      '&:hover': { textDecoration: 'underline' },
    },
  };
});
type MenuClasses = ReturnType<typeof useStyles>;

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
  const classes = useStyles();
  const entityLink = useEntityRefLink();
  const columns = useMemo(() => menuColumns(new Date(), entityLink, classes), [entityLink, classes]);
  // The filters' inputs come once the rows are painted (their space is kept): the rows are what the page is for.
  const painted = useAfterFirstPaint();

  const totals = shown?.totals;
  const subtitle = totals
    ? `${plural(totals.services, 'component')}, ${plural(totals.versions, 'version')}; ${plural(totals.environments, 'env')} in ${plural(totals.stages, 'stage')}, ${plural(totals.apps, 'app')}. Expand a version for its envs.`
    : 'Who runs which version';

  return (
    <>
      <form className={classes.filters} role="search" aria-label="Filter the menu" onSubmit={(e) => e.preventDefault()}>
        {painted && <MenuFilters filter={filter} set={set} stages={shown?.stages ?? []} />}
      </form>
      {error && <ResponseErrorPanel error={error} />}
      {/* Until the first answer, a spinner: the empty table's own render would delay the request it waits for. */}
      {!shown && !error && <Progress />}
      {shown && (
        <MenuRowsTable
          rows={shown.rows}
          subtitle={subtitle}
          loading={loading}
          columns={columns}
          classes={classes}
          painted={painted}
          filter={sent}
          empty={Object.keys(sent).length ? 'Nothing in the menu matches the filter.' : 'The menu is empty.'}
        />
      )}
    </>
  );
}

/** The filter's four inputs. */
function MenuFilters(props: {
  filter: MenuFilterParams;
  set: (key: keyof MenuFilterParams) => (e: { target: { value: unknown } }) => void;
  stages: readonly string[];
}) {
  const { filter, set } = props;
  return (
    <>
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
        {props.stages.map((s) => (
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

/** The table's columns; `now` decides the lifecycle badges, `entityLink` where a component's name links to. */
function menuColumns(now: Date, entityLink: (ref: string) => string, classes: MenuClasses): MenuColumn[] {
  return [
    {
      title: 'Component',
      nowrap: true,
      // A router link to the catalog's page (EntityRefLink's href), without its per-link hooks and styled wrappers.
      render: (row) => (
        <RouterLink className={classes.link} to={entityLink(platterEntityRef.runtimeComponent(row.service))}>
          {row.service}
        </RouterLink>
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
    { title: 'Envs', numeric: true, render: (row) => count(row.environments) },
    { title: 'Apps', numeric: true, render: (row) => count(row.apps) },
  ];
}

/**
 * The menu's rows as a plain table: a page of rows, each with a button that
 * expands it to the envs behind its counts. Light markup on purpose (issue 24,
 * P5): the first rows are what the page is for. Backstage's Table
 * (material-table) spent most of the time between the answer and the first row
 * on per-row tooltips, action columns and its own state, and MUI's table
 * components on a styled component per cell; the pagination comes after the
 * first paint.
 */
function MenuRowsTable(props: {
  rows: readonly MenuRow[];
  subtitle: string;
  loading: boolean;
  columns: readonly MenuColumn[];
  classes: MenuClasses;
  painted: boolean;
  filter: MenuFilterParams;
  empty: string;
}) {
  const { rows, columns, classes } = props;
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(MENU_PAGE_SIZE);
  // A narrower answer may have fewer pages than the page shown.
  const last = Math.max(0, Math.ceil(rows.length / pageSize) - 1);
  const current = Math.min(page, last);
  const start = current * pageSize;
  const shown = rows.slice(start, start + (props.painted ? pageSize : Math.min(pageSize, FIRST_PAINT_ROWS)));
  return (
    <Paper>
      <div className={classes.heading}>
        <Typography variant="h5" component="h2">
          Menu
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {props.subtitle}
        </Typography>
      </div>
      {props.loading ? <LinearProgress /> : <div className={classes.progressSpace} />}
      <table className={classes.table} aria-label="Menu">
        <thead>
          <tr>
            <th className={classes.toggleCell} aria-label="Expand" />
            {columns.map((c) => (
              <th key={c.title} className={`${classes.th} ${classes.nowrap} ${c.numeric ? classes.numeric : ''}`}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <MenuRowView
              key={`${row.service}@${row.version}`}
              row={row}
              columns={columns}
              classes={classes}
              filter={props.filter}
            />
          ))}
          {rows.length === 0 && (
            <tr>
              <td className={classes.td} colSpan={columns.length + 1}>
                {props.empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {props.painted && rows.length > MENU_PAGE_SIZE && (
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
  classes: MenuClasses;
  filter: MenuFilterParams;
}) {
  const { row, columns, classes } = props;
  const [open, setOpen] = useState(false);
  const label = `${row.service} ${row.version}`;
  return (
    <>
      <tr>
        <td className={classes.toggleCell}>
          <button
            type="button"
            className={`${classes.toggle} ${open ? classes.open : ''}`}
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} the envs running ${label} (detail panel)`}
            onClick={() => setOpen((o) => !o)}
          >
            {/* Material's keyboard-arrow-right glyph, turned down when open. */}
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M8.59 16.59 13.17 12 8.59 7.41 10 6l6 6-6 6z" />
            </svg>
          </button>
        </td>
        {columns.map((c) => (
          <td
            key={c.title}
            className={`${classes.td} ${c.nowrap ? classes.nowrap : ''} ${c.numeric ? classes.numeric : ''}`}
          >
            {c.render(row)}
          </td>
        ))}
      </tr>
      {open && (
        <tr>
          <td colSpan={columns.length + 1} style={{ padding: 0 }}>
            {/* A new filter starts the panel over (its first page of the narrowed envs). */}
            <VersionEnvironmentsPanel key={JSON.stringify(props.filter)} row={row} filter={props.filter} />
          </td>
        </tr>
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
