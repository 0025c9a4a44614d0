import { MENU_OVERVIEW_MAX_AGE_MS, PlatterClient } from './PlatterClient';

/**
 * The client over a fake fetch (the browser's boundary): which calls reach the
 * network for the Menu's first answer, prefetched when the app shell loads.
 */
function client() {
  const urls: string[] = [];
  let n = 0;
  const fetchApi = {
    fetch: jest.fn(async (url: string) => {
      urls.push(url);
      const answer = { commit: `c${++n}`, rows: [] };
      // jsdom has no Response: the two members the client reads.
      return { ok: true, json: async () => answer };
    }),
  };
  const discoveryApi = { getBaseUrl: async () => 'http://backend/api/platter' };
  return { api: new PlatterClient({ discoveryApi, fetchApi: fetchApi as never }), urls };
}

describe('PlatterClient menuOverview', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the first visit from the prefetch, and fetches the next answer for the next visit', async () => {
    const { api, urls } = client();
    api.prefetchMenuOverview();
    api.prefetchMenuOverview(); // a second shell render asks nothing more
    const first = await api.menuOverview({});
    expect(first.commit).toBe('c1');
    expect(urls).toEqual(['http://backend/api/platter/menu/overview']);
    // Reused, and refreshed in the background for the visit after.
    expect((await api.menuOverview()).commit).toBe('c1');
    await new Promise((r) => setTimeout(r, 0));
    expect(urls).toHaveLength(2);
    expect((await api.menuOverview()).commit).toBe('c2');
  });

  it("holds the arrived answer in memory for the page's first render, the newest first, until the maximum age", async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['setTimeout', 'queueMicrotask', 'nextTick', 'setImmediate'] });
    const { api } = client();
    expect(api.menuOverviewInMemory()).toBeUndefined();
    api.prefetchMenuOverview();
    expect(api.menuOverviewInMemory()).toBeUndefined(); // asked, not arrived
    await api.menuOverview();
    expect(api.menuOverviewInMemory()?.commit).toBe('c1');
    // A visit shows c1 and fetches c2 for the next one; while c2 is on its way, c1 is still what is in memory.
    const next = api.menuOverview();
    expect(api.menuOverviewInMemory()?.commit).toBe('c1');
    await next;
    await new Promise((r) => setTimeout(r, 0));
    expect(api.menuOverviewInMemory()?.commit).toBe('c2');
    jest.setSystemTime(MENU_OVERVIEW_MAX_AGE_MS + 1);
    expect(api.menuOverviewInMemory()).toBeUndefined();
  });

  it('a filter always asks the backend', async () => {
    const { api, urls } = client();
    api.prefetchMenuOverview();
    await api.menuOverview({ stage: 'prod' });
    expect(urls).toContain('http://backend/api/platter/menu/overview?stage=prod');
  });

  it('an answer older than the maximum age is not shown', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['setTimeout', 'queueMicrotask', 'nextTick', 'setImmediate'] });
    const { api, urls } = client();
    api.prefetchMenuOverview();
    await api.menuOverview();
    jest.setSystemTime(MENU_OVERVIEW_MAX_AGE_MS + 1);
    expect((await api.menuOverview()).commit).toBe('c2');
    expect(urls).toHaveLength(2);
  });
});
