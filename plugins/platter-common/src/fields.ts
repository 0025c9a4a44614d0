/** Value of the RuntimeAddonPicker form field. */
export interface RuntimeAddonPickerValue {
  readonly service: string;
  readonly version: string;
  readonly addons: readonly string[];
}

/** Value of the PlatterPlanPreview form field: what the user saw before submitting. */
export interface PlatterPlanPreviewValue {
  readonly requestHash?: string;
  readonly review?: 'direct' | 'platform-review';
  readonly changedFiles?: readonly string[];
  /** Set when the plan was refused: the findings' codes (the form cannot move on). */
  readonly refused?: readonly string[];
}

/** Body of `POST /api/platter/plan`. */
export interface PlanRouteRequest {
  /** A change request (its `kind` and fields), as the template's form gives it. */
  readonly request: Record<string, unknown>;
}

/**
 * Response of `POST /api/platter/plan`: the plan of the request as the caller
 * would submit it, without file contents (the diff shows them). Secret files
 * are listed with `encrypted: true`; the preview seals nothing, so their diff
 * is a stand-in naming the Secret and its keys, never a value.
 */
export interface PlanRouteResponse {
  readonly plan: {
    readonly title: string;
    readonly requestHash: string;
    readonly baseCommit?: string;
    readonly review: 'direct' | 'platform-review';
    readonly affected: { readonly stages: readonly string[]; readonly environments: readonly string[] };
    readonly needsSecrets: readonly { readonly env: string; readonly secret: string; readonly key: string }[];
    readonly diagnostics: readonly PlatterRouteDiagnostic[];
    readonly changedFiles: readonly {
      readonly path: string;
      readonly op: 'add' | 'modify' | 'delete';
      readonly encrypted?: true;
    }[];
    /** What Flux would apply differently per env, grouped (render's RenderedDiff); absent for an empty plan. */
    readonly renderedDiff?: PlanRouteRenderedDiff;
  };
  readonly diff: string;
  /** What platter:publish will do with it, by the configured mode (issue 23 item 2). */
  readonly publish?: PlanRoutePublish;
}

/**
 * How the request will land: `direct` commits to `targetBranch`; `branch`
 * pushes `branch` for review and opens nothing; `pull-request` pushes it and
 * opens a review on `host` (GitHub pull request, GitLab merge request).
 */
export interface PlanRoutePublish {
  readonly mode: 'direct' | 'branch' | 'pull-request';
  readonly targetBranch: string;
  readonly branch: string;
  /** The host of the remote when an integration serves it: its kind, what reviews are called there, its web page. */
  readonly host?: { readonly kind: 'github' | 'gitlab'; readonly noun: string; readonly webUrl: string };
}

/** render's RenderedDiff as the plan route returns it: envs with identical object changes grouped. */
export interface PlanRouteRenderedDiff {
  readonly groups: readonly {
    readonly environments: readonly string[];
    readonly stages: readonly string[];
    readonly changes: readonly PlanRouteObjectChange[];
    /** Danger findings (DANGER_CODES), each about one object. */
    readonly dangers: readonly (PlatterRouteDiagnostic & { readonly object: PlanRouteObjectRef })[];
  }[];
  /** Envs the change reaches whose objects do not change. */
  readonly unchanged: readonly string[];
}

export interface PlanRouteObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface PlanRouteObjectChange {
  readonly op: 'add' | 'remove' | 'change';
  readonly id: string;
  readonly object: PlanRouteObjectRef;
  readonly file: string;
  readonly appliedBy: string;
  readonly fields: readonly {
    readonly op: 'add' | 'remove' | 'change';
    readonly path: string;
    readonly before?: unknown;
    readonly after?: unknown;
  }[];
}

/** A finding as the routes return it (the model's Diagnostic). */
export interface PlatterRouteDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly path?: string;
}

