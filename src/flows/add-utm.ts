/** UTM parameters; unset ones are left out. */
export interface UtmParams {
  readonly source?: string;
  readonly medium?: string;
  readonly campaign?: string;
  readonly content?: string;
  readonly term?: string;
}

/**
 * Adds `utm_*` parameters to `url`, keeping its existing query (byte for byte) and fragment. A
 * parameter already present in the URL wins over the one given (the trainer set it on purpose).
 */
export function addUtm(url: string, utm: UtmParams): string {
  const hashAt = url.indexOf('#');
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = base.indexOf('?');
  const existing = new URLSearchParams(queryAt === -1 ? '' : base.slice(queryAt + 1));
  const added = Object.entries(utm)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .filter(([key]) => !existing.has(`utm_${key}`))
    .map(([key, value]) => `utm_${key}=${encodeURIComponent(value)}`);
  if (added.length === 0) return url;
  const separator = queryAt === -1 ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${added.join('&')}${fragment}`;
}
