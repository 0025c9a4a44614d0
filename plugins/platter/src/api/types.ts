import type { MenuRouteResponse, PlanRouteResponse } from '@platter/plugin-platter-common';

/**
 * The Platter backend as the frontend sees it (pluginId `platter`, routes of
 * plugins/platter-backend). Read-only: planning shows what a request would do,
 * it never writes; applying is the scaffolder actions' job.
 */
export interface PlatterApi {
  /**
   * Plans a change request (`{ kind, ...fields }`) against the GitOps repo's
   * current head: `POST {baseUrl}/plan` with body `{ request }`.
   * Throws a ResponseError when the backend refuses (400 with the request's
   * diagnostics, 403 without the plan permission).
   */
  plan(request: Record<string, unknown>): Promise<PlanRouteResponse>;
  /** The menu: every runtime component with its versions and usage (`GET {baseUrl}/menu`). */
  menu(): Promise<MenuRouteResponse>;
}
