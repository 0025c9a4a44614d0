import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { outdatedLabel } from './EnvironmentLifecycleBadges';
import { useLifecycleSummary } from './useLifecycle';

/**
 * The Menu page's "Outdated and freezes" view (issue 19): the active and
 * upcoming change freezes, then per stage (in promotion order) what its envs
 * run that is outdated. One answer per stage (GET /lifecycle/stages): a row
 * per stage and counts of envs, never a row or a name per env.
 */
export function OutdatedView() {
  const state = useLifecycleSummary();
  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const { freezes, stages } = state.value;
  return (
    <Box>
      <Typography variant="h6">Change freezes</Typography>
      {freezes.length === 0 ? (
        <Typography variant="body2">No freezes in platter.yaml.</Typography>
      ) : (
        <Table size="small" aria-label="Change freezes">
          <TableHead>
            <TableRow>
              <TableCell>Freeze</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Window</TableCell>
              <TableCell>Holds</TableCell>
              <TableCell>Reason</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {freezes.map((f) => (
              <TableRow key={f.name}>
                <TableCell>{f.name}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={f.active ? 'secondary' : 'default'}
                    label={f.active ? 'active' : 'inactive'}
                  />
                </TableCell>
                <TableCell>
                  {f.from} → {f.until ?? 'until lifted'}
                </TableCell>
                <TableCell>{f.holds} envs</TableCell>
                <TableCell>{f.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Box mt={2}>
        <Typography variant="h6">Outdated</Typography>
        <Table size="small" aria-label="Outdated by stage">
          <TableHead>
            <TableRow>
              <TableCell>Stage</TableCell>
              <TableCell>Envs</TableCell>
              <TableCell>Findings</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {stages.map((s) => (
              <TableRow key={s.stage}>
                <TableCell>{s.stage}</TableCell>
                <TableCell>{s.envs}</TableCell>
                <TableCell>
                  {s.items.length === 0
                    ? 'up to date'
                    : s.items.map((i) => (
                        <Chip
                          key={`${i.reason}-${i.subject}`}
                          size="small"
                          variant="outlined"
                          color={i.reason === 'sunset' ? 'secondary' : 'default'}
                          label={outdatedLabel(i)}
                        />
                      ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
}
