import { CopyTextButton, ResponseErrorPanel, Table, WarningPanel, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { Box, Chip, Typography } from '@material-ui/core';
import type { HistoryRouteEntry } from '@platter/plugin-platter-common';
import { useMemo } from 'react';
import { platterApiRef } from '../../api/ref';
import { platterFacts } from '../../internal/entities';
import { useAsync } from '../../internal/useAsync';

/** Entries the tab shows (the route's default). */
export const HISTORY_TAB_LIMIT = 50;

/**
 * The History tab of an environment's entity page (issue 18): who changed what
 * the env builds from, and when, newest first: the requests Platter committed
 * (kind, Requested-By, review path) and hand commits, marked as such, each with
 * the requests that would undo it where a request kind can. Reads
 * `GET /api/platter/history?env=` (gitops-repo's readHistory, as `platter history`).
 */
export function EnvironmentHistory() {
  const { entity } = useEntity();
  const facts = platterFacts(entity, 'environment');
  const api = useApi(platterApiRef);
  const env = facts?.name;
  const { loading, error, value } = useAsync(
    async () => (env ? api.history({ env, limit: HISTORY_TAB_LIMIT }) : undefined),
    [api, env],
  );
  const columns = useMemo(historyColumns, []);
  const rows = useMemo(() => (value?.entries ?? []).map((e) => ({ ...e })), [value]);
  if (!facts)
    return <WarningPanel title="No Platter facts" message="This entity has no spec.platter environment facts." />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Table<HistoryRouteEntry>
      title={`History of ${facts.name}`}
      subtitle={
        value
          ? `What changed what this env builds from (its own files, its stage's, its components and apps), newest first; at ${value.commit.slice(0, 12)}`
          : undefined
      }
      isLoading={loading}
      columns={columns}
      data={rows}
      options={{ paging: false, search: false, padding: 'dense' }}
      emptyContent={<Box p={2}>No commit changed this env.</Box>}
    />
  );
}

function historyColumns(): TableColumn<HistoryRouteEntry>[] {
  return [
    {
      title: 'When',
      field: 'date',
      cellStyle: { whiteSpace: 'nowrap' },
      render: (e) => <time dateTime={e.date}>{e.date.replace('T', ' ').replace(/(:\d\d)([+-Z].*)$/, '$1')}</time>,
    },
    {
      title: 'Who',
      render: (e) =>
        e.requestedBy ? (
          <EntityRefLink entityRef={e.requestedBy} defaultKind="user" />
        ) : (
          <Typography variant="body2">{e.author.replace(/\s*<.*>$/, '')}</Typography>
        ),
    },
    {
      title: 'What',
      field: 'title',
      render: (e) => (
        <>
          <Chip
            size="small"
            label={e.source === 'request' ? (e.kind ?? 'request') : 'hand commit'}
            variant={e.source === 'request' ? 'default' : 'outlined'}
            style={{ marginRight: 8 }}
          />
          {e.title}
          {e.review ? (
            <Typography variant="caption" component="span" color="textSecondary">
              {' '}
              · {e.review === 'direct' ? 'direct' : 'platform review'}
            </Typography>
          ) : null}
        </>
      ),
    },
    {
      title: 'Commit',
      field: 'commit',
      render: (e) => <code title={e.files.join('\n')}>{e.commit.slice(0, 12)}</code>,
    },
    {
      title: 'Undo',
      // The portal has no template for every undoing kind: the offer is the request, filed as the CLI files it.
      render: (e) =>
        e.undo.length
          ? e.undo.map((u, i) => (
              <Box key={i} display="flex" alignItems="center" style={{ gap: 4 }}>
                <Typography variant="body2">{undoText(u)}</Typography>
                <CopyTextButton
                  text={undoCommand(u)}
                  tooltipText="Copied: run it in a checkout"
                  aria-label={`Copy: ${undoCommand(u)}`}
                />
              </Box>
            ))
          : '—',
    },
  ];
}

/** The command that files an undo request, as `platter history` prints it. */
export const undoCommand = (r: Record<string, unknown>) => `echo '${JSON.stringify(r)}' | platter apply -f -`;

/** `Rollback shop (stage prod) to 1.1.0`, `DisableAddon ingress-nginx/metrics (env prod-eu)`. */
export function undoText(r: Record<string, unknown>): string {
  const target = (t: unknown) => {
    const o = (t ?? {}) as { stage?: string; env?: string };
    return o.stage ? `stage ${o.stage}` : o.env ? `env ${o.env}` : '';
  };
  switch (r.kind) {
    case 'Rollback':
      return `Rollback ${r.app} (${target(r.target)}) to ${r.version}`;
    case 'UpgradeComponent':
      return `UpgradeComponent ${r.service} back to ${r.version} (stage ${r.stage})`;
    case 'EnableAddon':
    case 'DisableAddon':
      return `${r.kind} ${r.service}/${r.addon} (${target(r)})`;
    default:
      return String(r.kind);
  }
}
