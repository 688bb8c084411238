const INTENT_PREFIX = 'INTENT:';

/** The payload of a chip or button that answers `intent` when tapped. */
export function intentPayload(intent: string): string {
  return `${INTENT_PREFIX}${intent}`;
}

/** The intent named by an {@link intentPayload}, or null for any other payload. */
export function parseIntentPayload(payload: string): string | null {
  if (!payload.startsWith(INTENT_PREFIX)) return null;
  const intent = payload.slice(INTENT_PREFIX.length).trim();
  return intent.length > 0 ? intent : null;
}
