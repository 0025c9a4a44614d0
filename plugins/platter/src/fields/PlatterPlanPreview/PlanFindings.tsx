import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { PlanFinding } from '@platter/plugin-platter-common';

/**
 * The findings of a refused plan (POST /plan answers them as data, issue 23
 * item 1), or the error's message when there are none: what is wrong, on which
 * field of the form, and what to do. Never a stack trace nor a server path:
 * only the answer's `error.message` and findings are shown.
 */
export function findingsOf(error: unknown): readonly PlanFinding[] {
  const findings = (error as { body?: { findings?: unknown } } | undefined)?.body?.findings;
  return Array.isArray(findings) ? (findings as PlanFinding[]) : [];
}

/** The message of a refusal without findings: the answer's own message, not the client's wrapping. */
function messageOf(error: Error): string {
  const body = (error as { body?: { error?: { message?: unknown } } }).body;
  return typeof body?.error?.message === 'string' ? body.error.message : error.message;
}

export interface PlanFindingsProps {
  readonly error: Error;
  /** Request field -> the form field (label) it comes from, to name where to fix it. */
  readonly fieldLabels: Readonly<Record<string, string>>;
}

export function PlanFindings({ error, fieldLabels }: PlanFindingsProps) {
  const findings = findingsOf(error);
  return (
    <Alert severity="error" data-testid="platter-plan-findings">
      <AlertTitle>The change cannot be planned as it is</AlertTitle>
      {findings.length === 0 && <Typography variant="body2">{messageOf(error)}</Typography>}
      {findings.length > 0 && (
        <Box component="ul" m={0} pl={2}>
          {findings.map((f) => {
            const where = f.field ? (fieldLabels[f.field] ?? f.field) : f.path;
            return (
              <li key={`${f.code}:${f.field ?? ''}:${f.path ?? ''}:${f.message}`} data-code={f.code}>
                <Typography variant="body2" component="span">
                  {where && <strong>{where}: </strong>}
                  {f.message}
                </Typography>
                {f.fix && (
                  <Typography variant="body2" color="textSecondary">
                    {f.fix}
                  </Typography>
                )}
              </li>
            );
          })}
        </Box>
      )}
      {findings.length > 0 && (
        <Typography variant="caption" display="block">
          Go back to the field, change it, and the preview plans again.
        </Typography>
      )}
    </Alert>
  );
}
