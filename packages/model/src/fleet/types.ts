/**
 * The model of a GitOps repository managed by Platter (DESIGN §2): plain,
 * serialisable data. Parsed entities carry `origin` (the file they came from) so
 * diagnostics can name it; models built in code leave it out. Sets (names,
 * namespaces) are kept sorted; sequences whose order means something (addons,
 * which Kustomize applies in list order) keep their order.
 */

export interface SourceLocation {
  readonly path: string;
  readonly line?: number;
}

export interface Located {
  readonly origin?: SourceLocation;
}

/** A Backstage entity reference such as `group:default/team-a`. */
export type OwnerRef = string;

/** Key/value config that becomes a ConfigMap and Flux substitution variables. */
export type ConfigData = Readonly<Record<string, string>>;

/** Helm values (or any JSON-like data) carried through to manifests unchanged. */
export type Values = Readonly<Record<string, unknown>>;

export interface Fleet {
  readonly settings: Settings;
  /** In promotion order (the order of platter.yaml). */
  readonly stages: readonly Stage[];
  readonly environments: readonly Environment[];
  /** The menu. */
  readonly services: readonly RuntimeService[];
  readonly tenants: readonly Tenant[];
  readonly apps: readonly App[];
}

/** platter.yaml fields that belong to no stage, environment or tenant. */
export interface Settings extends Located {
  /** Name of the fleet (the repository), used in titles and commit messages. */
  readonly name: string;
  /** The platform team: owner of everything that is not a tenant's. */
  readonly platformTeam: OwnerRef;
  /** CODEOWNERS handles of the platform team (`@org/platform`). */
  readonly platformCodeowners: readonly string[];
  /**
   * Multi-tenancy lockdown (default on): tenant Kustomizations run as the tenant's
   * service account, read only sources in their own namespace, and Flux runs with
   * `--no-cross-namespace-refs` and `--default-service-account`.
   */
  readonly lockdown: boolean;
  /** This repository as tenants' `platter` GitRepository reaches it. */
  readonly repository: RepositorySettings;
  /** Keys of env and stage config copied into each tenant namespace (ConfigMap platter-env). */
  readonly tenantConfigKeys: readonly string[];
}

export interface RepositorySettings {
  readonly url: string;
  readonly branch: string;
  /** Name of a Secret (in each tenant namespace) with Git credentials, for private repositories. */
  readonly secretName?: string;
}

/** A profile that environments share: runtime components, versions, addons, tenants. */
export interface Stage extends Located {
  readonly name: string;
  readonly allowPrerelease: boolean;
  /** The stage whose versions this one is promoted from (prod promotes from staging). */
  readonly promotesFrom?: string;
  readonly config: ConfigData;
  /** Runtime components this stage runs, sorted by service. */
  readonly components: readonly StageComponent[];
}

export interface StageComponent extends Located {
  readonly service: string;
  readonly version: string;
  /** Ordered: Kustomize applies components in list order. */
  readonly addons: readonly string[];
  /** Stage-specific Helm values, rendered as a patch on the runtime Kustomization. */
  readonly values?: Values;
}

/** One cluster. Carries only what is really its own; the rest comes from its stage. */
export interface Environment extends Located {
  readonly name: string;
  readonly stage: string;
  readonly owner?: OwnerRef;
  /** age recipients that can decrypt this environment's secrets (its cluster's key, break-glass keys). */
  readonly ageRecipients: readonly string[];
  /** Cluster facts (cluster_name, region, cloud outputs): ConfigMap env-config. */
  readonly config: ConfigData;
  /** Encrypted Secrets under envs/<env>/secrets, sorted by file name. */
  readonly secrets: readonly EnvSecret[];
  /** Addons this env enables or disables on top of its stage. */
  readonly addonOverrides: readonly AddonOverride[];
  /**
   * Runtime component versions this env runs instead of its stage's (an upgrade
   * campaign's canary wave), sorted by service; absent when none. Rendered as a
   * patch of the stage's runtime Kustomization's `spec.path` in the env's overlay.
   */
  readonly versionOverrides?: readonly VersionOverride[];
}

export interface EnvSecret extends Located {
  /** Secret name; the file is `envs/<env>/secrets/<name>.yaml.encrypted`. */
  readonly name: string;
  readonly namespace: string;
  /** Data keys (readable: SOPS encrypts values only). */
  readonly keys: readonly string[];
  /** false when the file holds plaintext values (a NotEncrypted finding). */
  readonly encrypted: boolean;
}

export interface AddonOverride {
  readonly service: string;
  readonly addon: string;
  readonly action: 'enable' | 'disable';
}

/** One env runs `version` of a runtime service its stage runs at another version. */
export interface VersionOverride {
  readonly service: string;
  readonly version: string;
}

/** A runtime component of the menu (ingress-nginx) with its released versions. */
export interface RuntimeService extends Located {
  readonly name: string;
  /** Ascending SemVer order. */
  readonly versions: readonly ComponentVersion[];
}

export type LifecycleStatus = 'stable' | 'deprecated';

export interface Lifecycle {
  readonly status: LifecycleStatus;
  /** ISO date (YYYY-MM-DD) after which no stage may run the version. */
  readonly sunset?: string;
  /** What to move to, shown to users of a deprecated version. */
  readonly message?: string;
}

export interface HelmChart {
  /** https:// Helm repository or oci:// registry. */
  readonly repository: string;
  readonly name: string;
  readonly version: string;
}

