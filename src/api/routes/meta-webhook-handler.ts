import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ParsedWebhook } from '../../channels';
import { createMetaSignatureVerifier, parseMetaWebhook } from '../../channels';
import type { ErrorCode } from '../../core';
import { isParleyError } from '../../core';
import { clientKey } from '../middleware/client-address';
import { errorBody, httpStatusOf } from '../middleware/errors';
import { readRawBody } from '../middleware/read-raw-body';
import type { RefusalLimiter } from '../middleware/refusal-limiter';
import { requestIdOf } from '../middleware/request-id';
import type { MetaWebhookDeps } from './meta-webhook-routes';

/** Meta batches up to 1000 events; this leaves room without inviting abuse (2 MiB). */
export const META_WEBHOOK_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** What {@link createMetaWebhookHandler} needs besides the webhook's own dependencies. */
export interface MetaWebhookHandlerDeps extends MetaWebhookDeps {
  /** Refused requests (4xx) are counted here; a blocked client gets 429 before anything is read. */
  readonly limiter: RefusalLimiter;
  /** Proxies trusted in front of us (as express's `trust proxy`), for the client's address. */
  readonly trustedHops: number;
  /** Body limit in bytes; default {@link META_WEBHOOK_BODY_LIMIT_BYTES}. */
  readonly limitBytes?: number;
}

/** A plain Node request listener (no express request or response features are used). */
export type NodeRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The handler of `POST /webhooks/meta`, lean enough to be served before (or without) express: raw
 * body (2 MiB at most: 413) → constant-time `X-Hub-Signature-256` check on those exact bytes (401) →
 * JSON (400) and envelope validation (400) → every entry and every event → durable enqueue (shared
 * group commit) → `200 EVENT_RECEIVED`. Nothing is stored before the enqueue, no NLU or Graph call
 * happens in the request, and an accepted webhook writes no log line above debug. Refusals (4xx)
 * count against the client in `limiter`; error answers have the API's JSON error shape.
 */
export function createMetaWebhookHandler(deps: MetaWebhookHandlerDeps): NodeRequestHandler {
  const limitBytes = deps.limitBytes ?? META_WEBHOOK_BODY_LIMIT_BYTES;
  const parseOptions = deps.appId ? { appId: deps.appId } : {};
  const verifySignature = createMetaSignatureVerifier(deps.appSecret);

  /** The parsed batch of a verified body, or why it is refused (nothing stored either way). */
  const verifyAndParse = (raw: Buffer, signature: string | undefined): ParsedWebhook | Refusal => {
    if (!verifySignature(raw, signature)) {
      deps.logger.warn({ event: 'channel.meta.signature_invalid', bytes: raw.length });
      return refusal(
        401,
        'meta.signature_invalid',
        'The X-Hub-Signature-256 header does not match the body.',
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refusal(400, 'api.bad_request', 'The webhook body is not valid JSON.');
    }
    const parsed = parseMetaWebhook(body, parseOptions);
    if (parsed.ok) return parsed.value;
    const { code, message, details } = parsed.error;
    return refusal(httpStatusOf(code), code, message, details);
  };

  const refuse = (req: IncomingMessage, res: ServerResponse, requestId: string, r: Refusal) => {
    if (r.status >= 400 && r.status < 500 && r.status !== 429) {
      deps.limiter.countRefusal(clientKey(req, deps.trustedHops));
    }
    // 5xx are logged as errors where they happen; refusals are rare and worth a line.
    if (r.status < 500) {
      deps.logger.info({ event: 'channel.meta.webhook_refused', requestId, status: r.status, code: r.code });
    }
    const json = JSON.stringify(errorBody(r.code, r.message, r.details));
    // A body over the limit was left unread: the connection cannot be reused.
    answer(res, r.status, requestId, 'application/json; charset=utf-8', json, r.status === 413);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const started = performance.now();
    const read = await readRawBody(req, limitBytes);
    if (!read.ok) {
      if (!read.aborted) refuse(req, res, requestId, read); // else the client is gone: nothing to say
      return;
    }
    const signature = req.headers['x-hub-signature-256'];
    const parsed = verifyAndParse(read.body, typeof signature === 'string' ? signature : undefined);
    if ('status' in parsed) return refuse(req, res, requestId, parsed);
    const { inbound, notices, skipped } = parsed;
    for (const s of skipped) deps.logger.info({ event: 'channel.meta.event_skipped', requestId, ...s });
    try {
      await deps.enqueue({ inbound, notices });
    } catch (error) {
      deps.logger.error({ event: 'api.error', requestId, err: error }, 'The webhook could not be enqueued');
      return refuse(req, res, requestId, failure(error));
    }
    answer(res, 200, requestId, 'text/plain; charset=utf-8', 'EVENT_RECEIVED');
    const events = inbound.length + notices.length;
    const ms = Math.round((performance.now() - started) * 100) / 100;
    deps.logger.debug({ event: 'channel.meta.webhook_acked', requestId, events, ms });
  };

  return (req, res) => {
    const requestId = requestIdOf(req);
    if (deps.limiter.isTracking() && deps.limiter.isBlocked(clientKey(req, deps.trustedHops))) {
      return refuse(req, res, requestId, refusal(429, 'api.rate_limited', 'Too many refused requests.'));
    }
    handle(req, res, requestId).catch((error: unknown) => {
      deps.logger.error({ event: 'api.error', requestId, err: error }, 'Unhandled webhook error');
      if (!res.headersSent) refuse(req, res, requestId, failure(null));
    });
  };
}

/** An error answer: status, stable code, message, optional details. */
interface Refusal {
  readonly status: number;
  readonly code: ErrorCode | 'internal';
  readonly message: string;
  readonly details?: unknown;
}

const refusal = (status: number, code: Refusal['code'], message: string, details?: unknown): Refusal =>
  details === undefined ? { status, code, message } : { status, code, message, details };

/** A failure of ours: a `ParleyError`'s status and message (503 for the store), else a bare 500. */
const failure = (error: unknown): Refusal =>
  isParleyError(error)
    ? refusal(httpStatusOf(error.code), error.code, error.message)
    : refusal(500, 'internal', 'Something went wrong on our side.');

function answer(
  res: ServerResponse,
  status: number,
  requestId: string,
  contentType: string,
  body: string,
  close = false,
): void {
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'X-Request-Id': requestId,
  };
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers).end(body);
}
