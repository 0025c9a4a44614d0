import { InfoCard, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';
import { HostUnavailableNote } from '../MyRequestsPage/MyRequestsPage';
import { RequestedBy, ReviewLink } from '../MyRequestsPage/ReviewLink';

/** Props of {@link GroupRequestsCard}. */
export interface GroupRequestsCardProps {
  /** Card title. @default Open Platter requests */
  readonly title?: string;
}

/**
 * On a Group's page (issue 23 item 2): the open Platter requests of the tenant
 * the group owns (`GET /requests?group=<ref>`: those touching the tenant, and
 * the viewer's own when the viewer is of the group), each with where it is
 * reviewed (its PR/MR on the host when one is open, else its branch), who asked
 * and since when. A group that owns no tenant says so; a host that could not
 * be read is noted above the branches.
 */
export function GroupRequestsCard(props: GroupRequestsCardProps) {
  const { entity } = useEntity();
  const platterApi = useApi(platterApiRef);
  const group = stringifyEntityRef(entity);
  const { loading, error, value } = useAsync(() => platterApi.requests({ group }), [platterApi, group]);
  const title = props.title ?? 'Open Platter requests';
  const deepLink = { title: 'My requests', link: '/platter/requests' };
  if (loading)
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  if (error || !value)
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel error={error ?? new Error('no answer')} />
      </InfoCard>
    );
  if (!value.scope) {
    return (
      <InfoCard title={title}>
        <Typography variant="body2">This group owns no Platter tenant.</Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard title={title} subheader={`Tenant ${value.scope} · into ${value.targetBranch}`} deepLink={deepLink}>
      <HostUnavailableNote response={value} />
      {value.requests.length === 0 ? (
        <Typography variant="body2">No open requests: nothing of {value.scope} waits for review.</Typography>
      ) : (
        <Table size="small" aria-label={`Open requests of ${value.scope}`}>
          <TableHead>
            <TableRow>
              <TableCell>Request</TableCell>
              <TableCell>Review</TableCell>
              <TableCell>Requested by</TableCell>
              <TableCell>Since</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.requests.map((r) => (
              <TableRow key={r.branch}>
                <TableCell>{r.review?.title ?? r.title}</TableCell>
                <TableCell>
                  <ReviewLink request={r} host={value.host} />
                </TableCell>
                <TableCell>
                  <RequestedBy request={r} />
                </TableCell>
                <TableCell>{r.date.slice(0, 10)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="caption">
        Every request you can see: <Link to="/platter/requests">My requests</Link>
      </Typography>
    </InfoCard>
  );
}
