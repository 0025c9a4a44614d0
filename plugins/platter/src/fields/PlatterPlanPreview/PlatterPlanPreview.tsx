import { Link, Progress, StatusOK, StatusPending } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useTemplateSecrets, type FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  platterEntityRef,
  type PlanRoutePublish,
  type PlanRouteResponse,
  type PlatterPlanPreviewValue,
} from '@platter/plugin-platter-common';
import { useEffect, useMemo, useRef, useState } from 'react';
import { platterApiRef } from '../../api/ref';
import { buildPlanRequest, type PlanPreviewUiOptions } from './buildPlanRequest';
import { DiffView, splitDiff } from './DiffView';
import { publishFieldFindings } from './findingsContext';
import { PlanFindings, findingsOf } from './PlanFindings';
import { RenderedDiffView } from './RenderedDiffView';

export type PlatterPlanPreviewProps = FieldExtensionComponentProps<PlatterPlanPreviewValue, PlanPreviewUiOptions>;

type PlanState =
  | { readonly loading: true }
  | { readonly loading: false; readonly error: Error }
  | { readonly loading: false; readonly response: PlanRouteResponse };

/**
 * Names of the form fields backed by the scaffolder's Secret widget: the
 * widget stores each value in the template secrets under its field name and
 * only a mask in the form. Outside the scaffolder (no secrets context) none.
 */
function useSecretFieldNames(): ReadonlySet<string> {
  let names: string[] = [];
  try {
    names = Object.keys(useTemplateSecrets().secrets);
  } catch {
    // No SecretsContextProvider: not inside a scaffolder form.
  }
  const key = names.sort().join('\n');
  return useMemo(() => new Set(key ? key.split('\n') : []), [key]);
}

/**
 * Scaffolder field for a template's last page: maps the whole form (from
 * `formContext.formData`, which the scaffolder's Stepper fills with every
 * page's data) to a change request, plans it with `POST /api/platter/plan`, and
 * shows the diff per file, affected environments, the review path (direct or
 * platform review) and the plan's diagnostics, with a refresh button. Its value
 * records what was shown (request hash, review, changed files). Secret field
 * values are never sent. A refused plan's findings are listed here and also
 * published to the fields they concern (findingsContext.ts), which show them
 * beside themselves on their own pages.
 */
export function PlatterPlanPreview(props: PlatterPlanPreviewProps) {
  const { uiSchema, formContext, onChange, name, schema } = props;
  const options = uiSchema?.['ui:options'];
  const platterApi = useApi(platterApiRef);
  const secretFields = useSecretFieldNames();
  const formData = (formContext?.formData ?? {}) as Record<string, unknown>;
  const built = options?.kind ? buildPlanRequest(formData, options, { self: name, secretFields }) : undefined;
  const requestKey = built ? JSON.stringify(built.request) : '';
  const [refreshes, setRefreshes] = useState(0);
  const [state, setState] = useState<PlanState>({ loading: true });
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  // What the findings are published with: the form as planned and the request field -> form field map.
  const publishRef = useRef({ formData, fields: formFieldsOf(options?.mapping), mapped: !!options?.mapping });
  publishRef.current = { formData, fields: formFieldsOf(options?.mapping), mapped: !!options?.mapping };

  useEffect(() => {
    if (!requestKey) return undefined;
    let current = true;
    setState({ loading: true });
    platterApi.plan(JSON.parse(requestKey)).then(
      (response) => {
        if (!current) return;
        setState({ loading: false, response });
        publishFieldFindings([], () => undefined, {});
        onChangeRef.current({
          requestHash: response.plan.requestHash,
          review: response.plan.review,
          changedFiles: response.plan.changedFiles.map((f) => f.path),
        });
      },
      (error: Error) => {
        if (!current) return;
        setState({ loading: false, error });
        // Each finding also shows beside its field, on the page where the field is (findingsContext.ts).
        const { formData: planned, fields, mapped } = publishRef.current;
        publishFieldFindings(findingsOf(error), (f) => (mapped ? fields[f] : f in planned ? f : undefined), planned);
        // The Review step's validation then says the plan was refused, not "wait" (issue 23 item 1).
        onChangeRef.current({ refused: findingsOf(error).map((f) => f.code) });
      },
    );
    return () => {
      current = false;
    };
  }, [platterApi, requestKey, refreshes]);

  const title = schema.title ?? 'Preview';
  if (!built) {
    return <Alert severity="error">PlatterPlanPreview needs ui:options.kind (the change request kind).</Alert>;
  }
  return (
    <FormControl component="fieldset" fullWidth margin="normal">
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <FormLabel component="legend">{title}</FormLabel>
        <Button variant="outlined" size="small" onClick={() => setRefreshes((n) => n + 1)} disabled={state.loading}>
          Refresh plan
        </Button>
      </Box>
      {built.withheld.length > 0 && (
        <Typography variant="caption" color="textSecondary">
          Values not sent (secret or omitted): {built.withheld.join(', ')}
        </Typography>
      )}
      {state.loading && <Progress />}
      {!state.loading && 'error' in state && (
        <PlanFindings error={state.error} fieldLabels={formFieldsOf(options?.mapping)} />
      )}
      {!state.loading && 'response' in state && <PlanView response={state.response} />}
    </FormControl>
  );
}

