import { useState } from 'react';
import { InfoCard, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { platterEntityRef } from '@platter/plugin-platter-common';
import { platterApiRef } from '../../api/ref';
import { platterFacts } from '../../internal/entities';
import { useAsync } from '../../internal/useAsync';

/** Envs per page of the card's two lists (the route gives at most 500). */
export const STAGE_ENVIRONMENTS_PAGE_SIZE = 50;

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
 * envs drift from each other. The envs and their drift are read a page at a
 * time from `GET /stage/environments` (issue 24): the stage entity carries only
 * their count, so neither it nor this card's requests grow with the fleet.
 */
export function StageCard(props: StageCardProps) {
  const { entity } = useEntity();
  const facts = platterFacts(entity, 'stage');
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
      <Section title={`Environments (${facts.environmentCount.toLocaleString('en-US')})`}>
        {facts.environmentCount === 0 ? 'none yet' : <StageEnvironments stage={facts.name} drifting={false} />}
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
        {facts.environmentCount === 0 ? 'no envs' : <StageEnvironments stage={facts.name} drifting />}
      </Section>
    </InfoCard>
  );
}

/**
 * A page of the stage's envs (links), or of the drifting ones with how each
 * drifts; a pager when there is more than one page.
 */
function StageEnvironments(props: { stage: string; drifting: boolean }) {
  const api = useApi(platterApiRef);
  const [page, setPage] = useState(0);
  const { stage, drifting } = props;
  const { loading, error, value } = useAsync(
    () =>
      api.stageEnvironments({
        stage,
        drifting,
        offset: page * STAGE_ENVIRONMENTS_PAGE_SIZE,
        limit: STAGE_ENVIRONMENTS_PAGE_SIZE,
      }),
    [api, stage, drifting, page],
  );
  if (error) return <ResponseErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  if (drifting && value.total === 0) return <>none: every env runs what the stage says</>;
  const link = (env: string) => (
    <EntityRefLink entityRef={platterEntityRef.environment(env)} hideIcon>
      {env}
    </EntityRefLink>
  );
  return (
    <>
      {drifting ? (
        <Box component="ul" m={0} pl={2} data-testid="platter-stage-drift">
          {value.items.map((e) => (
            <li key={e.env}>
              {link(e.env)}: {e.drift.join('; ')}
            </li>
          ))}
        </Box>
      ) : (
        <Box data-testid="platter-stage-environments">
          {value.items.map((e, i) => (
            <span key={e.env}>
              {i > 0 && ', '}
              {link(e.env)}
            </span>
          ))}
        </Box>
      )}
      {value.total > value.limit && (
        <TablePagination
          component="div"
          count={value.total}
          page={page}
          rowsPerPage={STAGE_ENVIRONMENTS_PAGE_SIZE}
          rowsPerPageOptions={[STAGE_ENVIRONMENTS_PAGE_SIZE]}
          onPageChange={(_e, p) => setPage(p)}
        />
      )}
    </>
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
