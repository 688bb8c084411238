import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ErrorCode } from '../../core';
import { isParleyError } from '../../core';

const STATUS: Partial<Record<ErrorCode, number>> = {
  'api.bad_request': 400,
  'api.unauthorized': 401,
  'api.forbidden': 403,
  'api.not_found': 404,
  'api.payload_too_large': 413,
  'api.unsupported_media_type': 415,
  'store.not_found': 404,
  'store.conflict': 409,
  'nlu.not_ready': 503,
  'meta.signature_invalid': 401,
  'meta.invalid_payload': 400,
  'meta.signed_request_invalid': 400,
  'store.unavailable': 503,
  'analytics.currency_mismatch': 400,
  'analytics.unknown_contact': 404,
  'training.stale_version': 409,
  'training.invalid_path': 400,
  'training.unknown_intent': 404,
  'training.intent_exists': 409,
  'training.utterance_taken': 409,
  'training.invalid_edit': 422,
  'training.reload_failed': 500,
};

/** The JSON shape of every error response: a stable code, a message, optional details. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** The {@link ErrorBody} of `code`, `message` and optional `details`. */
export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
const body = errorBody;

/** The HTTP status of a `ParleyError` code (500 for codes without one). */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/** Answers unknown routes with a JSON 404. */
export const notFound: RequestHandler = (req, res) => {
  res.status(404).json(body('api.not_found', `No route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

/**
 * Maps every error to one HTTP answer: zod issues → 400 with the issues, body-parser limits → 413,
 * malformed JSON → 400, `ParleyError` codes → their status, anything else → 500 without internals.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
    res.status(400).json(body('api.bad_request', 'The request is invalid.', issues));
    return;
  }
  if (isParleyError(error)) {
    const status = httpStatusOf(error.code);
    if (status >= 500) req.log?.error({ event: 'api.error', err: error }, error.message);
    res.status(status).json(body(error.code, error.message, error.details));
    return;
  }
  const parserError = error as BodyParserError;
  if (parserError.status === 429) {
    res.status(429).json(body('api.rate_limited', 'Too many requests; slow down.'));
    return;
  }
  if (parserError.type === 'entity.too.large') {
    res.status(413).json(body('api.payload_too_large', 'The request body is too large.'));
    return;
  }
  if (parserError.type === 'entity.parse.failed') {
    res.status(400).json(body('api.bad_request', 'The request body is not valid JSON.'));
    return;
  }
  if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    res.status(parserError.status).json(body('api.bad_request', parserError.message ?? 'Bad request.'));
    return;
  }
  req.log?.error({ event: 'api.error', err: error }, 'Unhandled error');
  res.status(500).json(body('internal', 'Something went wrong on our side.'));
};
