import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { MenuRouteResponse, PlanRouteResponse } from '@platter/plugin-platter-common';
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

  private async call<T>(path: string, init: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('platter');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
