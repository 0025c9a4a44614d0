import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { platterEntityRef, type FleetOverviewResponse } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { useAsync } from '../../internal/useAsync';

type Cell = FleetOverviewResponse['components'][number]['cells'][number];

/**
 * The fleet at a glance: stages (columns, in promotion order, each linking to
 * its catalog page) × runtime components (rows): the version each stage runs,
 * and how many of the stage's envs override that component's addons. One
 * request (`GET /fleet`) whose answer grows with stages × components, never
 * with envs: 10 stages × 30 components is one screen whatever the env count.
 * A version that differs from the previous stage's is in bold: what is being
 * promoted right now.
 */
export function FleetOverview() {
  const api = useApi(platterApiRef);
  const { loading, error, value } = useAsync(() => api.fleetOverview(), [api]);
  if (error) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  if (!value.components.length) return <Typography>No runtime components in the menu yet.</Typography>;
  return (
    <TableContainer component={Paper}>
      <Box px={2} pt={2}>
        <Typography variant="h6">Stages × components</Typography>
        <Typography variant="body2" color="textSecondary">
          The version each stage runs; “n differ”: envs of the stage that override the component's addons.{' '}
          {value.totals.environments.toLocaleString('en-US')} envs, {value.totals.apps.toLocaleString('en-US')} apps.
        </Typography>
      </Box>
      <Table size="small" aria-label="Stages × components">
        <TableHead>
          <TableRow>
            <TableCell>Component</TableCell>
            {value.stages.map((s) => (
              <TableCell key={s.name}>
                <EntityRefLink entityRef={platterEntityRef.stage(s.name)} hideIcon>
                  {s.name}
                </EntityRefLink>
                <Typography variant="caption" display="block" color="textSecondary">
                  {s.environments.toLocaleString('en-US')} envs
                </Typography>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {value.components.map((c) => (
            <TableRow key={c.service}>
              <TableCell component="th" scope="row">
                <EntityRefLink entityRef={platterEntityRef.runtimeComponent(c.service)} hideIcon>
                  {c.service}
                </EntityRefLink>
              </TableCell>
              {c.cells.map((cell, i) => (
                <TableCell key={cell.stage}>
                  <FleetCellView cell={cell} previous={i > 0 ? c.cells[i - 1] : undefined} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function FleetCellView(props: { cell: Cell; previous?: Cell }) {
  const { cell, previous } = props;
  if (!cell.version) return <Typography color="textSecondary">—</Typography>;
  const changed = previous?.version !== undefined && previous.version !== cell.version;
  const lifecycle =
    cell.lifecycle?.status === 'deprecated'
      ? ` (deprecated${cell.lifecycle.sunset ? `, sunset ${cell.lifecycle.sunset}` : ''})`
      : '';
  return (
    <Tooltip title={`${cell.stage}: ${cell.version}${lifecycle}; addons ${cell.addons.join(', ') || 'none'}`}>
      <span>
        <span
          style={{
            fontWeight: changed ? 700 : undefined,
            textDecoration: lifecycle ? 'line-through dotted' : undefined,
          }}
        >
          {cell.version}
        </span>
        {cell.differing > 0 && (
          <Typography component="span" variant="caption" color="secondary">
            {' '}
            · {cell.differing} differ
          </Typography>
        )}
      </span>
    </Tooltip>
  );
}
