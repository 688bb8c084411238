import type { AttributeValue } from '../core';

/** What `{{placeholders}}` can read. */
export interface InterpolationScope {
  readonly firstName?: string | undefined;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Declared defaults by attribute name (the flow's `attributes[name].default`). */
  readonly defaults?: Readonly<Record<string, string | undefined>>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^}]*))?\}\}/g;

function lookup(name: string, scope: InterpolationScope): string | undefined {
  if (name === 'first_name' && scope.firstName !== undefined && scope.firstName !== '') return scope.firstName;
  const value = scope.attributes[name];
  return value === undefined ? undefined : String(value);
}

/**
 * Replaces `{{first_name}}`, `{{attribute}}` and `{{attribute|default}}`. A missing value becomes the
 * inline default, else the declared default, else an empty string. `encode` is applied to inserted
 * values (e.g. `encodeURIComponent` inside URLs), not to the template.
 */
export function interpolate(template: string, scope: InterpolationScope, encode: (value: string) => string = (v) => v): string {
  return template.replace(PLACEHOLDER, (_match, name: string, inline: string | undefined) =>
    encode(lookup(name, scope) ?? inline?.trim() ?? scope.defaults?.[name] ?? ''),
  );
}
