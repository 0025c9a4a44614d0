import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { usePlatterGet } from './useLifecycle';

/** One cell of `GET /api/platter/menu/matrix` (render's MatrixCell). */
export interface MatrixAnswerCell {
  readonly service: string;
  readonly version: string;
  readonly stage: string;
  readonly used: boolean;
  readonly status: 'ok' | 'fails';
  readonly combinations: number;
  readonly failing: number;
  readonly reasons: readonly string[];
}

/** What `GET /api/platter/menu/matrix` answers (platter-backend's lifecycleRoutes.ts). */
export interface MatrixAnswer {
  readonly commit: string;
  readonly stages: readonly string[];
  readonly cells: readonly MatrixAnswerCell[];
  readonly sample?: { readonly total: number; readonly checked: number; readonly rule: string };
}

/**
 * The Menu page's compatibility matrix (issue 19 §1): per runtime service, a row
 * per released version and a column per stage. A cell is green (every addon
 * combination the stage allows builds, conflicts with nothing, has its
 * requires), red with the failing reasons, or grey when the stage does not run
 * that version (still checked: red when it would fail there).
 */
export function MatrixView() {
  const state = usePlatterGet<MatrixAnswer>('/menu/matrix');
  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const { stages, cells, sample } = state.value;
  const services = [...new Set(cells.map((c) => c.service))];
  return (
    <Box>
      {services.map((service) => {
        const versions = [...new Set(cells.filter((c) => c.service === service).map((c) => c.version))];
        return (
          <Box key={service} mb={3}>
            <Typography variant="h6">{service}</Typography>
            <Table size="small" aria-label={`Compatibility of ${service}`}>
              <TableHead>
                <TableRow>
                  <TableCell>Version</TableCell>
                  {stages.map((st) => (
                    <TableCell key={st}>{st}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {versions.map((v) => (
                  <TableRow key={v}>
                    <TableCell>{v}</TableCell>
                    {stages.map((st) => {
                      const cell = cells.find((c) => c.service === service && c.version === v && c.stage === st);
                      return <TableCell key={st}>{cell && <MatrixCellView cell={cell} />}</TableCell>;
                    })}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        );
      })}
      {sample && (
        <Typography variant="caption" data-testid="platter-matrix-sample">
          Sample: {sample.checked} of {sample.total} combinations ({sample.rule}).
        </Typography>
      )}
    </Box>
  );
}

function MatrixCellView({ cell }: { cell: MatrixAnswerCell }) {
  if (cell.status === 'fails') {
    return (
      <Box>
        <Chip
          size="small"
          label={`fails ${cell.failing}/${cell.combinations}${cell.used ? ' (runs today)' : ''}`}
          style={{ backgroundColor: '#c62828', color: '#fff' }}
        />
        {cell.reasons.map((r) => (
          <Typography key={r} variant="caption" component="div">
            {r}
          </Typography>
        ))}
      </Box>
    );
  }
  return cell.used ? (
    <Chip size="small" label="ok (runs today)" style={{ backgroundColor: '#2e7d32', color: '#fff' }} />
  ) : (
    <Chip size="small" variant="outlined" label="not used (builds)" />
  );
}
