import {
  findComponentVersion,
  layout,
  objectNames,
  relativePath,
  type Fleet,
  type Stage,
  type StageComponent,
} from '@platter/model';
import { exact, mergeObjectsFile, mergeSingleDocumentFile, toYaml } from '../yaml';
import type { RenderContext, RenderedFiles } from './context';
import { sharedList } from './lists';
import { API, configMap, helmReleasePatch } from './objects';

/**
 * A stage: `stages/<stage>/`, a Kustomize Component every env of the stage
 * includes. It carries the stage config, one Flux Kustomization per runtime
 * component (`runtime-<svc>`: version directory + ordered addons), and the
 * stage's tenants. The env's own patches run after it (env addon overrides).
 */
export function renderStage(ctx: RenderContext, stage: Stage, out: RenderedFiles): void {
  const { fleet, previous } = ctx;
  const dir = layout.stageDir(stage.name);
  const tenants = fleet.tenants
    .filter((t) => t.stages.includes(stage.name))
    .map((t) => t.name)
    .sort();
  const resources = [
    'stage-config.yaml',
    ...stage.components.map((c) => `runtime/${c.service}.yaml`).sort(),
    ...tenants.map((t) => relativePath(dir, layout.tenantStageDir(t, stage.name))),
  ];
  const isOurs = (e: unknown) =>
    typeof e === 'string' &&
    (e === 'stage-config.yaml' || /^runtime\/[^/]+\.yaml$/.test(e) || /^\.\.\/\.\.\/tenants\/[^/]+\/[^/]+$/.test(e));
  out.set(
    layout.stageKustomization(stage.name),
    mergeSingleDocumentFile(previous.read(layout.stageKustomization(stage.name)), {
      apiVersion: API.component,
      kind: 'Component',
      resources: sharedList(resources, isOurs),
    }),
  );
  out.set(
    layout.stageConfig(stage.name),
    mergeObjectsFile(previous.read(layout.stageConfig(stage.name)), [
      { ...configMap(objectNames.stageConfig, 'flux-system', {}), data: exact(stageConfigData(stage)) },
    ]),
  );
  for (const c of stage.components) {
    const path = layout.stageRuntime(stage.name, c.service);
    out.set(path, mergeObjectsFile(previous.read(path), [runtimeKustomization(fleet, c)]));
  }
}

/** stage-config data: the stage's name (as `${stage}`) and its config. */
export const stageConfigData = (stage: Stage): Record<string, string> => ({ stage: stage.name, ...stage.config });

/**
 * The Flux Kustomization of one runtime component in a stage. `spec.components`
 * is the full, ordered addon list: Flux appends it to `_base`'s kustomization.
 */
export function runtimeKustomization(fleet: Fleet, c: StageComponent): Record<string, unknown> {
  const version = findComponentVersion(fleet, c.service, c.version);
  const needsSecret = (version?.requires.secrets.length ?? 0) > 0;
  return {
    apiVersion: API.fluxKustomization,
    kind: 'Kustomization',
    metadata: { name: objectNames.runtimeKustomization(c.service), namespace: 'flux-system' },
    spec: {
      interval: '10m',
      path: `./${layout.baseDir(c.service, c.version)}`,
      // Always a list, so an env override can append with `add /spec/components/-`.
      components: c.addons.map((a) => `../${a}`),
      dependsOn: version?.dependsOn.length
        ? [...version.dependsOn].sort().map((d) => ({ name: objectNames.runtimeKustomization(d) }))
        : undefined,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      serviceAccountName: fleet.settings.lockdown ? 'kustomize-controller' : undefined,
      prune: true,
      wait: true,
      timeout: '5m',
      postBuild: {
        substituteFrom: [
          { kind: 'ConfigMap', name: objectNames.stageConfig },
          { kind: 'ConfigMap', name: objectNames.envConfig },
          ...(needsSecret ? [{ kind: 'Secret', name: objectNames.runtimeSecret(c.service) }] : []),
        ],
      },
      patches:
        c.values && Object.keys(c.values).length && version
          ? [valuesPatch(version.service, version.namespace, c.values)]
          : undefined,
    },
  };
}

/** Stage-specific Helm values, as a patch Flux applies after the addons. */
export const valuesPatch = (service: string, namespace: string, values: Record<string, unknown>) => ({
  target: { kind: 'HelmRelease', name: service },
  patch: toYaml(helmReleasePatch(service, namespace, { values })),
});
