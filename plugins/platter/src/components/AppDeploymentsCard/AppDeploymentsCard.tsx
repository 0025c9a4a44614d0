import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Button from '@material-ui/core/Button';
import { Link as RouterLink } from 'react-router-dom';
import { PLATTER_ANNOTATIONS } from '@platter/plugin-platter-common';
import { useAsync } from '../../internal/useAsync';
import { loadPlatterEntities } from '../../internal/entities';
import { appDeployments, type StageDeployment } from './appDeployments';
import { AppCloudResources } from '../AppCloudResources';

/** Props of {@link AppDeploymentsCard}. */
export interface AppDeploymentsCardProps {
  /** Card title; default `Deployments`. */
  readonly title?: string;
  /** The promote-app template's page (its form is pre-filled by `?formData=`). @default /create/templates/default/platter-promote-app */
  readonly promoteTemplatePath?: string;
}

const PROMOTE_TEMPLATE_PATH = '/create/templates/default/platter-promote-app';

/**
 * The promote-app template, pre-filled: the app, from the source stage, to this stage, at the source's version.
 * Stages as the template's PlatterEntityPicker holds them (`stage:<name>`), so the Review step reads them.
 */
export function promoteLink(templatePath: string, app: string, row: StageDeployment): string | undefined {
  const p = row.promotion;
  if (!p || (p.state !== 'promotable' && p.state !== 'not-deployed')) return undefined;
  const formData = { app, from: `stage:${p.from}`, to: [`stage:${row.stage}`], version: p.fromVersion };
  return `${templatePath}?${new URLSearchParams({ formData: JSON.stringify(formData) }).toString()}`;
}

/**
 * On an app's Component page (annotation `platter.dev/app`): the app's version
 * per stage and environment, whether a stage is behind the stage it promotes
 * from (promotable), and links to the environments. Reads environment and
 * stage entities from the catalog.
 */
export function AppDeploymentsCard(props: AppDeploymentsCardProps) {
  const { entity } = useEntity();
  const app = entity.metadata.annotations?.[PLATTER_ANNOTATIONS.app];
  const catalogApi = useApi(catalogApiRef);
  const { loading, error, value } = useAsync(async () => {
    if (!app) return [];
    const [environments, stages] = await Promise.all([
      loadPlatterEntities(catalogApi, 'environment'),
      loadPlatterEntities(catalogApi, 'stage'),
    ]);
    return appDeployments(app, environments, stages);
  }, [catalogApi, app]);

  const title = props.title ?? 'Deployments';
  if (!app) {
    return (
      <InfoCard title={title}>
        <Typography variant="body2">This component has no {PLATTER_ANNOTATIONS.app} annotation.</Typography>
      </InfoCard>
    );
  }
  if (loading)
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  if (error)
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  const rows = value ?? [];
  return (
    <InfoCard title={title} subheader={`Platter app ${app}`}>
      {rows.length === 0 ? (
        <Typography variant="body2">{app} is not deployed to any environment.</Typography>
      ) : (
        <Table size="small" aria-label="Deployments">
          <TableHead>
            <TableRow>
              <TableCell>Stage</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Environments</TableCell>
              <TableCell>Promotion</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.stage}>
                <TableCell>
                  <EntityRefLink entityRef={row.stageRef} hideIcon>
                    {row.stage}
                  </EntityRefLink>
                </TableCell>
                <TableCell>{row.version ?? '—'}</TableCell>
                <TableCell>
                  {row.environments.length === 0
                    ? '—'
                    : row.environments.map((e, i) => (
                        <span key={e.env}>
                          {i > 0 && ', '}
                          <EntityRefLink entityRef={e.ref} hideIcon>
                            {e.env}
                          </EntityRefLink>
                          {e.version !== row.version || e.via === 'env'
                            ? ` (${e.version}${e.via === 'env' ? ', env only' : ''})`
                            : ''}
                        </span>
                      ))}
                </TableCell>
                <TableCell>
                  <PromotionStatus row={row} />
                  <PromoteButton
                    href={promoteLink(props.promoteTemplatePath ?? PROMOTE_TEMPLATE_PATH, app, row)}
                    row={row}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <AppCloudResources app={app} />
    </InfoCard>
  );
}

function PromoteButton({ href, row }: { href: string | undefined; row: StageDeployment }) {
  if (!href || !row.promotion) return null;
  return (
    <Button
      component={RouterLink}
      to={href}
      size="small"
      variant="outlined"
      color="primary"
      aria-label={`Promote ${row.promotion.fromVersion} to ${row.stage}`}
    >
      Promote
    </Button>
  );
}

function PromotionStatus({ row }: { row: StageDeployment }) {
  const p = row.promotion;
  if (!p) return <>—</>;
  switch (p.state) {
    case 'promotable':
      return (
        <StatusPending>
          promotable: {p.from} runs {p.fromVersion}, ahead of {row.stage}
        </StatusPending>
      );
    case 'in-sync':
      return <StatusOK>in sync with {p.from}</StatusOK>;
    case 'ahead':
      return (
        <StatusWarning>
          ahead of {p.from} ({p.fromVersion})
        </StatusWarning>
      );
    case 'refused':
      return (
        <StatusWarning>
          {p.from} runs {p.fromVersion}; {row.stage} refuses it: {p.refusal?.message}
        </StatusWarning>
      );
    case 'not-deployed':
      return (
        <StatusAborted>
          not in {row.stage} yet; {p.from} runs {p.fromVersion}
        </StatusAborted>
      );
  }
}
