import type { ErrorCode } from '../../core';
import type { SendFailure } from '../channel-adapter';

/** What the platform answered (or did not), as far as classification needs it. */
export interface GraphErrorInput {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly code?: number;
  readonly subcode?: number;
  readonly message?: string;
  readonly isTransient?: boolean;
  readonly retryAfterMs?: number;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const TRANSIENT_CODES = new Set([2, 1200]);

/**
 * Classifies a Graph API failure by `error.code` / `error_subcode` first (see meta-platform.md), the
 * HTTP status only when the code says nothing:
 * - retry: 613/4/17/32 (`meta.rate_limited`), 2/1200 or `is_transient` (`meta.transient`), 5xx
 *   (`meta.server_error`), 429;
 * - never retry: 190 (`meta.token_invalid`: alert), 10/2018278 (`meta.outside_window`), 551,
 *   10/2018108, 200/1545041 (`meta.user_unavailable`, `userUnavailable`), 100 (`meta.bad_request`),
 *   other 10 and 200–299 (`meta.permission_denied`), anything else 4xx (`meta.send_failed`).
 */
export function classifyGraphError(input: GraphErrorInput): SendFailure {
  const { status, code, subcode } = input;
  const make = (failure: ErrorCode, retryable: boolean, userUnavailable = false): SendFailure => ({
    code: failure,
    message: input.message ?? `Graph API error${code !== undefined ? ` ${code}` : ''} (HTTP ${status})`,
    retryable,
    userUnavailable,
    ...(code !== undefined ? { platformCode: code } : {}),
    ...(subcode !== undefined ? { platformSubcode: subcode } : {}),
    ...(retryable && input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
  });
  if (code === 190) return make('meta.token_invalid', false);
  if (code === 10 && subcode === 2018278) return make('meta.outside_window', false);
  if (code === 551 || (code === 10 && subcode === 2018108) || (code === 200 && subcode === 1545041)) {
    return make('meta.user_unavailable', false, true);
  }
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return make('meta.rate_limited', true);
  if ((code !== undefined && TRANSIENT_CODES.has(code)) || input.isTransient === true) {
    return make('meta.transient', true);
  }
  if (code === 100) return make('meta.bad_request', false);
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299))
    return make('meta.permission_denied', false);
  if (status >= 500) return make('meta.server_error', true);
  if (status === 429) return make('meta.rate_limited', true);
  return make('meta.send_failed', false);
}
