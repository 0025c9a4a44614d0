import { Content, Header, Link, Page, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { platterEntityRef, type RequestsRouteResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';

/** Props of {@link MyRequestsPage}. */
export interface MyRequestsPageProps {
  /** Render the page's own Header (legacy apps). The new frontend system's page header replaces it. */
  readonly withHeader?: boolean;
}

/**
 * "My requests" (issue 23 item 2): the caller's requests waiting for the
 * platform team, the open review branches `platter/*` read from Git
 * (`GET /requests`): what, on which branch (the host's compare view when there
 * is one), who asked, which environments, since when.
 */
export function MyRequestsPage({ withHeader = true }: MyRequestsPageProps) {
  const platterApi = useApi(platterApiRef);
  const { loading, error, value } = useAsync(() => platterApi.requests(), [platterApi]);
  const content = (
    <Content>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && <RequestsTable response={value} />}
    </Content>
  );
  if (!withHeader) return content;
  return (
    <Page themeId="tool">
      <Header title="My requests" subtitle="Platter requests waiting for the platform team's review" />
      {content}
    </Page>
  );
}

function RequestsTable({ response }: { response: RequestsRouteResponse }) {
  const whose = response.scope === 'all' ? 'every team' : response.scope === 'mine' ? 'you' : `team ${response.scope}`;
  if (response.requests.length === 0) {
    return (
      <Typography variant="body1">
        No open requests of {whose}: nothing waits for review on {response.targetBranch}.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" paragraph>
        Open review branches of {whose}, newest first. Each lands when the platform team merges it into{' '}
        {response.targetBranch}.
      </Typography>
      <Table size="small" aria-label="Open requests">
        <TableHead>
          <TableRow>
            <TableCell>Request</TableCell>
            <TableCell>Branch</TableCell>
            <TableCell>Requested by</TableCell>
            <TableCell>Environments</TableCell>
            <TableCell>Since</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {response.requests.map((r) => (
            <TableRow key={r.branch}>
              <TableCell>{r.title}</TableCell>
              <TableCell>{r.url ? <Link to={r.url}>{r.branch}</Link> : <code>{r.branch}</code>}</TableCell>
              <TableCell>
                {r.requestedBy?.startsWith('user:') ? (
                  <EntityRefLink entityRef={r.requestedBy} hideIcon />
                ) : (
                  (r.requestedBy ?? '—')
                )}
              </TableCell>
              <TableCell>
                {r.environments.length === 0
                  ? '—'
                  : r.environments.map((env, i) => (
                      <span key={env}>
                        {i > 0 && ', '}
                        <EntityRefLink entityRef={platterEntityRef.environment(env)} hideIcon>
                          {env}
                        </EntityRefLink>
                      </span>
                    ))}
              </TableCell>
              <TableCell>{r.date.slice(0, 16).replace('T', ' ')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
