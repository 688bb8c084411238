import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from './api';

/** The state of a GET: loading, its data, or its error. */
export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly data: T }
  | { readonly state: 'error'; readonly error: ApiError };

/**
 * GETs `path` (null: nothing yet) and again whenever it or `nonce` changes; stale answers are dropped.
 * A refresh of the same path (a new `nonce`) keeps showing the last data until the new one arrives.
 */
export function useApi<T>(path: string | null, nonce = 0): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (path === null) return undefined;
    let live = true;
    if (shown.current !== path) setLoaded({ state: 'loading' });
    shown.current = path;
    get<T>(path).then(
      (data) => live && setLoaded({ state: 'ok', data }),
      (error: unknown) =>
        live &&
        setLoaded({
          state: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, 'network', 'The server did not answer.'),
        }),
    );
    return () => {
      live = false;
    };
  }, [path, nonce]);
  return loaded;
}
