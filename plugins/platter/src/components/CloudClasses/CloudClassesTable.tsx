import { Progress, ResponseErrorPanel, StatusOK, StatusWarning } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { CloudClassVersion } from '@platter/model';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';

/**
 * The Menu page's cloud classes (issue 21): each class version with its
 * backend, lifecycle, what each stage allows (limits, review, deletionPolicy),
 * its parameters with defaults, and the keys of its connection Secret.
 */
export function CloudClassesTable() {
  const api = useApiHolder().get(platterApiRef);
  const { loading, error, value } = useAsync(async () => (api?.cloudClasses ? api.cloudClasses() : undefined), [api]);
  if (!api?.cloudClasses)
    return <Typography variant="body2">This Platter backend does not serve cloud classes.</Typography>;
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const classes = value?.classes ?? [];
  if (!classes.length) return <Typography variant="body2">No cloud resource classes on the menu.</Typography>;
  return (
    <Table size="small" aria-label="Cloud resource classes">
      <TableHead>
        <TableRow>
          <TableCell>Class</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Backend</TableCell>
          <TableCell>Lifecycle</TableCell>
          <TableCell>Stages</TableCell>
          <TableCell>Parameters</TableCell>
          <TableCell>Outputs</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {classes.map((c) => (
          <TableRow key={`${c.name}@${c.version}`}>
            <TableCell>
              {c.name}
              {c.description ? (
                <Typography variant="caption" display="block">
                  {c.description}
                </Typography>
              ) : null}
            </TableCell>
            <TableCell>{c.version}</TableCell>
            <TableCell>{c.backend.type === 'crossplane' ? `crossplane (${c.backend.kind})` : 'terraform'}</TableCell>
            <TableCell>
              {c.lifecycle.status === 'deprecated' ? (
                <StatusWarning>deprecated{c.lifecycle.sunset ? `, sunset ${c.lifecycle.sunset}` : ''}</StatusWarning>
              ) : (
                <StatusOK>stable</StatusOK>
              )}
            </TableCell>
            <TableCell>{stagesOf(c)}</TableCell>
            <TableCell>{parametersOf(c)}</TableCell>
            <TableCell>{c.outputs.join(', ')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** `prod: review, limits, Orphan` per listed stage (unlisted stages go to review). */
export function stagesOf(c: CloudClassVersion): string {
  const listed = Object.entries(c.stages).map(
    ([stage, p]) =>
      `${stage}: ${[p.review ? 'review' : 'direct', p.limits ? 'limits' : undefined, p.deletionPolicy].filter(Boolean).join(', ')}`,
  );
  return listed.length ? listed.join('; ') : 'every stage: review';
}

/** `storageGb = 20, backups = false` from the schema's properties and defaults. */
export function parametersOf(c: CloudClassVersion): string {
  const props = (c.parameters as { properties?: Record<string, { default?: unknown }> }).properties ?? {};
  return Object.entries(props)
    .map(([k, s]) => (s.default !== undefined ? `${k} = ${JSON.stringify(s.default)}` : k))
    .join(', ');
}
