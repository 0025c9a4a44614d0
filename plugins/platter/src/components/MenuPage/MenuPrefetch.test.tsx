import { waitFor } from '@testing-library/react';
import { platterApiRef } from '../../api/ref';
import { renderInPlatterTestApp } from '../../testing/renderInPlatterTestApp';
import { MenuPrefetch } from './MenuPrefetch';

describe('MenuPrefetch', () => {
  it('asks for the Menu answer at once and for the page code once the browser is idle, each once', async () => {
    const api = { prefetchMenuOverview: jest.fn() };
    const loadPage = jest.fn(async () => ({}));
    await renderInPlatterTestApp(<MenuPrefetch loadPage={loadPage} />, {
      apis: [[platterApiRef, api]],
    });
    expect(api.prefetchMenuOverview).toHaveBeenCalledTimes(1);
    // jsdom has no requestIdleCallback: the fallback waits a second.
    await waitFor(() => expect(loadPage).toHaveBeenCalledTimes(1), { timeout: 5000 });
    expect(api.prefetchMenuOverview).toHaveBeenCalledTimes(1);
  });

  it('a failed chunk load is only a missed head start', async () => {
    const loadPage = jest.fn(async () => {
      throw new Error('ChunkLoadError');
    });
    await renderInPlatterTestApp(<MenuPrefetch loadPage={loadPage} />, {
      apis: [[platterApiRef, { prefetchMenuOverview: jest.fn() }]],
    });
    await waitFor(() => expect(loadPage).toHaveBeenCalled(), { timeout: 5000 });
  });
});
