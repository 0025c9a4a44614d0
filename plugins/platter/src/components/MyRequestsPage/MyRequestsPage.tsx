import { Content, Header, Page, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
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
import { RequestedBy, ReviewLink } from './ReviewLink';

/** Props of {@link MyRequestsPage}. */
export interface MyRequestsPageProps {
  /** Render the page's own Header (legacy apps). The new frontend system's page header replaces it. */
  readonly withHeader?: boolean;
}

/**
 * "My requests" (issue 23 item 2): the caller's requests waiting for the
 * platform team, the open review branches `platter/*` read from Git
 * (`GET /requests`): what, where it is reviewed (its pull or merge request when
 * the host has one open, issue 20, else the branch and the host's compare
 * view), who asked, who reviews, which environments, since when. When the host
 * could not be read, a note says so above the branches.
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

/** The note shown when the review host could not be read: the list is the branches from Git alone. */
export function HostUnavailableNote({ response }: { response: RequestsRouteResponse }) {
  if (!response.hostUnavailable) return null;
  return (
    <WarningPanel
      severity="info"
      title={`Pull and merge requests could not be read from ${response.host?.kind === 'gitlab' ? 'GitLab' : 'GitHub'}`}
      message={response.hostUnavailable}
    />
  );
}

const COLUMNS = ['Request', 'Review', 'Requested by', 'Reviewers', 'Environments', 'Since'];

function RequestsTable({ response }: { response: RequestsRouteResponse }) {
  const whose = response.scope === 'all' ? 'every team' : response.scope === 'mine' ? 'you' : `team ${response.scope}`;
  const reviews = response.host?.kind === 'gitlab' ? 'merge requests' : 'pull requests';
  if (response.requests.length === 0) {
    return (
      <>
        <HostUnavailableNote response={response} />
        <Typography variant="body1">
          No open requests of {whose}: nothing waits for review on {response.targetBranch}.
        </Typography>
      </>
    );
  }
  return (
    <>
      <HostUnavailableNote response={response} />
      <Typography variant="body2" paragraph>
        Open {response.host && !response.hostUnavailable ? `${reviews} and review branches` : 'review branches'} of{' '}
        {whose}, newest first. Each lands when the platform team merges it into {response.targetBranch}.
      </Typography>
      <Table size="small" aria-label="Open requests">
        <TableHead>
          <TableRow>
            {COLUMNS.map((name) => (
              // Backstage's theme breaks words anywhere in a squeezed cell ("Review ers"): headings stay whole.
              <TableCell key={name} style={{ whiteSpace: 'nowrap' }}>
                {name}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {response.requests.map((r) => (
            <TableRow key={r.branch}>
              <TableCell>{r.review?.title ?? r.title}</TableCell>
              <TableCell>
                <ReviewLink request={r} host={response.host} />
              </TableCell>
              <TableCell>
                <RequestedBy request={r} />
              </TableCell>
              <TableCell>{r.review?.reviewers.length ? r.review.reviewers.join(', ') : '—'}</TableCell>
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
              <TableCell style={{ whiteSpace: 'nowrap' }}>{r.date.slice(0, 16).replace('T', ' ')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
