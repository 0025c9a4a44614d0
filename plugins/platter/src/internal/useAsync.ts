import { useEffect, useRef, useState, type DependencyList } from 'react';

/**
 * Loads a value when the dependencies change (react-use's useAsync, which
 * Backstage plugins use, without adding it to this package's dependencies).
 * A result that arrives after the dependencies changed is dropped.
 *
 * `inMemory`: a value already at hand for the first dependencies (a cached
 * answer). The first render shows it, with no loading state and no second
 * render to wait for (issue 24, P5: the Menu's rows in the page's first commit);
 * `load` still runs, and its answer replaces the value only when it differs.
 */
export type AsyncState<T> =
  | { loading: true; error?: undefined; value?: undefined }
  | { loading: false; error: Error; value?: undefined }
  | { loading: false; error?: undefined; value: T };

const LOADING = { loading: true } as const;

export function useAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  inMemory?: () => T | undefined,
): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>(() => {
    const value = inMemory?.();
    return value === undefined ? LOADING : { loading: false, value };
  });
  // The dependencies the state belongs to: on mount it is already right (loading, or the value in memory), and
  // setting it again would render twice (or, with StrictMode's second effect run, drop the value in memory).
  const stateFor = useRef(deps);
  useEffect(() => {
    let current = true;
    if (!sameDeps(stateFor.current, deps)) {
      stateFor.current = deps;
      setState(LOADING);
    }
    load().then(
      // The same value as shown (the one in memory) changes nothing: no render.
      (value) => current && setState((s) => (s.value === value && !s.loading ? s : { loading: false, value })),
      (error: unknown) =>
        current && setState({ loading: false, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}

const sameDeps = (a: DependencyList, b: DependencyList) =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
