import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import {
  appsInEnvironment,
  byteOrder,
  componentSource,
  effectiveComponents,
  findComponentVersion,
  findService,
  findStage,
  layout,
  stageEnvironments,
  versionUsage,
  type Environment,
  type Fleet,
  type Lifecycle,
  type RuntimeService,
  type Stage,
} from '@platter/model';
import { drift, driftLines, type EnvDrift } from '@platter/render';
import {
  PLATTER_ANNOTATIONS,
  PLATTER_ENTITY_TYPES,
  platterEntityName,
  platterEntityRef,
  type EnvironmentFacts,
  type PlatterEntityType,
  type RuntimeComponentFacts,
  type StageFacts,
} from '@platter/plugin-platter-common';
import { sourceLocationOf } from './sourceLocation';

interface ResourceParts {
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  readonly annotations: Record<string, string>;
  /** The entity's own directory in the repository (its source location). */
  readonly dir: string;
  readonly labels?: Record<string, string>;
  readonly tags?: string[];
  readonly type: PlatterEntityType;
  readonly lifecycle: 'production' | 'experimental' | 'deprecated';
  readonly owner: string;
  readonly dependsOn: string[];
  readonly platter: EnvironmentFacts | StageFacts | RuntimeComponentFacts;
}

/** Where the entities were read from. */
export interface EntitySource {
  /** The commit of the snapshot (annotation platter.dev/commit). */
  readonly commit: string;
  /** The repository URL as it may be shown (credentials masked), or a local path. */
  readonly sourceUrl: string;
  /** The branch read. */
  readonly branch: string;
  /** For a local repository: the backend's read-only tree view (`<platter backend>/source`), View Source's target. */
  readonly browseUrl?: string;
}

/**
 * The catalog entities of a fleet (DESIGN §4), purely: one `Resource` per
 * stage (`stage-<s>`), environment (`env-<e>`) and runtime component of the
 * menu (`component-<svc>`), with readable titles, owners from platter.yaml
 * (an env's own owner, else the platform team), relations through
 * `spec.dependsOn` (env -> its stage and the components it runs; stage -> its
 * components; component -> the components its versions depend on; refs only to
 * entities this function emits), and Platter's facts under `spec.platter`
 * (EnvironmentFacts, StageFacts, RuntimeComponentFacts of platter-common, which
 * the frontend cards read). App Components are not emitted: an app's own
 * catalog-info links to them with the `platter.dev/app` annotation.
 *
 * Deterministic: stages in promotion order, then envs and components by name,
 * apps by name (whatever order the model holds them in); absent optional facts
 * are left out rather than set to undefined.
 */
