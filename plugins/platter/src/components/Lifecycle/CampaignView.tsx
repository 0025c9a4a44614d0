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
import { formatDuration, type CampaignProgress, type LandedWave } from '@platter/model';
import { useDebounced } from '../../internal/useDebounced';
import { usePlatterGet } from './useLifecycle';

/** What `GET /api/platter/campaign` answers (platter-backend's lifecycleRoutes.ts). */
export interface CampaignAnswer extends CampaignProgress {
  readonly commit: string;
  readonly service: string;
  readonly version: string;
  readonly soakMs: Readonly<Record<string, number>>;
  /** Landing dates read from Git: `next.ready` applies the soak. */
  readonly history: boolean;
}

/**
 * The Menu page's campaign view (issue 19 §3): type a runtime component and a
 * target version, see its waves (stages, and canaries: some envs of a stage
 * first), which landed and when, and the next one: ready, or soaking until when
 * (the backend applies the model's one soak rule to Git's landing dates).
 * Opening a wave is the upgrade-campaign template or `platter campaign next`.
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
            <TableCell>Name</TableCell>
            <TableCell>Stage</TableCell>
            <TableCell>State</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {c.waves.map((w, i) => (
            <TableRow key={w.name}>
              <TableCell>{i + 1}</TableCell>
              <TableCell>{w.name}</TableCell>
              <TableCell>{w.envs ? `${w.stage}: canary ${w.envs.join(', ')}` : w.stage}</TableCell>
              <TableCell>
                <WaveState wave={w} answer={c} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" component="div">
        {c.next ? `Next wave: ${c.next.wave}. ` : 'Every wave has landed. '}
        {c.next?.soakMs ? `It opens ${formatDuration(c.next.soakMs)} after the wave before it landed. ` : ''}
        {c.history ? '' : 'Landing dates are not read here: platter campaign status shows them.'}
      </Typography>
    </Box>
  );
}

function WaveState({ wave: w, answer: c }: { wave: LandedWave; answer: CampaignAnswer }) {
  if (w.landed)
    return (
      <Chip
        size="small"
        label={w.landedAt ? `landed ${w.landedAt.slice(0, 16).replace('T', ' ')}` : 'landed'}
        style={{ backgroundColor: '#2e7d32', color: '#fff' }}
      />
    );
  const runs = w.pending ? `${w.pending.join(', ')} not at ${c.version}` : `runs ${w.current ?? 'nothing'}`;
  if (w.name !== c.next?.wave) return <Chip size="small" variant="outlined" label={`waiting (${runs})`} />;
  return c.next.ready ? (
    <Chip size="small" color="primary" label={`next: ready (${runs})`} />
  ) : (
    <Chip
      size="small"
      color="secondary"
      label={`next: soaking until ${c.next.readyAt?.slice(0, 16).replace('T', ' ')}`}
    />
  );
}
