/**
 * Responses of the menu and fleet routes that read at fleet scale (issue 24):
 * counts instead of names, and one version's envs a page at a time. None grows
 * with the number of envs beyond the page asked for.
 */

/** Query parameters of `GET /menu/overview` and `GET /menu/environments`: what narrows the menu. */
export interface MenuFilterParams {
  /** Substring of `<component>`, `<version>` or `<component>@<version>`. */
  readonly q?: string;
  /** Exactly this stage. */
  readonly stage?: string;
  /** Substring of env names. */
  readonly env?: string;
  /** Substring of app names: the versions of what those apps need, where they run. */
  readonly app?: string;
}

/** A version's lifecycle as the routes return it. */
export interface MenuLifecycle {
  readonly status: 'stable' | 'deprecated';
  readonly sunset?: string;
  readonly message?: string;
}

/** Response of `GET /api/platter/menu/overview`: one row per component version, counts per stage. */
export interface MenuOverviewResponse {
  /** The commit the menu was read at. */
  readonly commit: string;
  /** By component name, then ascending SemVer. */
  readonly rows: readonly {
    readonly service: string;
    readonly version: string;
    readonly lifecycle: MenuLifecycle;
    /** Where its objects come from: a Helm chart or plain manifests. */
    readonly source: 'helm' | 'manifests';
    /** The chart (Helm versions only). */
    readonly chart?: { readonly name: string; readonly version: string };
    /** Addons this version offers. */
    readonly addons: readonly string[];
    /** Stages running it, in promotion order (the matching ones when filtered). */
    readonly stages: readonly {
      readonly stage: string;
      /** The stage's addon list for the component. */
      readonly addons: readonly string[];
      /** Envs (matching the filter). */
      readonly environments: number;
      /** Of those, envs overriding the component's addons. */
      readonly overridden: number;
      /** Apps needing the component that run in those envs. */
      readonly apps: number;
    }[];
    readonly environments: number;
    readonly apps: number;
  }[];
  /** Every stage's name, in promotion order (what the stage filter offers). */
  readonly stages: readonly string[];
  /** The whole fleet, unfiltered. */
  readonly totals: {
    readonly services: number;
    readonly versions: number;
    readonly stages: number;
    readonly environments: number;
    readonly apps: number;
  };
}

/** Query of `GET /api/platter/menu/environments` (plus the filter's stage, env and app). */
export interface MenuEnvironmentsQuery {
  readonly service: string;
  readonly version: string;
  readonly stage?: string;
  readonly env?: string;
  readonly app?: string;
  /** @default 0 */
  readonly offset?: number;
  /** @default 50, at most 500 */
  readonly limit?: number;
}

/** Response of `GET /api/platter/menu/environments`: one page of the envs running a version. */
export interface MenuEnvironmentsResponse {
  readonly commit: string;
  readonly service: string;
  readonly version: string;
  /** Matching envs in all. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Stage promotion order, then env name. */
  readonly items: readonly {
    readonly env: string;
    readonly stage: string;
    /** The addons the env really runs. */
    readonly addons: readonly string[];
    readonly overrides: readonly { readonly addon: string; readonly action: 'enable' | 'disable' }[];
  }[];
}

/** Query of `GET /api/platter/stage/environments`. */
export interface StageEnvironmentsQuery {
  readonly stage: string;
  /** Only the envs that drift from their stage. */
  readonly drifting?: boolean;
  /** @default 0 */
  readonly offset?: number;
  /** @default 50, at most 500 */
  readonly limit?: number;
}

/**
 * Response of `GET /api/platter/stage/environments`: one page of a stage's envs
 * with how each drifts from it (the stage entity carries only their count).
 */
export interface StageEnvironmentsResponse {
  readonly commit: string;
  readonly stage: string;
  /** Matching envs in all. */
  readonly total: number;
  /** Envs of the stage that drift, in all. */
  readonly drifting: number;
  readonly offset: number;
  readonly limit: number;
  /** By env name. */
  readonly items: readonly { readonly env: string; readonly drift: readonly string[] }[];
}

/** Response of `GET /api/platter/fleet`: stages × components. */
export interface FleetOverviewResponse {
  readonly commit: string;
  /** Promotion order. */
  readonly stages: readonly { readonly name: string; readonly promotesFrom?: string; readonly environments: number }[];
  readonly components: readonly {
    readonly service: string;
    /** One per stage, in the order of `stages`; no version where the stage does not run the component. */
    readonly cells: readonly {
      readonly stage: string;
      readonly version?: string;
      readonly addons: readonly string[];
      readonly lifecycle?: MenuLifecycle;
      /** Envs of the stage overriding this component's addons. */
      readonly differing: number;
    }[];
  }[];
  readonly totals: { readonly environments: number; readonly apps: number };
}
