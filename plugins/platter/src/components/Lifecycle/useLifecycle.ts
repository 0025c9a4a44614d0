import { discoveryApiRef, fetchApiRef, useApiHolder } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { LifecycleReport, LifecycleSummary } from '@platter/model';
import { useAsync, type AsyncState } from '../../internal/useAsync';

/** What `GET /api/platter/lifecycle` answers (platter-backend's lifecycleRoutes.ts). */
export type LifecycleAnswer = LifecycleReport & { readonly commit: string };

/**
 * Loads the menu's lifecycle (freezes, outdated) from platter-backend: the whole
 * fleet's, or one env's part (`env`: what an env's card needs, independent of the fleet's size). Reads the
 * discovery and fetch APIs from the holder, not useApi: a page without them (an
 * app that mounts the card but not the backend) gets an error state, not a crash.
 */
export function useLifecycle(env?: string): AsyncState<LifecycleAnswer> {
  return usePlatterGet<LifecycleAnswer>(env === undefined ? '/lifecycle' : `/lifecycle?env=${encodeURIComponent(env)}`);
}

/** What `GET /api/platter/lifecycle/stages` answers: the report per stage, its size independent of the env count. */
export type LifecycleSummaryAnswer = LifecycleSummary & { readonly commit: string };

/** Loads the fleet's lifecycle per stage (the Menu page's tab). */
export function useLifecycleSummary(): AsyncState<LifecycleSummaryAnswer> {
  return usePlatterGet<LifecycleSummaryAnswer>('/lifecycle/stages');
}

/** GET a platter-backend path (`/lifecycle`, `/menu/matrix`) as JSON. */
export function usePlatterGet<T>(path: string): AsyncState<T> {
  const apis = useApiHolder();
  return useAsync(async () => {
    const discovery = apis.get(discoveryApiRef);
    const fetchApi = apis.get(fetchApiRef);
    if (!discovery || !fetchApi) throw new Error('the discovery and fetch APIs are not available');
    const response = await fetchApi.fetch(`${await discovery.getBaseUrl('platter')}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }, [apis, path]);
}
