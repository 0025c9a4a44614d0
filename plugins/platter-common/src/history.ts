/**
 * The answers of the routes that say who changed an env and why an object is
 * in it (issue 18): `GET /api/platter/history` (gitops-repo's readHistory) and
 * `GET /api/platter/explain` (render's explainObject), as the portal reads them.
 */

/** What a history is about: exactly one of env, stage or app. */
export type HistoryRouteQuery = ({ readonly env: string } | { readonly stage: string } | { readonly app: string }) & {
  /** Entries, newest first. @default 50, at most 200 */
  readonly limit?: number;
};

/** One commit that changed what the subject builds from. */
export interface HistoryRouteEntry {
  readonly commit: string;
  /** Author date, ISO 8601. */
  readonly date: string;
  /** `Name <email>` of the commit's author. */
  readonly author: string;
  readonly title: string;
  /** `request`: committed by Platter (Platter-Request trailer); `hand`: any other commit. */
  readonly source: 'request' | 'hand';
  readonly kind?: string;
  /** The Requested-By trailer: who asked (a user entity ref). */
  readonly requestedBy?: string;
  readonly requestHash?: string;
  readonly review?: 'direct' | 'platform-review';
  /** The commit's files the subject builds from. */
  readonly files: readonly string[];
  /** Requests that would undo it (Rollback, DisableAddon/EnableAddon, UpgradeComponent back). */
  readonly undo: readonly Record<string, unknown>[];
}

/** Response of `GET /api/platter/history?env=|stage=|app=&limit=`. */
export interface HistoryRouteResponse {
  /** The commit the history was read at (the mirror's snapshot). */
  readonly commit: string;
  readonly entries: readonly HistoryRouteEntry[];
}

/** One link of the chain that puts an object into an env (render's ExplainStep). */
export interface ExplainRouteStep {
  readonly step: string;
  readonly title: string;
  readonly file: string;
  readonly line: number;
  readonly fields?: readonly string[];
  readonly value?: unknown;
}

/** Response of `GET /api/platter/explain?env=&object=<kind>/<namespace>/<name>&field=`. */
export interface ExplainRouteResponse {
  readonly commit: string;
  readonly env: string;
  readonly object: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly namespace?: string;
    readonly name: string;
  };
  /** The Flux Kustomization that applies it. */
  readonly appliedBy: string;
  readonly steps: readonly ExplainRouteStep[];
  readonly field?: { readonly path: string; readonly value: unknown };
  /** Changed fields no step accounts for (empty when the chain explains the object fully). */
  readonly gaps: readonly string[];
}
