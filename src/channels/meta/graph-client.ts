import type { z } from 'zod';
import type { Logger, Result } from '../../core';
import { err, ok, silentLogger } from '../../core';
import type { MessagingType, SendFailure, SendResult } from '../channel-adapter';
import { classifyGraphError } from './classify-graph-error';
import type { HttpTransport, TransportResponse } from './create-http-transport';
import { createHttpTransport, TransportTimeoutError } from './create-http-transport';
import type { GraphProfile } from './graph-schemas';
import {
  graphErrorBodySchema,
  graphProfileSchema,
  sendMessageResponseSchema,
  senderActionResponseSchema,
} from './graph-schemas';
import type { MetaSendMessage } from './send-message-schema';

/** The subset of the global `fetch` the client can use instead of its own HTTP transport. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Dependencies of {@link createGraphClient}. */
export interface GraphClientOptions {
  /** e.g. `https://graph.facebook.com` (no trailing slash needed); tests point it at a fake. */
  readonly graphUrl: string;
  /** Pinned API version, e.g. `v23.0`. */
  readonly graphVersion: string;
  /** The access token for a page / Instagram account (`null` = the default); null when there is none. */
  readonly tokenFor: (pageId: string | null) => string | null;
  /**
   * How calls are made. Default: `node:http(s)` over a bounded keep-alive pool
   * ({@link createHttpTransport}); a `fetch` given here is used instead (tests, custom dispatchers).
   */
  readonly fetch?: FetchLike;
  /** Open connections to the Graph API at most (default 64), when `fetch` is not given. */
  readonly maxSockets?: number;
  /** Per-call timeout (default 10 000 ms); a timeout is a retryable `meta.timeout`. */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** One Send API message call. */
export interface GraphSendRequest {
  readonly recipientId: string;
  readonly pageId: string | null;
  readonly messagingType: MessagingType;
  /** Only with `MESSAGE_TAG`. */
  readonly tag?: string;
  readonly message: MetaSendMessage;
}

/** A sender action (typing indicator, seen receipt). */
export interface GraphSenderActionRequest {
  readonly recipientId: string;
  readonly pageId: string | null;
  readonly action: 'typing_on' | 'typing_off' | 'mark_seen';
}

/** A profile lookup (`GET /{user-id}?fields=…`). */
export interface GraphProfileRequest {
  readonly userId: string;
  readonly pageId: string | null;
  /** Messenger: `first_name,last_name`; Instagram: `name,username`. */
  readonly fields: readonly string[];
}

/**
 * A thin Graph API client: ONE attempt per call (the outbound worker retries with backoff, guided by
 * `retryable`). Never throws for platform, network or timeout errors: every failure is a classified
 * {@link SendFailure}. The access token travels as the `access_token` query parameter and is never
 * logged nor put in a failure message.
 */
export interface GraphClient {
  /** `POST /{version}/me/messages` → the platform message id. */
  sendMessage(request: GraphSendRequest): Promise<SendResult>;
  /** `POST /{version}/me/messages` with `sender_action`. */
  senderAction(request: GraphSenderActionRequest): Promise<Result<null, SendFailure>>;
  /** `GET /{version}/{user-id}?fields=…`. */
  getProfile(request: GraphProfileRequest): Promise<Result<GraphProfile, SendFailure>>;
}

interface CallSpec<T> {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly pageId: string | null;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly schema: z.ZodType<T>;
}

/** Creates a {@link GraphClient}. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = `${options.graphUrl.replace(/\/+$/, '')}/${options.graphVersion}`;
  const transport: HttpTransport = options.fetch
    ? fetchTransport(options.fetch)
    : createHttpTransport({ maxSockets: options.maxSockets ?? 64 });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const logger = options.logger ?? silentLogger;

  async function call<T>(spec: CallSpec<T>): Promise<Result<T, SendFailure>> {
    const token = options.tokenFor(spec.pageId);
    if (token === null || token.length === 0) {
      return err(failure('meta.no_token', `No access token for page ${spec.pageId ?? '(default)'}`));
    }
    const query = new URLSearchParams({ ...spec.query, access_token: token });
    const started = Date.now();
    try {
      const response = await transport({
        method: spec.method,
        url: `${base}/${spec.path}?${query.toString()}`,
        headers: spec.body === undefined ? {} : { 'content-type': 'application/json' },
        ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
        timeoutMs,
      });
      return interpret(response, spec, Date.now() - started);
    } catch (cause) {
      const reason =
        cause instanceof TransportTimeoutError
          ? failure('meta.timeout', `Graph API did not answer within ${timeoutMs} ms`, true)
          : failure('meta.network', redact(`Graph API unreachable: ${describe(cause)}`, token), true);
      logger.warn({
        event: 'channel.meta.graph_failed',
        path: spec.path,
        code: reason.code,
        ms: Date.now() - started,
      });
      return err(reason);
    }

    function interpret(response: TransportResponse, s: CallSpec<T>, ms: number): Result<T, SendFailure> {
      const json = parseJson(response.text);
      const success = response.status >= 200 && response.status < 300;
      // Only a body with an `error` member can be a Graph error: successes skip that check.
      const graphError = hasError(json) ? graphErrorBodySchema.safeParse(json) : undefined;
      if (!success || graphError?.success === true) {
        const e = graphError?.success === true ? graphError.data.error : undefined;
        const retryAfterMs = retryAfter(response.header('retry-after'));
        const classified = classifyGraphError({
          status: response.status,
          ...(e?.code !== undefined ? { code: e.code } : {}),
          ...(e?.error_subcode !== undefined ? { subcode: e.error_subcode } : {}),
          ...(e?.message !== undefined ? { message: redact(e.message, token ?? '') } : {}),
          ...(e?.is_transient !== undefined ? { isTransient: e.is_transient } : {}),
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        });
        logger.warn({
          event: 'channel.meta.graph_failed',
          path: s.path,
          status: response.status,
          code: classified.code,
          platformCode: classified.platformCode,
          platformSubcode: classified.platformSubcode,
          fbtraceId: e?.fbtrace_id,
          ms,
        });
        return err(classified);
      }
      const parsed = s.schema.safeParse(json);
      if (!parsed.success) {
        logger.warn({
          event: 'channel.meta.graph_invalid_response',
          path: s.path,
          status: response.status,
          ms,
        });
        return err(failure('meta.invalid_response', 'Graph API answered with an unexpected body'));
      }
      logger.debug({ event: 'channel.meta.graph_ok', path: s.path, status: response.status, ms });
      return ok(parsed.data);
    }
  }

  return {
    async sendMessage(request) {
      const result = await call({
        method: 'POST',
        path: 'me/messages',
        pageId: request.pageId,
        body: {
          recipient: { id: request.recipientId },
          messaging_type: request.messagingType,
          message: request.message,
          ...(request.tag !== undefined ? { tag: request.tag } : {}),
        },
        schema: sendMessageResponseSchema,
      });
      return result.ok ? { ok: true, platformMessageId: result.value.message_id } : result;
    },
    async senderAction(request) {
      const result = await call({
        method: 'POST',
        path: 'me/messages',
        pageId: request.pageId,
        body: { recipient: { id: request.recipientId }, sender_action: request.action },
        schema: senderActionResponseSchema,
      });
      return result.ok ? ok(null) : result;
    },
    getProfile(request) {
      return call({
        method: 'GET',
        path: encodeURIComponent(request.userId),
        pageId: request.pageId,
        query: { fields: request.fields.join(',') },
        schema: graphProfileSchema,
      });
    },
  };
}

/** A transport over an injected `fetch` (an AbortController enforces the timeout). */
function fetchTransport(doFetch: FetchLike): HttpTransport {
  return async (request) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), request.timeoutMs);
    try {
      const response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        signal: controller.signal,
      });
      const text = await response.text();
      return { status: response.status, header: (name) => response.headers.get(name), text };
    } catch (cause) {
      throw controller.signal.aborted ? new TransportTimeoutError(request.timeoutMs) : cause;
    } finally {
      clearTimeout(timer);
    }
  };
}

function hasError(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'error' in json;
}

function failure(code: SendFailure['code'], message: string, retryable = false): SendFailure {
  return { code, message, retryable, userUnavailable: false };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}

/** Removes the token from text that might echo a URL (errors from fetch, platform messages). */
function redact(text: string, token: string): string {
  return token.length > 0 ? text.split(token).join('***') : text;
}
