import { InfoCard, Link, StatusWarning, WarningPanel } from '@backstage/core-components';
import { EntityRefLink, useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { platterEntityRef, type EnvironmentComponentView } from '@platter/plugin-platter-common';
import { platterFacts } from '../../internal/entities';
import { LifecycleStatus } from '../../internal/lifecycle';
import { lifecycleOnlyStage, toComponentVersion } from '../../internal/modelAdapters';
import { EnvironmentLifecycleBadges } from '../Lifecycle';
import { explainHref } from '../EnvironmentExplain';
import { EnvironmentReviews } from './EnvironmentReviews';

/** Props of {@link EnvironmentCard}. */
export interface EnvironmentCardProps {
  /** Card title; default `Environment <name>`. */
  readonly title?: string;
}

/**
 * An environment at a glance, on its Resource page (`spec.type: environment`):
 * stage and cluster/region, the runtime components it runs with version,
 * addons (env overrides marked) and lifecycle, the tenant apps deployed with
 * their versions, and a drift line when it differs from its stage's other envs.
 * Reads only the facts the catalog provider wrote (`spec.platter`).
 */
export function EnvironmentCard(props: EnvironmentCardProps) {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const facts = platterFacts(entity, 'environment');
  if (!facts) {
    return (
      <InfoCard title={props.title ?? 'Environment'}>
        <WarningPanel
          title="No Platter facts"
          message="This entity has no spec.platter environment facts; is it emitted by the Platter catalog provider?"
        />
      </InfoCard>
    );
  }
  const now = new Date();
  // The stage already runs these versions; only their lifecycle is asked (findings then name the stage).
  const stageForLifecycle = lifecycleOnlyStage(facts.stage);
  // The env page's History and Explain tabs (issue 18): each component and app links to why it runs here.
  const page = entityLink(entity);
  const why = (object: string, what: string) => (
    <Link to={explainHref(page, object)} aria-label={`Why ${what} runs here`}>
      why
    </Link>
  );
  return (
    <InfoCard
      title={props.title ?? `Environment ${facts.name}`}
      subheader={
        <span>
          Stage{' '}
          <EntityRefLink entityRef={platterEntityRef.stage(facts.stage)} hideIcon>
            {facts.stage}
          </EntityRefLink>
          {facts.cluster ? ` · cluster ${facts.cluster}` : ''}
          {facts.region ? ` · region ${facts.region}` : ''}
          {' · '}
          <Link to={`${page}/history`}>History</Link>
        </span>
      }
    >
      <EnvironmentLifecycleBadges env={facts.name} />
      <EnvironmentReviews env={facts.name} />
      {facts.drift.length > 0 && (
        <Box mb={2} data-testid="platter-drift">
          <StatusWarning>
            Drift from the other envs of stage {facts.stage}: {facts.drift.join('; ')}
          </StatusWarning>
        </Box>
      )}
      <Typography variant="h6">Runtime components</Typography>
      <Table size="small" aria-label="Runtime components">
        <TableHead>
          <TableRow>
            <TableCell>Component</TableCell>
            <TableCell>Version</TableCell>
            <TableCell>Addons</TableCell>
            <TableCell>Lifecycle</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {facts.components.map((c) => (
            <TableRow key={c.service}>
              <TableCell>
                <EntityRefLink entityRef={platterEntityRef.runtimeComponent(c.service)} hideIcon>
                  {c.service}
                </EntityRefLink>
              </TableCell>
              <TableCell>{c.version}</TableCell>
              <TableCell>
                <Addons component={c} />
              </TableCell>
              <TableCell>
                <LifecycleStatus
                  version={toComponentVersion(c.service, { version: c.version, lifecycle: c.lifecycle })}
                  now={now}
                  stage={stageForLifecycle}
                />
              </TableCell>
              <TableCell>{why(`Kustomization/flux-system/runtime-${c.service}`, c.service)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box mt={2}>
        <Typography variant="h6">Tenant apps</Typography>
        {facts.apps.length === 0 ? (
          <Typography variant="body2">No tenant apps are deployed here.</Typography>
        ) : (
          <Table size="small" aria-label="Tenant apps">
            <TableHead>
              <TableRow>
                <TableCell>App</TableCell>
                <TableCell>Tenant</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Deployed</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {facts.apps.map((a) => (
                <TableRow key={a.app}>
                  <TableCell>{a.app}</TableCell>
                  <TableCell>{a.tenant}</TableCell>
                  <TableCell>{a.version}</TableCell>
                  <TableCell>{a.via === 'stage' ? `with stage ${facts.stage}` : 'to this env only'}</TableCell>
                  <TableCell>{why(`Kustomization/${a.namespace ?? a.tenant}/${a.app}`, a.app)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </InfoCard>
  );
}

/** The env's effective addons; those the env enables on top of its stage are marked, those it disables struck through. */
function Addons(props: { component: EnvironmentComponentView }) {
  const { addons, overrides } = props.component;
  if (addons.length === 0 && overrides.disabled.length === 0) return <>none</>;
  return (
    <>
      {addons.map((a) =>
        overrides.enabled.includes(a) ? (
          <Chip
            key={a}
            size="small"
            color="primary"
            label={`${a} (env override)`}
            title="Enabled by this environment on top of its stage"
          />
        ) : (
          <Chip key={a} size="small" label={a} />
        ),
      )}
      {overrides.disabled.map((a) => (
        <Chip
          key={`-${a}`}
          size="small"
          variant="outlined"
          label={<s>{a}</s>}
          aria-label={`${a} (disabled by env override)`}
          title="Disabled by this environment although its stage enables it"
        />
      ))}
    </>
  );
}
