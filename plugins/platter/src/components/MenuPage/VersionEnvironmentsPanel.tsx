import { useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@material-ui/core';
import { platterEntityRef, type MenuFilterParams, type MenuOverviewResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';

type Row = MenuOverviewResponse['rows'][number];

/** Envs shown per page unless the user picks another size. */
export const ENVIRONMENTS_PAGE_SIZE = 10;

/**
 * A row of the menu, expanded: the envs running that version, one stage (or
 * all) at a time, a page at a time from `GET /menu/environments`, narrowed by
 * the page's env and app filter. Each env links to its catalog page.
 */
export function VersionEnvironmentsPanel(props: { row: Row; filter: MenuFilterParams }) {
  const { row, filter } = props;
  const api = useApi(platterApiRef);
  const [stage, setStage] = useState<string | undefined>(
    filter.stage ?? (row.stages.length === 1 ? row.stages[0]!.stage : undefined),
  );
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(ENVIRONMENTS_PAGE_SIZE);
  const { loading, error, value } = useAsync(
    () =>
      api.menuEnvironments({
        service: row.service,
        version: row.version,
        ...(stage ? { stage } : {}),
        ...(filter.env ? { env: filter.env } : {}),
        ...(filter.app ? { app: filter.app } : {}),
        offset: page * pageSize,
        limit: pageSize,
      }),
    [api, row.service, row.version, stage, filter.env, filter.app, page, pageSize],
  );
  const pick = (s: string | undefined) => {
    setStage(s);
    setPage(0);
  };
  const label = `${row.service} ${row.version}`;

  if (row.stages.length === 0) {
    return (
      <Box p={2}>
        <Typography variant="body2">No stage runs {label}: it can be removed from the menu.</Typography>
      </Box>
    );
  }
  return (
    <Box px={2} py={1} aria-label={`Environments running ${label}`} role="region">
      <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 8 }} mb={1}>
        <Typography variant="subtitle2">Environments running {label}:</Typography>
        {row.stages.length > 1 && (
          <Chip size="small" label="all stages" color={stage ? 'default' : 'primary'} onClick={() => pick(undefined)} />
        )}
        {row.stages.map((s) => (
          <Chip
            key={s.stage}
            size="small"
            label={`${s.stage} (${s.environments})`}
            color={stage === s.stage ? 'primary' : 'default'}
            onClick={() => pick(s.stage)}
          />
        ))}
      </Box>
      {error && <ResponseErrorPanel error={error} />}
      {loading && <Progress />}
      {value && (
        <>
          <Table size="small" aria-label={`Environments of ${label}`}>
            <TableHead>
              <TableRow>
                <TableCell>Environment</TableCell>
                <TableCell>Stage</TableCell>
                <TableCell>Addons it runs</TableCell>
                <TableCell>Own overrides</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.items.map((e) => (
                <TableRow key={e.env}>
                  <TableCell>
                    <EntityRefLink entityRef={platterEntityRef.environment(e.env)} hideIcon>
                      {e.env}
                    </EntityRefLink>
                  </TableCell>
                  <TableCell>{e.stage}</TableCell>
                  <TableCell>{e.addons.join(', ') || '—'}</TableCell>
                  <TableCell>
                    {e.overrides.map((o) => `${o.action === 'enable' ? '+' : '−'}${o.addon}`).join(', ') || '—'}
                  </TableCell>
                </TableRow>
              ))}
              {value.items.length === 0 && (
                <TableRow>
                  <TableCell colSpan={4}>No environment matches.</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
          <TablePagination
            component="div"
            count={value.total}
            page={page}
            rowsPerPage={pageSize}
            rowsPerPageOptions={[10, 25, 100]}
            onPageChange={(_e, p) => setPage(p)}
            onRowsPerPageChange={(e) => {
              setPageSize(Number(e.target.value));
              setPage(0);
            }}
          />
        </>
      )}
    </Box>
  );
}
