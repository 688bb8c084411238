import type { Attributes } from '../../core';

/**
 * Attribute names as MongoDB field names: `.` would be read as a path and a leading `$` as an
 * operator, so `%`, `.` and a leading `$` are percent-encoded (and `''` becomes `%`). Reversible.
 */
export function encodeAttributeKey(name: string): string {
  if (name === '') return '%';
  return name.replaceAll('%', '%25').replaceAll('.', '%2E').replace(/^\$/, '%24');
}

/** The attribute name a field name stands for; the inverse of {@link encodeAttributeKey}. */
export function decodeAttributeKey(field: string): string {
  if (field === '%') return '';
  return field.replaceAll('%2E', '.').replace(/^%24/, '$').replaceAll('%25', '%');
}

/** Attributes as stored (encoded field names) → as the port returns them. */
export function decodeAttributes(stored: Readonly<Record<string, Attributes[string]>>): Attributes {
  const out: Attributes = {};
  for (const [field, value] of Object.entries(stored)) out[decodeAttributeKey(field)] = value;
  return out;
}

/** Attributes as the port gives them → as stored. */
export function encodeAttributes(attributes: Readonly<Attributes>): Attributes {
  const out: Attributes = {};
  for (const [name, value] of Object.entries(attributes)) out[encodeAttributeKey(name)] = value;
  return out;
}
