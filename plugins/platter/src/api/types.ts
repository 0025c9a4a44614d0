import type {
  CloudClassResponse,
  CloudClassesResponse,
  CloudResourcesResponse,
  FleetOverviewResponse,
  MenuEnvironmentsQuery,
  MenuEnvironmentsResponse,
  MenuFilterParams,
  MenuOverviewResponse,
  MenuRouteResponse,
  PlanRouteResponse,
  HistoryRouteQuery,
  HistoryRouteResponse,
  ExplainRouteResponse,
  RequestsRouteResponse,
  StageEnvironmentsQuery,
  StageEnvironmentsResponse,
  TenantsRouteResponse,
  TenantRouteResponse,
} from '@platter/plugin-platter-common';

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
  /**
   * The menu as counts: one row per component version, envs and apps per stage,
   * narrowed by the filter (`GET {baseUrl}/menu/overview`). Its size does not
   * grow with the number of envs.
   */
  menuOverview(filter?: MenuFilterParams): Promise<MenuOverviewResponse>;
  /**
   * Fetches the unfiltered menu answer ahead of a visit to the Menu page (when the app shell loads), for
   * menuOverview() to answer from. Optional: without it the page fetches on its own.
   */
  prefetchMenuOverview?(): void;
  /**
   * The unfiltered menu answer if one has arrived within the time menuOverview() reuses it, else undefined:
   * the Menu page renders its rows in its first render from it, without a loading state (issue 24, P5).
   * Optional, like prefetchMenuOverview.
   */
  menuOverviewInMemory?(): MenuOverviewResponse | undefined;
  /** One page of the envs running a version (`GET {baseUrl}/menu/environments`, at most 500 a page). */
  menuEnvironments(query: MenuEnvironmentsQuery): Promise<MenuEnvironmentsResponse>;
  /** One page of a stage's envs with their drift (`GET {baseUrl}/stage/environments`, at most 500 a page). */
  stageEnvironments(query: StageEnvironmentsQuery): Promise<StageEnvironmentsResponse>;
  /** Stages × components: the version each stage runs and how many envs differ (`GET {baseUrl}/fleet`). */
  fleetOverview(): Promise<FleetOverviewResponse>;
  /**
   * "My requests": the caller's open review branches and their PRs/MRs (`GET {baseUrl}/requests`); with
   * `group` (a group entity ref), those of the tenant the group owns.
   */
  requests(query?: { group?: string }): Promise<RequestsRouteResponse>;
  /** The tenants the caller may request for (`GET {baseUrl}/tenants`). */
  tenants(): Promise<TenantsRouteResponse>;
  /** The tenant a group owns, its apps and where they run (`GET {baseUrl}/tenant?group=`). */
  tenant(group: string): Promise<TenantRouteResponse>;
  /** Who changed what an env, stage or app builds from, newest first (`GET {baseUrl}/history`). */
  history(query: HistoryRouteQuery): Promise<HistoryRouteResponse>;
  /**
   * Why an object is in an env: the chain of files and lines that put it there
   * (`GET {baseUrl}/explain`; `object` is `<kind>/<namespace>/<name>`, cluster-scoped `<kind>/<name>`).
   */
  explain(query: { env: string; object: string; field?: string }): Promise<ExplainRouteResponse>;
  /**
   * The cloud resource classes of the menu (`GET {baseUrl}/cloud/classes`, issue 21). Optional, so an
   * implementation written before cloud classes stays one; the views that read it show nothing without it.
   */
  cloudClasses?(): Promise<CloudClassesResponse>;
  /** An app's cloud resources per stage and env (`GET {baseUrl}/cloud/resources?app=`, issue 21). Optional, as above. */
  cloudResources?(app: string): Promise<CloudResourcesResponse>;
  /**
   * One class version as the request form asks for it (`GET {baseUrl}/cloud/classes/<class>?version=&target=`):
   * the target's stage, the parameter schema with its limits folded in, the stage's policy. Optional, as above.
   */
  cloudClass?(name: string, query: { version?: string; target?: string }): Promise<CloudClassResponse>;
}
