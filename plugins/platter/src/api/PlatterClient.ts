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

/**
 * Talks to plugins/platter-backend through the discovery and fetch APIs (so the
 * user's Backstage token goes along). Non-2xx answers become ResponseError,
 * which ResponseErrorPanel shows with the backend's message.
 */
export class PlatterClient implements PlatterApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

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
    return this.call<MenuOverviewResponse>(`/menu/overview${queryString(filter)}`, { method: 'GET' });
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
