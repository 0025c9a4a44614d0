import { useEffect } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { platterApiRef } from '../../api/ref';

/**
 * Renders nothing; asks for the Menu page's first answer once the app shell
 * is up (issue 24, P5: a click on the Menu then shows rows without waiting for
 * the network). The request leaves after sign-in: the fetch API waits for the
 * user's identity. Best effort: a failure only means the page fetches itself.
 */
export function MenuPrefetch() {
  const api = useApi(platterApiRef);
  useEffect(() => {
    api.prefetchMenuOverview?.();
  }, [api]);
  return null;
}
