/**
 * Waits between push attempts (never re-exported): exponential backoff with
 * full jitter, a uniform draw in [0, min(cap, slot·2^(attempt-1))), so writers
 * that collided spread out instead of colliding again in step. The slot is how
 * long the rejected attempt took (plan, commit, push; at least BACKOFF_BASE_MS):
 * writers spread over a few attempt-lengths rarely overlap, whereas a fixed
 * small slot lets every writer re-plan on the same head and all but one lose
 * again. Retrying is bounded by a deadline, not a count: under contention the
 * number of rejections a writer sees grows with the number of writers.
 */

export const BACKOFF_BASE_MS = 50;
export const BACKOFF_CAP_MS = 10_000;

/** Delay before retry number `attempt` (1 = after the first rejection), given a draw in [0, 1) and the slot. */
export function backoffDelay(
  attempt: number,
  random: number = Math.random(),
  slotMs: number = BACKOFF_BASE_MS,
): number {
  const slot = Math.max(BACKOFF_BASE_MS, slotMs);
  const ceiling = Math.min(BACKOFF_CAP_MS, slot * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