/**
 * Request field -> the form field it is filled from (the mapping's first
 * entry for it), so a finding on `targets` names the form's `stages`.
 */
function formFieldsOf(mapping: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [from, to] of Object.entries(mapping ?? {})) {
    const field = to.split('.')[0]!.replace(/\[\]$/, '');
    if (field && !(field in labels)) labels[field] = from.split('.')[0]!;
  }
  return labels;
}

/**
 * What submitting will do, as the configured publish mode does it (issue 23
 * item 2): commit to the branch, push a review branch (and whether a pull
 * request opens, and why not), with a link to where it will be.
 */
function PublishPathView({
  review,
  publish,
}: {
  review: PlanRouteResponse['plan']['review'];
  publish?: PlanRoutePublish;
}) {
  if (!publish) {
    return review === 'direct' ? (
      <StatusOK>Direct: committed as is, no review needed</StatusOK>
    ) : (
      <StatusPending>Platform review: the platform team reviews it before it lands</StatusPending>
    );
  }
  const { mode, branch, targetBranch, host } = publish;
  const needsReview = review === 'platform-review' ? 'Needs platform review. ' : '';
  if (mode === 'direct') {
    return <StatusOK>Direct: committed to {targetBranch} as is, no review needed</StatusOK>;
  }
  if (mode === 'pull-request' && host) {
    return (
      <StatusPending>
        {needsReview}Pushes branch <code>{branch}</code> and opens a {host.noun} into {targetBranch} on{' '}
        <Link to={host.webUrl}>{host.webUrl}</Link>; it lands when the platform team merges it.
      </StatusPending>
    );
  }
  return (
    <StatusPending>
      {needsReview}Pushes branch <code>{branch}</code> for review; no pull request is opened
      {host ? ' (the publish mode is branch)' : ' (no GitHub or GitLab integration serves this repository)'}: the
      platform team merges it into {targetBranch}. Your open requests are listed on{' '}
      <Link to="/platter/requests">My requests</Link>.
    </StatusPending>
  );
}

function PlanView({ response }: { response: PlanRouteResponse }) {
  const { plan, diff } = response;
  const files = splitDiff(diff);
  const encrypted = new Set(plan.changedFiles.filter((f) => f.encrypted).map((f) => f.path));
  return (
    <Box mt={1}>
      <Typography variant="h6" component="h3">
        {plan.title}
      </Typography>
      <Box my={1} data-testid="platter-review">
        <PublishPathView review={plan.review} publish={response.publish} />
      </Box>
      <Box my={1} data-testid="platter-affected">
        <Typography variant="body2" component="span">
          Affected environments:{' '}
        </Typography>
        {plan.affected.environments.length === 0
          ? 'none'
          : plan.affected.environments.map((env, i) => (
              <span key={env}>
                {i > 0 && ', '}
                <EntityRefLink entityRef={platterEntityRef.environment(env)} hideIcon>
                  {env}
                </EntityRefLink>
              </span>
            ))}
        {plan.affected.stages.length > 0 && (
          <Typography variant="body2">Stages: {plan.affected.stages.join(', ')}</Typography>
        )}
      </Box>
      {plan.diagnostics.map((d) => (
        <Alert key={`${d.code}:${d.path ?? ''}:${d.message}`} severity={d.severity === 'error' ? 'error' : 'warning'}>
          {d.code}: {d.message}
        </Alert>
      ))}
      {plan.needsSecrets.length > 0 && (
        <Alert severity="info">
          Secrets still needed: {plan.needsSecrets.map((n) => `${n.env} ${n.secret}/${n.key}`).join(', ')}
        </Alert>
      )}
      {plan.renderedDiff && <RenderedDiffView diff={plan.renderedDiff} />}
      <Box mt={2}>
        <Typography variant="subtitle1" component="h3">
          Changes ({plan.changedFiles.length} {plan.changedFiles.length === 1 ? 'file' : 'files'})
        </Typography>
        {files.length === 0 && (
          <Typography variant="body2">Nothing to change: the repository already looks like this.</Typography>
        )}
        {files.map((f) => (
          <DiffView key={f.path} file={f} encrypted={encrypted.has(f.path)} />
        ))}
      </Box>
    </Box>
  );
}
