/**
 * Where things live in a Platter repository (DESIGN §2), in one place: the
 * parser, the renderer, the rules, the review policy and CODEOWNERS all ask here.
 */
export const SETTINGS_FILE = 'platter.yaml';
export const SOPS_CONFIG_FILE = '.sops.yaml';
export const CODEOWNERS_FILE = 'CODEOWNERS';
export const ENCRYPTED_SUFFIX = '.yaml.encrypted';

export const layout = {
  settings: SETTINGS_FILE,
  sopsConfig: SOPS_CONFIG_FILE,
  codeowners: CODEOWNERS_FILE,

  runtimeDir: 'runtime',
  serviceDir: (svc: string) => `runtime/${svc}`,
  versionDir: (svc: string, ver: string) => `runtime/${svc}/${ver}`,
  componentFile: (svc: string, ver: string) => `runtime/${svc}/${ver}/component.yaml`,
  baseDir: (svc: string, ver: string) => `runtime/${svc}/${ver}/_base`,
  addonDir: (svc: string, ver: string, addon: string) => `runtime/${svc}/${ver}/${addon}`,

  stagesDir: 'stages',
  stageDir: (stage: string) => `stages/${stage}`,
  stageKustomization: (stage: string) => `stages/${stage}/kustomization.yaml`,
  stageConfig: (stage: string) => `stages/${stage}/stage-config.yaml`,
  stageRuntimeDir: (stage: string) => `stages/${stage}/runtime`,
  stageRuntime: (stage: string, svc: string) => `stages/${stage}/runtime/${svc}.yaml`,

  envsDir: 'envs',
  envDir: (env: string) => `envs/${env}`,
  envKustomization: (env: string) => `envs/${env}/kustomization.yaml`,
  envConfig: (env: string) => `envs/${env}/env-config.yaml`,
  tenantConfig: (env: string) => `envs/${env}/tenant-config.yaml`,
  secretsDir: (env: string) => `envs/${env}/secrets`,
  secretFile: (env: string, name: string) => `envs/${env}/secrets/${name}${ENCRYPTED_SUFFIX}`,
  fluxSystemDir: (env: string) => `envs/${env}/flux-system`,
  fluxSystemKustomization: (env: string) => `envs/${env}/flux-system/kustomization.yaml`,
  fluxComponents: (env: string) => `envs/${env}/flux-system/gotk-components.yaml`,
  fluxSync: (env: string) => `envs/${env}/flux-system/gotk-sync.yaml`,

  tenantsDir: 'tenants',
  tenantDir: (t: string) => `tenants/${t}`,
  tenantBaseDir: (t: string) => `tenants/${t}/base`,
  tenantBaseKustomization: (t: string) => `tenants/${t}/base/kustomization.yaml`,
  tenantNamespaces: (t: string) => `tenants/${t}/base/namespaces.yaml`,
  tenantRbac: (t: string) => `tenants/${t}/base/rbac.yaml`,
  tenantSource: (t: string) => `tenants/${t}/base/source.yaml`,
  tenantStageDir: (t: string, stage: string) => `tenants/${t}/${stage}`,
  tenantStageKustomization: (t: string, stage: string) => `tenants/${t}/${stage}/kustomization.yaml`,
  tenantEnvsDir: (t: string) => `tenants/${t}/envs`,
  tenantEnvDir: (t: string, env: string) => `tenants/${t}/envs/${env}`,
  tenantEnvKustomization: (t: string, env: string) => `tenants/${t}/envs/${env}/kustomization.yaml`,
  /** The Flux Kustomization of an app bound to a stage or an env. */
  tenantAppKustomization: (t: string, target: DeploymentTarget, app: string) =>
    `${target.stage !== undefined ? `tenants/${t}/${target.stage}` : `tenants/${t}/envs/${target.env}`}/${app}.yaml`,

  appsDir: 'apps',
  appDir: (app: string) => `apps/${app}`,
  appBaseDir: (app: string) => `apps/${app}/base`,
  appBaseKustomization: (app: string) => `apps/${app}/base/kustomization.yaml`,
  appSource: (app: string) => `apps/${app}/base/source.yaml`,
  appRelease: (app: string) => `apps/${app}/base/release.yaml`,
  appWorkload: (app: string) => `apps/${app}/base/workload.yaml`,
  appOverlayDir: (app: string, target: DeploymentTarget) =>
    target.stage !== undefined ? `apps/${app}/${target.stage}` : `apps/${app}/envs/${target.env}`,
  appOverlayKustomization: (app: string, target: DeploymentTarget) =>
    `${layout.appOverlayDir(app, target)}/kustomization.yaml`,
  appOverlayPin: (app: string, target: DeploymentTarget) => `${layout.appOverlayDir(app, target)}/release.yaml`,
} as const;

/**
 * The version a runtime Kustomization's `spec.path` names, when it is a version's
 * `_base` of `svc` as render writes it (`./runtime/<svc>/<version>/_base`):
 * how an env's version pin is told apart from any other patch of `spec.path`.
 */
export function versionOfBasePath(svc: string, path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const prefix = `./${layout.serviceDir(svc)}/`;
  if (!path.startsWith(prefix) || !path.endsWith('/_base')) return undefined;
  const version = path.slice(prefix.length, -'/_base'.length);
  return version && !version.includes('/') ? version : undefined;
}

/**
 * The names kustomize (and Flux) look for in a directory, in the order they
 * look: the one list (the static walker, the oracle, the artifact copy).
 */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/**
 * Where something is deployed or a request points: a stage or one env (exactly
 * one set). The one target type: request schemas (`target` in
 * requests/common.ts) parse into it, the layout and the planners take it.
 */
export type Target =
  { readonly stage: string; readonly env?: undefined } | { readonly env: string; readonly stage?: undefined };
/** @deprecated the same type as {@link Target}; use that name. */
export type DeploymentTarget = Target;

/** "stage prod" / "env prod-eu": a target in a sentence. */
export const describeTarget = (t: Target): string => (t.stage !== undefined ? `stage ${t.stage}` : `env ${t.env}`);

/**
 * The target of a stage/env pair (a request's `stage?`/`env?` fields, a
 * deployment): the stage when it is set, else the env. The pair's own rule
 * (exactly one set) is checked where it is parsed.
 */
export const targetOf = (t: { readonly stage?: string; readonly env?: string }): Target =>
  t.stage !== undefined ? { stage: t.stage } : { env: t.env! };