export function buildEntities(fleet: Fleet, source: EntitySource): Entity[] {
  const location = `url:${locationUrl(source.sourceUrl)}`;
  const resource = (r: ResourceParts): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: r.name,
      title: r.title,
      ...(r.description ? { description: r.description } : {}),
      ...(r.labels ? { labels: r.labels } : {}),
      ...(r.tags ? { tags: r.tags } : {}),
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [PLATTER_ANNOTATIONS.source]: `${source.sourceUrl}#${source.branch}`,
        [PLATTER_ANNOTATIONS.commit]: source.commit,
        // View Source opens the entity's own directory (issue 23 item 3).
        [ANNOTATION_SOURCE_LOCATION]: sourceLocationOf(source.sourceUrl, source.branch, r.dir, source.browseUrl),
        ...r.annotations,
      },
    },
    // The facts are plain JSON by construction; their interfaces just lack an index signature.
    spec: {
      type: r.type,
      lifecycle: r.lifecycle,
      owner: r.owner,
      dependsOn: r.dependsOn,
      platter: r.platter as unknown as NonNullable<Entity['spec']>[string],
    },
  });
  const onMenu = (service: string) => !!findService(fleet, service);
  const driftByEnv = new Map<string, EnvDrift>();
  for (const stage of fleet.stages) for (const d of drift(fleet, stage.name).environments) driftByEnv.set(d.env, d);

  const stages = fleet.stages.map((stage, order) => {
    const facts = stageFacts(fleet, stage, order);
    return resource({
      name: platterEntityName.stage(stage.name),
      title: stage.name,
      description: stageDescription(facts),
      annotations: { [PLATTER_ANNOTATIONS.stage]: stage.name },
      dir: layout.stageDir(stage.name),
      labels: { [STAGE_LABEL]: stage.name },
      tags: [stageTag(stage.name)],
      type: PLATTER_ENTITY_TYPES.stage,
      lifecycle: stageLifecycle(stage),
      owner: fleet.settings.platformTeam,
      dependsOn: unique(
        stage.components.filter((c) => onMenu(c.service)).map((c) => platterEntityRef.runtimeComponent(c.service)),
      ),
      platter: facts,
    });
  });

  const environments = [...fleet.environments]
    .sort((a, b) => byteOrder(a.name, b.name))
    .map((env) => {
      const facts = environmentFacts(fleet, env, driftByEnv.get(env.name));
      return resource({
        name: platterEntityName.environment(env.name),
        title: env.name,
        description: environmentDescription(facts),
        annotations: { [PLATTER_ANNOTATIONS.environment]: env.name, [PLATTER_ANNOTATIONS.stage]: env.stage },
        dir: layout.envDir(env.name),
        labels: { [STAGE_LABEL]: env.stage },
        tags: [stageTag(env.stage)],
        type: PLATTER_ENTITY_TYPES.environment,
        lifecycle: stageLifecycle(findStage(fleet, env.stage)),
        owner: env.owner ?? fleet.settings.platformTeam,
        // Its stage only: the stage depends on the components (an env runs its stage's). Listing them here
        // too gave each component entity one relation per env, 1,000 at 1,000 envs (issue 24).
        dependsOn: findStage(fleet, env.stage) ? [platterEntityRef.stage(env.stage)] : [],
        platter: facts,
      });
    });

  const components = [...fleet.services]
    .sort((a, b) => byteOrder(a.name, b.name))
    .map((svc) => {
      const facts = runtimeComponentFacts(fleet, svc);
      return resource({
        name: platterEntityName.runtimeComponent(svc.name),
        title: svc.name,
        description: runtimeComponentDescription(facts, svc.versions.at(-1)?.description),
        annotations: { [PLATTER_ANNOTATIONS.runtimeService]: svc.name },
        dir: layout.serviceDir(svc.name),
        type: PLATTER_ENTITY_TYPES.runtimeComponent,
        // helm, manifests or both: the catalog filters components by where their objects come from.
        tags: unique(svc.versions.map(componentSource)).sort(),
        lifecycle: componentLifecycle(facts),
        owner: fleet.settings.platformTeam,
        dependsOn: unique(svc.versions.flatMap((v) => v.dependsOn).filter((s) => s !== svc.name && onMenu(s)))
          .sort()
          .map((s) => platterEntityRef.runtimeComponent(s)),
        platter: facts,
      });
    });

  return [...stages, ...environments, ...components];
}

export function environmentFacts(fleet: Fleet, env: Environment, envDrift?: EnvDrift): EnvironmentFacts {
  const cluster = env.config.cluster_name;
  const region = env.config.region;
  return {
    name: env.name,
    stage: env.stage,
    ...(cluster ? { cluster } : {}),
    ...(region ? { region } : {}),
    config: { ...env.config },
    components: effectiveComponents(fleet, env).map((c) => ({
      service: c.service,
      version: c.version,
      addons: [...c.addons],
      overrides: { enabled: [...c.overrides.enabled], disabled: [...c.overrides.disabled] },
      lifecycle: lifecycleFacts(findComponentVersion(fleet, c.service, c.version)?.lifecycle),
    })),
    apps: appsInEnvironment(fleet, env)
      .map(({ app, deployment }) => ({
        app: app.name,
        tenant: app.tenant,
        namespace: app.namespace,
        version: deployment.version,
        via: deployment.env !== undefined ? ('env' as const) : ('stage' as const),
      }))
      .sort(byApp),
    secrets: env.secrets.map((s) => ({ name: s.name, keys: [...s.keys] })),
    drift: envDrift ? driftLines(envDrift, env.stage) : [],
  };
}

export function stageFacts(fleet: Fleet, stage: Stage, order: number): StageFacts {
  return {
    name: stage.name,
    order,
    allowPrerelease: stage.allowPrerelease,
    ...(stage.promotesFrom ? { promotesFrom: stage.promotesFrom } : {}),
    // A count, not the names: the stage entity's size does not grow with the fleet (issue 24).
    environmentCount: stageEnvironments(fleet, stage.name).length,
    components: stage.components.map((c) => ({ service: c.service, version: c.version, addons: [...c.addons] })),
    apps: fleet.apps
      .flatMap((a) =>
        a.deployments
          .filter((d) => d.stage === stage.name)
          .map((d) => ({ app: a.name, tenant: a.tenant, version: d.version })),
      )
      .sort(byApp),
  };
}

