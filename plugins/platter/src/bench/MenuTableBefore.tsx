import { Content, ResponseErrorPanel, Table, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { platterEntityRef } from '@platter/plugin-platter-common';
import type { ComponentVersion } from '@platter/model';
import { useAsync } from '../internal/useAsync';
import { loadPlatterEntities } from '../internal/entities';
import { LifecycleStatus } from '../internal/lifecycle';
import { toComponentVersion } from '../internal/modelAdapters';

/**
 * The Menu page's table as it was before issue 24 (commit 1f796bd, unchanged but
 * for names and import paths): every runtime-component entity of the catalog,
 * one row per version, every stage, env and app that uses it inline, no paging.
 * Kept only so the benchmark (tools/bench P5) measures the old page and the new
 * one in the same run. Since the entities carry a version's envs as a count
 * (issue 24), the Environments column shows that count: this page no longer
 * downloads every env's name on its own: P5 serves it the entities as they
 * were (each version's envs by name, the envs' relations), and then the page
 * lists every env inline as it did (tools/bench/src/p5.ts). Not exported; its page (`page:platter/menu-before`,
 * /platter/bench/menu-before) is disabled unless app-config enables it.
 */
interface MenuRow {
  readonly id: string;
  readonly service: string;
  readonly version: string;
  readonly chart: string;
  readonly addons: string;
  readonly model: ComponentVersion;
  readonly stages: readonly string[];
  /** The envs by name on the entities as they were before issue 24, a count on today's. */
  readonly environments: readonly string[] | number;
  readonly apps: readonly string[];
  /** Plain text of the usage columns, so the table's search finds by stage, env or app too. */
  readonly usage: string;
}

const list = (items: readonly string[]) => (items.length ? items.join(', ') : '—');
const names = (envs: readonly string[] | number): readonly string[] => (typeof envs === 'number' ? [] : envs);

export function MenuTableBefore() {
  const catalogApi = useApi(catalogApiRef);
  const { loading, error, value } = useAsync(async (): Promise<MenuRow[]> => {
    const components = await loadPlatterEntities(catalogApi, 'runtime-component');
    return components
      .map((c) => c.facts)
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((facts) =>
        facts.versions.map((v) => ({
          id: `${facts.name}@${v.version}`,
          service: facts.name,
          version: v.version,
          chart: v.chart ? `${v.chart.name} ${v.chart.version}` : 'manifests',
          addons: v.addons.map((a) => a.name).join(', '),
          model: toComponentVersion(facts.name, v),
          stages: v.usedBy.stages,
          environments: v.usedBy.environments,
          apps: v.usedBy.apps,
          usage: [...v.usedBy.stages, ...names(v.usedBy.environments), ...v.usedBy.apps].join(' ') || 'unused',
        })),
      );
  }, [catalogApi]);

  if (error) return <ResponseErrorPanel error={error} />;
  const now = new Date();
  const columns: TableColumn<MenuRow>[] = [
    {
      title: 'Component',
      field: 'service',
      highlight: true,
      render: (row) => (
        <EntityRefLink entityRef={platterEntityRef.runtimeComponent(row.service)} hideIcon>
          {row.service}
        </EntityRefLink>
      ),
    },
    { title: 'Version', field: 'version' },
    { title: 'Chart', field: 'chart' },
    {
      title: 'Lifecycle',
      field: 'model.lifecycle.status',
      render: (row) => <LifecycleStatus version={row.model} now={now} />,
    },
    { title: 'Addons', field: 'addons', render: (row) => row.addons || '—' },
    { title: 'Stages', render: (row) => list(row.stages), searchable: false },
    {
      title: 'Environments',
      render: (row) => (typeof row.environments === 'number' ? row.environments : list(row.environments)),
      searchable: false,
    },
    { title: 'Apps', render: (row) => list(row.apps), searchable: false },
    { title: 'Usage', field: 'usage', hidden: true, searchable: true },
  ];
  return (
    <Table<MenuRow>
      title="Menu"
      subtitle="Who runs which version: search for a version, stage, env or app"
      isLoading={loading}
      columns={columns}
      data={value ?? []}
      options={{ paging: false, search: true, padding: 'dense' }}
      emptyContent={<div style={{ padding: 16 }}>No runtime components in the catalog yet.</div>}
    />
  );
}

/** The page of the benchmark's baseline (the new system's page header is its title). */
export function MenuPageBefore() {
  return (
    <Content>
      <MenuTableBefore />
    </Content>
  );
}
