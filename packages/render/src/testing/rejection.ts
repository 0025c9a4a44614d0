import { isPlatterError, type Actor, type PlatterError } from '@platter/model';
import type { RepoHarness } from './RepoHarness';

/**
 * The one "expect this rejection" helper of the planner tests: plans `request`
 * (parsed at the harness's edge) as `actor` on the harness's files and returns
 * the typed error it was rejected with (a RequestRejected carries its first
 * error's code and path), or undefined when it was planned. Either way it
 * checks what a rejection must hold: the files are unchanged (DESIGN §3: a
 * rejected request writes nothing), and anything thrown that is not a
 * PlatterError is rethrown, failing the test.
 */
export function rejectionError(h: RepoHarness, request: unknown, actor?: Actor): PlatterError | undefined {
  const before = JSON.stringify(h.tree.entries());
  try {
    h.plan(request, actor);
    return undefined;
  } catch (e) {
    if (JSON.stringify(h.tree.entries()) !== before)
      throw new Error('a rejected request changed the files', { cause: e });
    if (!isPlatterError(e)) throw e;
    return e;
  }
}

/** {@link rejectionError} as `{ code, path }` (`{}` when planned): what the tables assert. */
export function rejection(h: RepoHarness, request: unknown, actor?: Actor): { code?: string; path?: string } {
  const e = rejectionError(h, request, actor);
  return e ? { code: e.code, ...(e.path !== undefined ? { path: e.path } : {}) } : {};
}
