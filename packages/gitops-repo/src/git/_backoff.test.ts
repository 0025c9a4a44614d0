import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, backoffDelay } from './_backoff';

it.each([
  [1, 0.999, undefined, BACKOFF_BASE_MS],
  [3, 0.999, undefined, 4 * BACKOFF_BASE_MS],
  [1, 0.999, 800, 800],
  [3, 0.999, 800, 3200],
  [30, 0.999, 800, BACKOFF_CAP_MS],
  [2, 0.999, 1, 2 * BACKOFF_BASE_MS],
])('attempt %d, draw %d, slot %s: below %d', (attempt, random, slot, ceiling) => {
  const delay = backoffDelay(attempt, random, slot);
  expect(delay).toBeLessThan(ceiling);
  expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.99));
});

it('is full jitter: a zero draw waits nothing', () => expect(backoffDelay(5, 0, 1000)).toBe(0));
