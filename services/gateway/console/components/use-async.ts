import { useEffect, useState } from 'preact/hooks';

export interface AsyncState<T> {
  data?: T;
  error?: string;
  loading: boolean;
}

/** Runs `load` whenever `deps` change; the last answer wins. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: true });
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error: String((error as Error).message ?? error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}
