import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';

/** Props of {@link AppCloudResources}. */
export interface AppCloudResourcesProps {
  readonly app: string;
  /** The request-cloud-resource template's page. @default /create/templates/default/platter-request-cloud-resource */
  readonly templatePath?: string;
}

const TEMPLATE_PATH = '/create/templates/default/platter-request-cloud-resource';

/**
 * An app's cloud resources per stage and env (issue 21), under the app's
 * deployments: class and version, backend, the connection Secret the app
 * mounts, and what removing it does (deletionPolicy); and a link to request
 * one. Renders nothing when the Platter API has no cloud routes (an older
 * backend or a test app without it), so the card around it is unchanged.
 */
export function AppCloudResources(props: AppCloudResourcesProps) {
  const api = useApiHolder().get(platterApiRef);
  const { loading, error, value } = useAsync(
    async () => (api?.cloudResources ? (await api.cloudResources(props.app)).resources : undefined),
    [api, props.app],
  );
  if (!api?.cloudResources) return null;
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const resources = value ?? [];
  const request = `${props.templatePath ?? TEMPLATE_PATH}?${new URLSearchParams({
    formData: JSON.stringify({ app: props.app }),
  }).toString()}`;
  return (
    <>
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Cloud resources
      </Typography>
      {resources.length === 0 ? (
        <Typography variant="body2">{props.app} has no cloud resources.</Typography>
      ) : (
        <Table size="small" aria-label="Cloud resources">
          <TableHead>
            <TableRow>
              <TableCell>Resource</TableCell>
              <TableCell>Where</TableCell>
              <TableCell>Class</TableCell>
              <TableCell>Backend</TableCell>
              <TableCell>Connection Secret</TableCell>
              <TableCell>On removal</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {resources.map((r) => (
              <TableRow key={r.path}>
                <TableCell>{r.name}</TableCell>
                <TableCell>{r.stage !== undefined ? `stage ${r.stage}` : `env ${r.env}`}</TableCell>
                <TableCell>
                  {r.class} {r.version}
                </TableCell>
                <TableCell>{r.backend}</TableCell>
                <TableCell>
                  <code>{r.connectionSecret}</code>
                </TableCell>
                <TableCell>{r.deletionPolicy === 'Delete' ? 'deleted' : 'kept (orphaned)'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Button component={RouterLink} to={request} size="small" variant="outlined" color="primary">
        Request a cloud resource
      </Button>
    </>
  );
}
