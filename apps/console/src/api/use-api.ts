import { useCallback, useEffect, useState } from 'react';
import { API_KEY_CHANGED } from './api-key';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads what `load` returns, again when `deps` change or the API key changes; the last answer wins, so a slow
 * earlier request never overwrites a later one.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    window.addEventListener(API_KEY_CHANGED, reload);
    return () => window.removeEventListener(API_KEY_CHANGED, reload);
  }, [reload]);

  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);

  return { data: state.data, error: state.error, loading: state.loading, reload };
}
