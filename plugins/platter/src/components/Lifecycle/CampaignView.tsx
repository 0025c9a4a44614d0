import { useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { CampaignWave } from '@platter/model';
import { useDebounced } from '../../internal/useDebounced';
import { usePlatterGet } from './useLifecycle';

/** What `GET /api/platter/campaign` answers (platter-backend's lifecycleRoutes.ts). */
export interface CampaignAnswer {
  readonly commit: string;
  readonly service: string;
  readonly version: string;
  readonly soakMs: number;
  readonly waves: readonly CampaignWave[];
  readonly next?: string;
}

/**
 * The Menu page's campaign view (issue 19 §3): type a runtime component and a
 * target version, see its waves in promotion order (landed, or the version the
 * stage runs) and the next one, with the soak time between waves. Opening a
 * wave is the upgrade-campaign template or `platter campaign next`.
 */
export function CampaignView() {
  const [service, setService] = useState('');
  const [version, setVersion] = useState('');
  const query = useDebounced(`${service}\n${version}`, 300);
  const [s, v] = query.split('\n');
  return (
    <Box>
      <Box display="flex" style={{ gap: 16 }} mb={2}>
        <TextField
          id="platter-campaign-service"
          label="Runtime component"
          value={service}
          onChange={(e) => setService(e.target.value)}
        />
        <TextField
          id="platter-campaign-version"
          label="Target version"
          value={version}
          onChange={(e) => setVersion(e.target.value)}
        />
      </Box>
      {s && v ? (
        <CampaignWaves service={s} version={v} />
      ) : (
        <Typography variant="body2">
          Name a runtime component and a released version to see the campaign's waves.
        </Typography>
      )}
    </Box>
  );
}

function CampaignWaves({ service, version }: { service: string; version: string }) {
  const state = usePlatterGet<CampaignAnswer>(
    `/campaign?service=${encodeURIComponent(service)}&version=${encodeURIComponent(version)}`,
  );
  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const c = state.value;
  return (
    <Box>
      <Table size="small" aria-label={`Campaign ${c.service} ${c.version}`}>
        <TableHead>
          <TableRow>
            <TableCell>Wave</TableCell>
            <TableCell>Stage</TableCell>
            <TableCell>State</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {c.waves.map((w, i) => (
            <TableRow key={w.stage}>
              <TableCell>{i + 1}</TableCell>
              <TableCell>{w.stage}</TableCell>
              <TableCell>
                {w.landed ? (
                  <Chip size="small" label="landed" style={{ backgroundColor: '#2e7d32', color: '#fff' }} />
                ) : w.stage === c.next ? (
                  <Chip size="small" color="primary" label={`next (runs ${w.current ?? 'nothing'})`} />
                ) : (
                  <Chip size="small" variant="outlined" label={`waiting (runs ${w.current ?? 'nothing'})`} />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" component="div">
        {c.next ? `Next wave: ${c.next}. ` : 'Every wave has landed. '}
        {c.soakMs
          ? `Soak between waves: ${c.soakMs / 3_600_000}h (platter campaign status shows when each landed).`
          : ''}
      </Typography>
    </Box>
  );
}
