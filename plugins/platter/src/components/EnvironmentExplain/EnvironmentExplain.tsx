import { Progress, ResponseErrorPanel, Table, WarningPanel, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import type { ExplainRouteStep } from '@platter/plugin-platter-common';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { platterApiRef } from '../../api/ref';
import { platterFacts } from '../../internal/entities';
import { useAsync } from '../../internal/useAsync';

/** The path of the Explain tab under an environment's entity page (the EnvironmentCard links to it). */
export const EXPLAIN_TAB_PATH = 'explain';

/**
 * The link to the Explain tab of an env's entity page for one object
 * (`<kind>/<namespace>/<name>`, cluster-scoped `<kind>/<name>`), relative to
 * the entity page's own URL.
 */
export function explainHref(entityPage: string, object: string, field?: string): string {
  const q = new URLSearchParams({ object, ...(field ? { field } : {}) });
  return `${entityPage.replace(/\/$/, '')}/${EXPLAIN_TAB_PATH}?${q.toString()}`;
}

const STEP_COLUMNS: TableColumn<ExplainRouteStep>[] = [
  { title: 'Step', field: 'step', cellStyle: { whiteSpace: 'nowrap' } },
  { title: 'What', field: 'title' },
  {
    title: 'File',
    field: 'file',
    render: (s) => (
      <code>
        {s.file}:{s.line}
      </code>
    ),
  },
  {
    title: 'Changed',
    render: (s) =>
      s.value !== undefined ? <code>{JSON.stringify(s.value)}</code> : s.fields?.length ? s.fields.join(', ') : '',
  },
];

/**
 * The Explain tab of an environment's entity page (issue 18): why an object is
 * in this env, as `platter explain` says it: the chain env → stage → the Flux
 * Kustomization that applies it → component version or app → the base file →
 * every patch, addon and substitution that changed it, each with file and line;
 * with a field, the value each step gave it. The object and field come from the
 * URL (`?object=<kind>/<namespace>/<name>&field=`), so the EnvironmentCard links
 * each component and app here. Reads `GET /api/platter/explain`.
 */
export function EnvironmentExplain() {
  const { entity } = useEntity();
  const facts = platterFacts(entity, 'environment');
  const api = useApi(platterApiRef);
  const [params, setParams] = useSearchParams();
  const object = params.get('object') ?? '';
  const field = params.get('field') ?? '';
  const [draft, setDraft] = useState({ object, field });
  const env = facts?.name;
  const { loading, error, value } = useAsync(
    async () => (env && object ? api.explain({ env, object, ...(field ? { field } : {}) }) : undefined),
    [api, env, object, field],
  );
  const steps = useMemo(() => (value?.steps ?? []).map((s) => ({ ...s })), [value]);
  if (!facts)
    return <WarningPanel title="No Platter facts" message="This entity has no spec.platter environment facts." />;
  return (
    <>
      <Box
        component="form"
        role="search"
        aria-label="Explain an object"
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16 }}
        mb={2}
        onSubmit={(e: { preventDefault(): void }) => {
          e.preventDefault();
          setParams(draft.field ? { object: draft.object, field: draft.field } : { object: draft.object });
        }}
      >
        <TextField
          id="platter-explain-object"
          label="Object"
          placeholder="HelmRelease/ingress-nginx/ingress-nginx"
          value={draft.object}
          onChange={(e) => setDraft({ ...draft, object: e.target.value })}
          variant="outlined"
          size="small"
          style={{ minWidth: 360 }}
        />
        <TextField
          id="platter-explain-field"
          label="Field (optional)"
          placeholder="spec.values.replicaCount"
          value={draft.field}
          onChange={(e) => setDraft({ ...draft, field: e.target.value })}
          variant="outlined"
          size="small"
        />
        <Button type="submit" variant="outlined" color="primary">
          Explain
        </Button>
      </Box>
      {!object && (
        <Typography variant="body2">
          Name an object of {facts.name} as kind/namespace/name, or follow a component or app from the environment card.
        </Typography>
      )}
      {loading && object && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Table<ExplainRouteStep>
          title={`Why ${value.object.kind} ${value.object.namespace ? `${value.object.namespace}/` : ''}${value.object.name} is in ${value.env}`}
          subtitle={[
            `applied by the Flux Kustomization ${value.appliedBy}`,
            value.field ? `${value.field.path} = ${JSON.stringify(value.field.value)}` : '',
            value.gaps.length ? `not explained: ${value.gaps.join(', ')}` : 'every change explained',
            `at ${value.commit.slice(0, 12)}`,
          ]
            .filter(Boolean)
            .join(' · ')}
          columns={STEP_COLUMNS}
          data={steps}
          options={{ paging: false, search: false, padding: 'dense', sorting: false }}
        />
      )}
    </>
  );
}