/** Where a component version's objects come from: a Helm chart (the default) or a directory of plain manifests. */
export type ComponentSource = 'helm' | 'manifests';

/**
 * A released version of a runtime component: `runtime/<svc>/<version>/`. Either a
 * Helm chart (`_base` holds Namespace, HelmRepository and HelmRelease) or plain
 * manifests (`_base` holds the objects themselves); both have the same `_base` +
 * addons layout (addons are Kustomize Components), lifecycle, digest, `requires`
 * and `dependsOn`. Branch on `source` (absent means helm).
 */
export type ComponentVersion = HelmComponentVersion | ManifestComponentVersion;

/** What every component version has, whatever its source. */
export interface ComponentVersionCommon extends Located {
  readonly service: string;
  readonly version: string;
  readonly description?: string;
  /** Namespace the component installs into (created by its `_base`). */
  readonly namespace: string;
  /** Runtime services that must be ready first. */
  readonly dependsOn: readonly string[];
  readonly addons: readonly Addon[];
  readonly requires: Requirements;
  readonly lifecycle: Lifecycle;
  /** `sha256:<hex>` of the version directory at release (everything but lifecycle). */
  readonly digest?: string;
  /** What the parser found in the version directory (absent on models built in code). */
  readonly facts?: ComponentFacts;
}

/** A component version that installs a Helm chart (component.yaml `spec.chart`). */
export interface HelmComponentVersion extends ComponentVersionCommon {
  /** Absent or `helm`: models built before plain manifests existed stay valid. */
  readonly source?: 'helm';
  readonly chart: HelmChart;
  /** Helm values of `_base`; undefined for a hand-written `_base`. */
  readonly values?: Values;
}

/**
 * A component version of plain manifests (component.yaml `spec.source: manifests`):
 * monitoring agents, CRD bundles, network policies, a ClusterIssuer set.
 */
export interface ManifestComponentVersion extends ComponentVersionCommon {
  readonly source: 'manifests';
  readonly chart?: undefined;
  readonly values?: undefined;
  /**
   * Every file of the version directory but component.yaml, by path relative to
   * it (`_base/kustomization.yaml`, `_base/daemonset.yaml`, `<addon>/kustomization.yaml`).
   * The files are the component: Platter copies them verbatim and never renders them
   * from other fields. Sorted by path.
   */
  readonly files: Readonly<Record<string, string>>;
}

export interface Requirements {
  /** Keys every env (or its stage) must define in its config. */
  readonly config: readonly string[];
  /** Keys of the env Secret `runtime-<svc>` in flux-system every env must have. */
  readonly secrets: readonly string[];
}

export interface Addon {
  readonly name: string;
  readonly description?: string;
  readonly conflictsWith: readonly string[];
  /** Objects of `_base` the addon's patches change (`HelmRelease/ingress-nginx`). */
  readonly patchTargets: readonly ResourceRef[];
  /** Helm values the addon merges into the HelmRelease; undefined for a hand-written addon. */
  readonly values?: Values;
}

export interface ResourceRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Facts read off the files of a version directory, for the rules. */
export interface ComponentFacts {
  /** Digest computed from the files as they are now. */
  readonly computedDigest: string;
  /** Objects `_base` declares. */
  readonly baseObjects: readonly ResourceRef[];
  /** Addon directories that exist (a component.yaml addon without one is broken). */
  readonly addonDirs: readonly string[];
  /** Patch targets found in each addon's kustomization. */
  readonly addonPatchTargets: Readonly<Record<string, readonly ResourceRef[]>>;
  /** Files of the version holding a Secret with plaintext values (neither `${KEY}` nor SOPS-encrypted). */
  readonly plaintextSecrets?: readonly string[];
}

export interface Tenant extends Located {
  readonly name: string;
  readonly owner: OwnerRef;
  /** CODEOWNERS handles of the tenant team. */
  readonly codeowners: readonly string[];
  /** Sorted; the first is the default namespace of the tenant's apps. */
  readonly namespaces: readonly string[];
  /** Stages the tenant is onboarded into (sorted by stage order). */
  readonly stages: readonly string[];
}

export type AppSource = HelmAppSource | ImageAppSource;

export interface HelmAppSource {
  readonly type: 'helm';
  /** https:// Helm repository or oci:// registry. */
  readonly repository: string;
  readonly chart: string;
  readonly values?: Values;
}

export interface ImageAppSource {
  readonly type: 'image';
  /** Image name without tag (ghcr.io/team-b/billing); the tag is the pinned version. */
  readonly image: string;
  readonly port: number;
}

/** A tenant's application: `apps/<app>/`. */
export interface App extends Located {
  readonly name: string;
  readonly tenant: string;
  readonly namespace: string;
  readonly source: AppSource;
  /** Runtime services the app needs (its Kustomization waits for them). */
  readonly dependsOn: readonly string[];
  /** Sorted: stage deployments (in stage order) then env-only ones (by name). */
  readonly deployments: readonly Deployment[];
}

/** Where an app runs and the version pinned there. Exactly one of stage/env. */
export type Deployment = StageDeployment | EnvDeployment;

export interface StageDeployment extends Located {
  readonly stage: string;
  readonly env?: undefined;
  readonly version: string;
  readonly values?: Values;
}

export interface EnvDeployment extends Located {
  readonly env: string;
  readonly stage?: undefined;
  readonly version: string;
  readonly values?: Values;
}
