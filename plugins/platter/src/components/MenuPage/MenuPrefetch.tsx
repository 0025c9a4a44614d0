import { useEffect } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { platterApiRef } from '../../api/ref';

/** Props of {@link MenuPrefetch}. */
export interface MenuPrefetchProps {
  /** Loads the Menu page's code (the page extension's own loader import), fetched once the browser is idle. */
  readonly loadPage?: () => Promise<unknown>;
}

/**
 * Renders nothing; asks for the Menu page's first answer once the app shell
 * is up (issue 24, P5: a click on the Menu then shows rows without waiting for
 * the network). The request leaves after sign-in: the fetch API waits for the
 * user's identity. With `loadPage`, the page's code chunk is fetched too once
 * the browser is idle, so the click does not wait for it either. Best effort: a
 * failure only means the page fetches itself.
 */
export function MenuPrefetch(props: MenuPrefetchProps) {
  const api = useApi(platterApiRef);
  const { loadPage } = props;
  useEffect(() => {
    api.prefetchMenuOverview?.();
  }, [api]);
  useEffect(() => {
    if (!loadPage) return undefined;
    const load = () => void loadPage().catch(() => undefined);
    // After the shell's own work: the chunk must not slow the first page the user opened.
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(load, { timeout: 5000 });
      return () => window.cancelIdleCallback(id);
    }
    const t = setTimeout(load, 1000);
    return () => clearTimeout(t);
  }, [loadPage]);
  return null;
}
