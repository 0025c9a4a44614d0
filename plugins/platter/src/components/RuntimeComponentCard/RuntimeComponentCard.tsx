import { InfoCard, WarningPanel } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { platterEntityRef } from '@platter/plugin-platter-common';
import { platterFacts } from '../../internal/entities';

/** Props of {@link RuntimeComponentCard}. */
export interface RuntimeComponentCardProps {
  /** Card title; default `<name> versions`. */
  readonly title?: string;
}

/**
 * A runtime component of the menu on its Resource page (`spec.type:
 * runtime-component`, issue 23 item 4): each version with its lifecycle,
 * source, addons, and who uses it (stages, as links; envs counted; apps).
 */
export function RuntimeComponentCard(props: RuntimeComponentCardProps) {
  const { entity } = useEntity();
  const facts = platterFacts(entity, 'runtime-component');
  if (!facts) {
    return (
      <InfoCard title={props.title ?? 'Runtime component'}>
        <WarningPanel
          title="No Platter facts"
          message="This entity has no spec.platter runtime-component facts; is it emitted by the Platter catalog provider?"
        />
      </InfoCard>
    );
  }
  return (
    <InfoCard title={props.title ?? `${facts.name} versions`} subheader="On the menu: versions, lifecycle and usage">
      <Table size="small" aria-label="Versions">
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell>
            <TableCell>Lifecycle</TableCell>
            <TableCell>Source</TableCell>
            <TableCell>Addons</TableCell>
            <TableCell>Used by</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[...facts.versions].reverse().map((v) => (
            <TableRow key={v.version}>
              <TableCell>{v.version}</TableCell>
              <TableCell>
                {v.lifecycle.status}
                {v.lifecycle.sunset ? `, sunset ${v.lifecycle.sunset}` : ''}
                {v.lifecycle.message ? ` (${v.lifecycle.message})` : ''}
              </TableCell>
              <TableCell>
                {v.chart ? `chart ${v.chart.name} ${v.chart.version}` : v.source === 'manifests' ? 'manifests' : '—'}
              </TableCell>
              <TableCell>{v.addons.map((a) => a.name).join(', ') || '—'}</TableCell>
              <TableCell>
                {v.usedBy.stages.length === 0 && v.usedBy.environments === 0
                  ? 'unused'
                  : v.usedBy.stages.map((s, i) => (
                      <span key={s}>
                        {i > 0 && ', '}
                        <EntityRefLink entityRef={platterEntityRef.stage(s)} hideIcon>
                          {s}
                        </EntityRefLink>
                      </span>
                    ))}
                {v.usedBy.environments > 0 &&
                  ` · ${v.usedBy.environments} env${v.usedBy.environments === 1 ? '' : 's'}`}
                {v.usedBy.apps.length > 0 && ` · apps ${v.usedBy.apps.join(', ')}`}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