/** Response of `GET /api/platter/menu`: every runtime component with its versions and how much each is used. */
export interface MenuRouteResponse {
  /** The commit the menu was read at. */
  readonly commit: string;
  readonly components: readonly {
    readonly name: string;
    /** Ascending SemVer order. */
    readonly versions: readonly {
      readonly version: string;
      readonly description?: string;
      readonly namespace: string;
      /** Where its objects come from: a Helm chart or plain manifests. */
      readonly source: 'helm' | 'manifests';
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
      readonly requires: { readonly config: readonly string[]; readonly secrets: readonly string[] };
      /**
       * Who uses it, as counts: the answer's size does not grow with the number
       * of envs (issue 24). `GET /menu/environments` lists the envs, a page at a time.
       */
      readonly usage: {
        readonly stages: readonly string[];
        /** How many envs run this version. */
        readonly environments: number;
        readonly apps: readonly string[];
        /** Per stage running this version: its addons, how many envs it has and how many of them override those addons. */
        readonly placements: readonly {
          readonly stage: string;
          readonly addons: readonly string[];
          readonly environments: number;
          readonly overridden: number;
        }[];
      };
    }[];
    /** Versions no stage runs (removable). */
    readonly unused: readonly string[];
  }[];
}

/** Response of `GET /api/platter/diagnostics`: what `platter validate` finds at the latest commit. */
export interface DiagnosticsRouteResponse {
  readonly commit: string;
  readonly branch: string;
  /** false when platter.yaml is missing or unreadable: nothing else could be checked. */
  readonly parsed: boolean;
  readonly counts: { readonly errors: number; readonly warnings: number };
  readonly diagnostics: readonly PlatterRouteDiagnostic[];
}

/**
 * An open pull request (GitHub) or merge request (GitLab) of a review branch,
 * as the host shows it: its number (a merge request's iid), page, who opened it,
 * who is asked to review it, whether it is a draft, its labels.
 */
export interface OpenReviewOnHost {
  readonly number: number;
  readonly url: string;
  readonly title: string;
  readonly author?: string;
  readonly reviewers: readonly string[];
  readonly draft: boolean;
  readonly labels: readonly string[];
  readonly createdAt?: string;
}

/**
 * Response of `GET /api/platter/requests` ("My requests"; `?group=<ref>`: the
 * requests touching the tenant that group owns): the open review branches
 * publish pushed, for the caller (`scope`: `all` for the platform team, else
 * the caller's tenant), newest first. Where an integration serves the remote,
 * the host's open reviews are merged in: a branch with a PR/MR carries it
 * (`review`); `hostUnavailable` says the host could not be read, and the list
 * is the branches from Git alone.
 */
export interface RequestsRouteResponse {
  readonly scope: string;
  readonly targetBranch: string;
  /** The review host when an integration serves the remote: its kind, what reviews are called there, its web page. */
  readonly host?: PlanRoutePublish['host'];
  /** Why the host's reviews are missing (an outage, a refused token): the list shows branches only. */
  readonly hostUnavailable?: string;
  readonly requests: readonly {
    readonly branch: string;
    readonly commit: string;
    readonly title: string;
    readonly requestedBy?: string;
    readonly requestHash?: string;
    readonly date: string;
    readonly files: readonly string[];
    readonly environments: readonly string[];
    readonly state: 'open' | 'merged';
    /** The review's page when it has one open on the host, else the host's compare view of the branch. */
    readonly url?: string;
    /** Its open PR/MR, read from the host. */
    readonly review?: OpenReviewOnHost;
  }[];
}

/**
 * Response of `GET /api/platter/tenants`: the tenants the caller may request
 * for (their own; every tenant for the platform team, `all: true`).
 */
export interface TenantsRouteResponse {
  readonly all: boolean;
  readonly tenants: readonly {
    readonly name: string;
    /** The owner group's entity ref (`group:default/team-a`): the value a Team field holds. */
    readonly owner: string;
    readonly stages: readonly string[];
  }[];
}

/**
 * Response of `GET /api/platter/tenant?group=<ref>`: the tenant a group owns
 * (none: `tenant` absent), its apps and where each runs, with the version.
 */
export interface TenantRouteResponse {
  readonly tenant?: {
    readonly name: string;
    readonly namespaces: readonly string[];
    readonly stages: readonly string[];
    readonly apps: readonly {
      readonly name: string;
      readonly deployments: readonly { readonly stage?: string; readonly env?: string; readonly version: string }[];
    }[];
  };
}
