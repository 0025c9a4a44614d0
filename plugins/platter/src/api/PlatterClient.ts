import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import type { PlatterApi } from './types';

/** How long the Menu's unfiltered answer is reused (the backend itself may serve a commit one read late). */
export const MENU_OVERVIEW_MAX_AGE_MS = 60_000;

/**
 * Talks to plugins/platter-backend through the discovery and fetch APIs (so the
 * user's Backstage token goes along). Non-2xx answers become ResponseError,
 * which ResponseErrorPanel shows with the backend's message.
 *
 * The Menu page's first answer (`GET /menu/overview` without a filter) is
 * fetched when the app shell loads (prefetchMenuOverview) and kept for
 * MENU_OVERVIEW_MAX_AGE_MS: a click on the Menu shows its rows without waiting
 * for the network (issue 24, P5), and each use fetches the next answer in the
 * background, so what it shows is at most that old.
 */
export class PlatterClient implements PlatterApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private overview?: { readonly at: number; settled: boolean; readonly answer: Promise<MenuOverviewResponse> };
  /** The newest unfiltered answer that has arrived, for the page's first render (menuOverviewInMemory). */
  private arrived?: { readonly at: number; readonly value: MenuOverviewResponse };

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async plan(request: Record<string, unknown>): Promise<PlanRouteResponse> {
    return this.call<PlanRouteResponse>('/plan', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ request }),
    });
  }

  async menu(): Promise<MenuRouteResponse> {
    return this.call<MenuRouteResponse>('/menu', { method: 'GET' });
  }

  async menuOverview(filter: MenuFilterParams = {}): Promise<MenuOverviewResponse> {
    const query = queryString(filter);
    if (query) return this.call<MenuOverviewResponse>(`/menu/overview${query}`, { method: 'GET' });
    const kept = this.overview;
    if (kept && Date.now() - kept.at < MENU_OVERVIEW_MAX_AGE_MS) {
      // The next answer for the next visit; this one is shown now (a prefetch still in flight is awaited, not repeated).
      if (kept.settled) this.loadOverview().catch(() => undefined);
      return kept.answer;
    }
    return this.loadOverview();
  }

  prefetchMenuOverview(): void {
    const kept = this.overview;
    if (!kept || Date.now() - kept.at >= MENU_OVERVIEW_MAX_AGE_MS) this.loadOverview().catch(() => undefined);
  }

  menuOverviewInMemory(): MenuOverviewResponse | undefined {
    const arrived = this.arrived;
    return arrived && Date.now() - arrived.at < MENU_OVERVIEW_MAX_AGE_MS ? arrived.value : undefined;
  }

  private loadOverview(): Promise<MenuOverviewResponse> {
    const answer = this.call<MenuOverviewResponse>('/menu/overview', { method: 'GET' });
    const entry = { at: Date.now(), settled: false, answer };
    this.overview = entry;
    answer.then(
      (value) => {
        entry.settled = true;
        // A later request may have arrived first: the newer one stays.
        if (!this.arrived || this.arrived.at <= entry.at) this.arrived = { at: entry.at, value };
      },
      () => {
        // A failed answer is not kept: the next visit asks again and shows the error it gets.
        if (this.overview === entry) this.overview = undefined;
      },
    );
    return answer;
  }

  async menuEnvironments(query: MenuEnvironmentsQuery): Promise<MenuEnvironmentsResponse> {
    return this.call<MenuEnvironmentsResponse>(`/menu/environments${queryString(query)}`, { method: 'GET' });
  }

  async stageEnvironments(query: StageEnvironmentsQuery): Promise<StageEnvironmentsResponse> {
    return this.call<StageEnvironmentsResponse>(`/stage/environments${queryString(query)}`, { method: 'GET' });
  }

  async fleetOverview(): Promise<FleetOverviewResponse> {
    return this.call<FleetOverviewResponse>('/fleet', { method: 'GET' });
  }

  async history(query: HistoryRouteQuery): Promise<HistoryRouteResponse> {
    return this.call<HistoryRouteResponse>(`/history${queryString(query)}`, { method: 'GET' });
  }

  async explain(query: { env: string; object: string; field?: string }): Promise<ExplainRouteResponse> {
    return this.call<ExplainRouteResponse>(`/explain${queryString(query)}`, { method: 'GET' });
  }

  async requests(query: { group?: string } = {}): Promise<RequestsRouteResponse> {
    return this.call<RequestsRouteResponse>(`/requests${queryString(query)}`, { method: 'GET' });
  }

  async tenants(): Promise<TenantsRouteResponse> {
    return this.call<TenantsRouteResponse>('/tenants', { method: 'GET' });
  }

  async tenant(group: string): Promise<TenantRouteResponse> {
    return this.call<TenantRouteResponse>(`/tenant${queryString({ group })}`, { method: 'GET' });
  }

  async cloudClasses(): Promise<CloudClassesResponse> {
    return this.call<CloudClassesResponse>('/cloud/classes', { method: 'GET' });
  }

  async cloudClass(name: string, query: { version?: string; target?: string }): Promise<CloudClassResponse> {
    return this.call<CloudClassResponse>(`/cloud/classes/${encodeURIComponent(name)}${queryString(query)}`, {
      method: 'GET',
    });
  }

  async cloudResources(app: string): Promise<CloudResourcesResponse> {
    return this.call<CloudResourcesResponse>(`/cloud/resources${queryString({ app })}`, { method: 'GET' });
  }

  private async call<T>(path: string, init: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('platter');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

/** `?a=1&b=x` of the defined, non-empty fields (none: ''). */
function queryString(params: object): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
