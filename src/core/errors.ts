/**
 * Stable error codes. A code never changes meaning once released: clients, logs and alerts key on it.
 * Dotted: `<module>.<reason>`.
 */
export type ErrorCode =
  | 'config.invalid'
  | 'intents.invalid_json'
  | 'intents.invalid_schema'
  | 'intents.duplicate_intent'
  | 'intents.duplicate_utterance'
  | 'intents.empty'
  | 'intents.read_failed'
  | 'intents.mixed_locales'
  | 'flows.invalid_json'
  | 'flows.invalid_schema'
  | 'flows.invalid'
  | 'flows.read_failed'
  | 'nlu.not_ready'
  | 'nlu.model_corrupt'
  | 'nlu.dataset_invalid'
  | 'nlu.dataset_read_failed'
  | 'nlu.unsupported_locale'
  | 'nlu.training_failed'
  | 'store.conflict'
  | 'store.not_found'
  | 'store.migration_failed'
  | 'store.unavailable'
  | 'store.constraint'
  | 'store.invalid_import'
  | 'api.bad_request'
  | 'api.unauthorized'
  | 'api.forbidden'
  | 'api.not_found'
  | 'api.payload_too_large'
  | 'api.unsupported_media_type'
  | 'api.rate_limited'
  | 'meta.invalid_payload'
  | 'meta.signature_invalid'
  | 'meta.signed_request_invalid'
  | 'meta.no_token'
  | 'meta.token_invalid'
  | 'meta.outside_window'
  | 'meta.user_unavailable'
  | 'meta.rate_limited'
  | 'meta.transient'
  | 'meta.server_error'
  | 'meta.bad_request'
  | 'meta.permission_denied'
  | 'meta.send_failed'
  | 'meta.partially_sent'
  | 'meta.invalid_response'
  | 'meta.network'
  | 'meta.timeout'
  | 'analytics.currency_mismatch'
  | 'analytics.unknown_contact'
  | 'training.stale_version'
  | 'training.invalid_path'
  | 'training.unknown_intent'
  | 'training.intent_exists'
  | 'training.utterance_taken'
  | 'training.invalid_edit'
  | 'training.reload_failed'
  | 'internal';

/** Options of a {@link ParleyError}. */
export interface ParleyErrorOptions {
  readonly details?: unknown;
  readonly cause?: unknown;
}

/**
 * The root of every error Parley throws on purpose. `code` is stable (see {@link ErrorCode}),
 * `details` is safe to show to the caller (file, JSON path, field), `cause` keeps the original error.
 */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: ParleyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParleyError';
    this.code = code;
    this.details = options.details;
  }
}

/** True when `value` is a {@link ParleyError}, optionally with the given code. */
export function isParleyError(value: unknown, code?: ErrorCode): value is ParleyError {
  return value instanceof ParleyError && (code === undefined || value.code === code);
}
