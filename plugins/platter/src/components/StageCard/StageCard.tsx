import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { platterEntityRef } from '@platter/plugin-platter-common';
import { loadPlatterEntities, platterFacts } from '../../internal/entities';
import { useAsync } from '../../internal/useAsync';

/** Props of {@link StageCard}. */
export interface StageCardProps {
  /** Card title; default `Stage <name>`. */
  readonly title?: string;
}

/**
 * A stage at a glance, on its Resource page (`spec.type: stage`, issue 23
 * item 4): where it promotes from and whether it takes prereleases, its
 * environments, the runtime components it runs (version, addons; each links
 * to its page), the tenant apps bound to it (with their teams), and how its
 * envs drift from each other (the envs' drift facts, read from the catalog).
 */
export function StageCard(props: StageCardProps) {
  const { entity } = useEntity();
  const facts = platterFacts(entity, 'stage');
  const catalogApi = useApi(catalogApiRef);
  const stage = facts?.name;
  const drift = useAsync(async () => {
    if (!stage) return [];
    const envs = await loadPlatterEntities(catalogApi, 'environment');
    return envs
      .map((e) => e.facts)
      .filter((f) => f.stage === stage && f.drift.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [catalogApi, stage]);
  if (!facts) {
    return (
      <InfoCard title={props.title ?? 'Stage'}>
        <WarningPanel
          title="No Platter facts"
          message="This entity has no spec.platter stage facts; is it emitted by the Platter catalog provider?"
        />
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title={props.title ?? `Stage ${facts.name}`}
      subheader={[
        facts.promotesFrom ? `promoted from ${facts.promotesFrom}` : 'the first stage',
        facts.allowPrerelease ? 'takes prereleases' : 'releases only (no prereleases)',
      ].join(' · ')}
    >
      <Section title={`Environments (${facts.environments.length})`}>
        {facts.environments.length === 0
          ? 'none yet'
          : facts.environments.map((env, i) => (
              <span key={env}>
                {i > 0 && ', '}
                <EntityRefLink entityRef={platterEntityRef.environment(env)} hideIcon>
                  {env}
                </EntityRefLink>
              </span>
            ))}
      </Section>
      <Section title="Runtime components">
        <Table size="small" aria-label="Runtime components">
          <TableHead>
            <TableRow>
              <TableCell>Component</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Addons</TableCell>
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
                <TableCell>{c.addons.join(', ') || '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
      <Section title="Tenant apps">
        {facts.apps.length === 0 ? (
          'none bound to this stage'
        ) : (
          <Table size="small" aria-label="Tenant apps">
            <TableHead>
              <TableRow>
                <TableCell>App</TableCell>
                <TableCell>Team</TableCell>
                <TableCell>Version</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {facts.apps.map((a) => (
                <TableRow key={a.app}>
                  <TableCell>{a.app}</TableCell>
                  <TableCell>{a.tenant}</TableCell>
                  <TableCell>{a.version}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
      <Section title="Drift across its environments">
        {drift.loading && <Progress />}
        {drift.value?.length === 0 && 'none: every env runs what the stage says'}
        {drift.value && drift.value.length > 0 && (
          <Box component="ul" m={0} pl={2} data-testid="platter-stage-drift">
            {drift.value.map((env) => (
              <li key={env.name}>
                <EntityRefLink entityRef={platterEntityRef.environment(env.name)} hideIcon>
                  {env.name}
                </EntityRefLink>
                : {env.drift.join('; ')}
              </li>
            ))}
          </Box>
        )}
      </Section>
    </InfoCard>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h3">
        {title}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Box>
  );
}
