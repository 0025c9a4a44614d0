import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useDiffStyles } from './DiffView';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import type { PlanRouteObjectChange, PlanRouteRenderedDiff } from '@platter/plugin-platter-common';

type Group = PlanRouteRenderedDiff['groups'][number];

/** "the same change in 203 envs of stage prod" / "env prod-eu (stage prod)" (render's groupTitle). */
export function groupTitle(g: Group): string {
  const stages = g.stages.length ? ` of stage${g.stages.length === 1 ? '' : 's'} ${g.stages.join(', ')}` : '';
  return g.environments.length === 1
    ? `env ${g.environments[0]}${g.stages.length ? ` (stage ${g.stages[0]})` : ''}`
    : `the same change in ${g.environments.length} envs${stages}`;
}

const show = (v: unknown) => {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 100 ? `${s.slice(0, 99)}…` : s;
};

const objectName = (c: PlanRouteObjectChange) =>
  `${c.object.kind} ${c.object.namespace ? `${c.object.namespace}/` : ''}${c.object.name}`;

function ObjectChangeView(props: { change: PlanRouteObjectChange }) {
  const classes = useDiffStyles();
  const c = props.change;
  const mark = c.op === 'add' ? '+' : c.op === 'remove' ? '-' : '~';
  return (
    <pre className={classes.pre} style={{ width: '100%' }} data-testid="platter-rendered-object">
      <span className={c.op === 'add' ? classes.add : c.op === 'remove' ? classes.del : classes.line}>
        {`${mark} ${objectName(c)} (${c.object.apiVersion}; applied by ${c.appliedBy}, from ${c.file})`}
      </span>
      {c.fields.map((f) => (
        <span key={f.path} className={f.op === 'add' ? classes.add : f.op === 'remove' ? classes.del : classes.line}>
          {f.op === 'add'
            ? `  + ${f.path}: ${show(f.after)}`
            : f.op === 'remove'
              ? `  - ${f.path}: ${show(f.before)}`
              : `  ${f.path}: ${show(f.before)} -> ${show(f.after)}`}
        </span>
      ))}
    </pre>
  );
}

/**
 * The plan's rendered diff: what Flux would apply differently, one collapsible
 * section per group of envs with the same change, danger findings first (groups
 * with findings come first and open). The core groups and finds; this only shows.
 */
export function RenderedDiffView(props: { diff: PlanRouteRenderedDiff }) {
  const { groups, unchanged } = props.diff;
  return (
    <Box mt={2} data-testid="platter-rendered-diff">
      <Typography variant="subtitle1" component="h3">
        What Flux applies (
        {groups.length === 0
          ? 'no object changes'
          : `${groups.length} ${groups.length === 1 ? 'group' : 'groups'} of environments`}
        )
      </Typography>
      {unchanged.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Unchanged: {unchanged.join(', ')}
        </Typography>
      )}
      {groups.map((g) => (
        <Accordion
          key={g.environments.join(',')}
          defaultExpanded={g.dangers.length > 0 || groups.length === 1}
          data-testid="platter-rendered-group"
        >
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">
              {groupTitle(g)}: {g.changes.length} object {g.changes.length === 1 ? 'change' : 'changes'}
              {g.dangers.length > 0
                ? `, ${g.dangers.length} danger ${g.dangers.length === 1 ? 'finding' : 'findings'}`
                : ''}
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <Box width="100%">
              <Typography variant="caption" color="textSecondary" component="p">
                {g.environments.join(', ')}
              </Typography>
              {g.dangers.map((d) => (
                <Alert key={`${d.code}:${d.path ?? ''}:${d.message}`} severity="warning" data-testid="platter-danger">
                  {d.code}: {d.message}
                </Alert>
              ))}
              {g.changes.map((c) => (
                <ObjectChangeView key={`${c.op}:${c.id}`} change={c} />
              ))}
            </Box>
          </AccordionDetails>
        </Accordion>
      ))}
    </Box>
  );
}
