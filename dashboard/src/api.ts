/** The dashboard's only way to the server: Parley's public API, signed in by the HttpOnly session cookie. */

/** An error answer of the API (`{ error: { code, message } }`) or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Listener = () => void;
const signedOutListeners = new Set<Listener>();

/** Calls `listener` whenever a request comes back 401 (the session expired or was revoked). */
export function onSignedOut(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** A query string of the defined values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Sends a request with the session cookie and the CSRF header the server requires of cookie-authenticated
 * writes. Resolves to the parsed JSON (undefined for 204); rejects with an {@link ApiError}.
 */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    'X-Requested-With': 'parley-dashboard',
    Accept: 'application/json',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as
    (T & { error?: { code?: string; message?: string } }) | null;
  if (!res.ok) {
    if (res.status === 401) for (const l of signedOutListeners) l();
    throw new ApiError(res.status, data?.error?.code ?? 'http', data?.error?.message ?? res.statusText);
  }
  return data as T;
}

/** GET a path of the API. */
export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