export function runtimeComponentFacts(fleet: Fleet, svc: RuntimeService): RuntimeComponentFacts {
  return {
    name: svc.name,
    versions: svc.versions.map((v) => {
      const { stages, environments, apps } = versionUsage(fleet, svc.name, v.version);
      return {
        version: v.version,
        ...(v.description ? { description: v.description } : {}),
        source: componentSource(v),
        ...(v.source === 'manifests'
          ? {}
          : { chart: { repository: v.chart.repository, name: v.chart.name, version: v.chart.version } }),
        lifecycle: lifecycleFacts(v.lifecycle),
        addons: v.addons.map((a) => ({
          name: a.name,
          ...(a.description ? { description: a.description } : {}),
          conflictsWith: [...a.conflictsWith],
        })),
        dependsOn: [...v.dependsOn],
        usedBy: { stages, environments: environments.length, apps },
      };
    }),
  };
}

function lifecycleFacts(l: Lifecycle | undefined): EnvironmentFacts['components'][number]['lifecycle'] {
  if (!l) return { status: 'stable' };
  return { status: l.status, ...(l.sunset ? { sunset: l.sunset } : {}), ...(l.message ? { message: l.message } : {}) };
}

/**
 * Label (and tag) that says an env's stage, so the catalog filters envs by stage:
 * `GET /api/catalog/entities?filter=metadata.labels.platter.dev/stage=prod`, and the
 * catalog page's tag picker (`stage-prod`).
 */
export const STAGE_LABEL = 'platter.dev/stage';
export const stageTag = (stage: string) => `stage-${stage}`;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** `Stage prod · cluster prod-eu-1 in eu-west-1 · 30 components (2 with own addons) · 12 apps · 3 drift findings`. */
function environmentDescription(f: EnvironmentFacts): string {
  const overridden = f.components.filter((c) => c.overrides.enabled.length || c.overrides.disabled.length).length;
  const deprecated = f.components.filter((c) => c.lifecycle.status === 'deprecated').length;
  return [
    `Stage ${f.stage}`,
    `cluster ${f.cluster ?? f.name}${f.region ? ` in ${f.region}` : ''}`,
    `${count(f.components.length, 'component')}${overridden ? ` (${overridden} with own addons)` : ''}${deprecated ? `, ${deprecated} deprecated` : ''}`,
    count(f.apps.length, 'app'),
    f.drift.length ? count(f.drift.length, 'drift finding') : 'in sync with its stage',
  ].join(' · ');
}

/** `120 envs · 30 components · 40 apps · promoted from canary`. */
function stageDescription(f: StageFacts): string {
  return [
    count(f.environmentCount, 'env'),
    count(f.components.length, 'component'),
    count(f.apps.length, 'app'),
    ...(f.promotesFrom ? [`promoted from ${f.promotesFrom}`] : []),
  ].join(' · ');
}

/** `Versions 1.0.0 (deprecated), 1.1.0 · runs in 3 stages, 120 envs · <the newest version's description>`. */
function runtimeComponentDescription(f: RuntimeComponentFacts, latest: string | undefined): string {
  const versions = f.versions
    .map((v) => `${v.version}${v.lifecycle.status === 'deprecated' ? ' (deprecated)' : ''}`)
    .join(', ');
  const stages = new Set(f.versions.flatMap((v) => v.usedBy.stages)).size;
  const envs = f.versions.reduce((n, v) => n + v.usedBy.environments, 0);
  return [
    `Versions ${versions || 'none'}`,
    stages ? `runs in ${count(stages, 'stage')}, ${count(envs, 'env')}` : 'used nowhere',
    ...(latest ? [latest] : []),
  ].join(' · ');
}

/**
 * Backstage's lifecycle of a stage and its envs (issue 23 item 4): a stage that
 * takes prereleases is where things are tried (`experimental`); one that
 * takes releases only runs for real (`production`).
 */
function stageLifecycle(stage: Stage | undefined): 'production' | 'experimental' {
  return stage?.allowPrerelease ? 'experimental' : 'production';
}

/** Backstage's lifecycle of a runtime component: deprecated when every version is, experimental when none is released. */
function componentLifecycle(f: RuntimeComponentFacts): 'production' | 'experimental' | 'deprecated' {
  if (f.versions.length && f.versions.every((v) => v.lifecycle.status === 'deprecated')) return 'deprecated';
  return f.versions.some((v) => !v.version.includes('-')) ? 'production' : 'experimental';
}

/**
 * The location annotations need a URL: remote URLs stay as they are (already
 * masked), a plain path to a local repository becomes file://.
 */
function locationUrl(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) || /^[^/]+@[^:]+:/.test(url) ? url : `file://${url}`;
}

const byApp = (a: { app: string }, b: { app: string }) => byteOrder(a.app, b.app);
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];
