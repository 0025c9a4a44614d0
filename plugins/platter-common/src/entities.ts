/**
 * How Platter's catalog entities look: `Resource` entities of three types,
 * named uniquely across types (`env-prod-eu`, `stage-prod`, `component-ingress-nginx`),
 * with the Platter facts under `spec.platter`. The provider writes them, the
 * frontend cards read them; both use these names.
 */
export const PLATTER_ENTITY_TYPES = {
  environment: 'environment',
  stage: 'stage',
  runtimeComponent: 'runtime-component',
} as const;

export type PlatterEntityType = (typeof PLATTER_ENTITY_TYPES)[keyof typeof PLATTER_ENTITY_TYPES];

/** Annotation keys. `platter.dev/app` goes on the app's own Component (its catalog-info). */
export const PLATTER_ANNOTATIONS = {
  /** On an app's Component: the Platter app name (set by the onboard-app template). */
  app: 'platter.dev/app',
  environment: 'platter.dev/environment',
  stage: 'platter.dev/stage',
  runtimeService: 'platter.dev/runtime-service',
  /** Where the entity was read from: `<repository url>#<branch>`. */
  source: 'platter.dev/source',
  /** The commit the entity was read at. */
  commit: 'platter.dev/commit',
} as const;

export const platterEntityName = {
  environment: (env: string) => `env-${env}`,
  stage: (stage: string) => `stage-${stage}`,
  runtimeComponent: (service: string) => `component-${service}`,
};

export const platterEntityRef = {
  environment: (env: string) => `resource:default/${platterEntityName.environment(env)}`,
  stage: (stage: string) => `resource:default/${platterEntityName.stage(stage)}`,
  runtimeComponent: (service: string) => `resource:default/${platterEntityName.runtimeComponent(service)}`,
};

/** A runtime component as an environment runs it (EnvironmentCard). */
export interface EnvironmentComponentView {
  readonly service: string;
  readonly version: string;
  readonly addons: readonly string[];
  readonly overrides: { readonly enabled: readonly string[]; readonly disabled: readonly string[] };
  readonly lifecycle: { readonly status: 'stable' | 'deprecated'; readonly sunset?: string; readonly message?: string };
}

export interface EnvironmentAppView {
  readonly app: string;
  readonly tenant: string;
  /** The app's namespace: its Flux Kustomization is `<namespace>/<app>` (the explain link). */
  readonly namespace?: string;
  readonly version: string;
  /** `stage` when bound through the stage, `env` when deployed to this env alone. */
  readonly via: 'stage' | 'env';
}

/** `spec.platter` of an environment entity. */
export interface EnvironmentFacts {
  readonly name: string;
  readonly stage: string;
  readonly cluster?: string;
  readonly region?: string;
  readonly config: Readonly<Record<string, string>>;
  readonly components: readonly EnvironmentComponentView[];
  readonly apps: readonly EnvironmentAppView[];
  readonly secrets: readonly { readonly name: string; readonly keys: readonly string[] }[];
  /** How this env differs from the other envs of its stage (empty when it does not). */
  readonly drift: readonly string[];
}

/** `spec.platter` of a stage entity. */
export interface StageFacts {
  readonly name: string;
  readonly order: number;
  readonly allowPrerelease: boolean;
  readonly promotesFrom?: string;
  /**
   * How many envs the stage has. Their names are not listed here: a list that grows
   * with the fleet made every stage entity grow with it (issue 24); the stage's page
   * pages them from `GET /api/platter/stage/environments`.
   */
  readonly environmentCount: number;
  readonly components: readonly {
    readonly service: string;
    readonly version: string;
    readonly addons: readonly string[];
  }[];
  readonly apps: readonly { readonly app: string; readonly tenant: string; readonly version: string }[];
}

/** `spec.platter` of a runtime-component entity: the menu entry with usage per version. */
export interface RuntimeComponentFacts {
  readonly name: string;
  readonly versions: readonly {
    readonly version: string;
    readonly description?: string;
    /** Where its objects come from: a Helm chart or plain manifests (older entities: absent, a chart). */
    readonly source?: 'helm' | 'manifests';
    /** The chart (Helm versions only). */
    readonly chart?: { readonly repository: string; readonly name: string; readonly version: string };
    readonly lifecycle: {
      readonly status: 'stable' | 'deprecated';
      readonly sunset?: string;
      readonly message?: string;
    };
    readonly addons: readonly {
      readonly name: string;
      readonly description?: string;
      readonly conflictsWith: readonly string[];
    }[];
    readonly dependsOn: readonly string[];
    /**
     * Who uses it: the stages and apps by name, the envs as a count, so the
     * entity's size does not grow with the fleet (issue 24; the Menu page lists
     * a version's envs a page at a time).
     */
    readonly usedBy: {
      readonly stages: readonly string[];
      /** How many envs run this version. */
      readonly environments: number;
      readonly apps: readonly string[];
    };
  }[];
}

/**
 * Whether a repository URL is local (a path or `file://`) rather than a remote a
 * host serves web pages for (https, ssh, `git@host:org/repo`): a local one has no
 * page to link View Source to, so the backend serves its tree (`/api/platter/source`).
 */
export function isLocalRepositoryUrl(url: string): boolean {
  if (/^file:\/\//i.test(url)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return false;
  // scp-like `[user@]host:path` (not a Windows drive letter, not a path with a colon after a slash).
  return !/^(?:[^@/]+@)?[^:/]{2,}:(?!\/)/.test(url);
}
