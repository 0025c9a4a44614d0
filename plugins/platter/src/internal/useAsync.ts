import { useEffect, useState, type DependencyList } from 'react';

/**
 * Loads a value when the dependencies change (react-use's useAsync, which
 * Backstage plugins use, without adding it to this package's dependencies).
 * A result that arrives after the dependencies changed is dropped.
 */
export type AsyncState<T> =
  | { loading: true; error?: undefined; value?: undefined }
  | { loading: false; error: Error; value?: undefined }
  | { loading: false; error?: undefined; value: T };

export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    setState({ loading: true });
    load().then(
      (value) => current && setState({ loading: false, value }),
      (error: unknown) =>
        current && setState({ loading: false, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}
