import { InfoCard, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { platterEntityRef } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';

/** Props of {@link TenantCard}. */
export interface TenantCardProps {
  /** Card title; default `Platter tenant <name>`. */
  readonly title?: string;
}

/**
 * On a Group's page (issue 23 item 4): the Platter tenant the group owns, its
 * namespaces and stages, its apps and where each runs at which version
 * (stages and envs link to their pages), and a link to the open requests.
 * A group that owns no tenant says so.
 */
export function TenantCard(props: TenantCardProps) {
  const { entity } = useEntity();
  const platterApi = useApi(platterApiRef);
  const group = stringifyEntityRef(entity);
  const { loading, error, value } = useAsync(() => platterApi.tenant(group), [platterApi, group]);
  const title = props.title ?? (value?.tenant ? `Platter tenant ${value.tenant.name}` : 'Platter tenant');
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
  const tenant = value.tenant;
  if (!tenant) {
    return (
      <InfoCard title={title}>
        <Typography variant="body2">This group owns no Platter tenant.</Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={title}
      subheader={`Namespaces ${tenant.namespaces.join(', ') || 'none'} · stages ${tenant.stages.join(', ') || 'none'}`}
      deepLink={{ title: 'Open requests', link: '/platter/requests' }}
    >
      {tenant.apps.length === 0 ? (
        <Typography variant="body2">No apps yet: Create → Onboard an app.</Typography>
      ) : (
        <Table size="small" aria-label="Apps">
          <TableHead>
            <TableRow>
              <TableCell>App</TableCell>
              <TableCell>Runs in</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {tenant.apps.map((app) => (
              <TableRow key={app.name}>
                <TableCell>{app.name}</TableCell>
                <TableCell>
                  {app.deployments.length === 0
                    ? 'nowhere yet'
                    : app.deployments.map((d, i) => {
                        const where = d.stage ?? d.env!;
                        const ref = d.stage ? platterEntityRef.stage(d.stage) : platterEntityRef.environment(d.env!);
                        return (
                          <span key={`${d.stage ? 'stage' : 'env'}:${where}`}>
                            {i > 0 && ', '}
                            <EntityRefLink entityRef={ref} hideIcon>
                              {d.stage ? `stage ${where}` : `env ${where}`}
                            </EntityRefLink>{' '}
                            {d.version}
                          </span>
                        );
                      })}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="caption">
        Requests waiting for review: <Link to="/platter/requests">My requests</Link>
      </Typography>
    </InfoCard>
  );
}
