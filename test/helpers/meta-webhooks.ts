import { createHmac } from 'node:crypto';
import { metaPageWebhook, metaTextEvent, signMetaBody } from '../../src/cli/meta-signing';

/** The app secret, verify token and page of the Meta test setup. */
export const META_ENV = {
  META_APP_ID: '111222333444555',
  META_APP_SECRET: 'test-app-secret-0123456789',
  META_VERIFY_TOKEN: 'verify-token-0123',
  META_PAGE_ACCESS_TOKEN: 'page-token-0123456789',
  SEND_RETRY_BASE_MS: '10',
};
export const PAGE_ID = '104567890123456';

/** `X-Hub-Signature-256` of `body` with `secret`. */
export function signature(body: string, secret = META_ENV.META_APP_SECRET): string {
  return signMetaBody(body, secret);
}

/** A Messenger text event from `psid`. */
export function textEvent(psid: string, text: string, mid: string, timestamp: number) {
  return metaTextEvent(PAGE_ID, psid, text, mid, timestamp);
}

/** A webhook envelope with one entry per list of events. */
export function pageWebhook(...entries: object[][]) {
  return metaPageWebhook(PAGE_ID, entries);
}

/** A `signed_request` as Meta's data deletion callback sends it. */
export function signedRequest(userId: string, secret = META_ENV.META_APP_SECRET): string {
  const payload = Buffer.from(
    JSON.stringify({ algorithm: 'HMAC-SHA256', user_id: userId, issued_at: Math.floor(Date.now() / 1000) }),
  ).toString('base64url');
  const sig = createHmac('sha256', secret).update(payload).digest('base64url');
  return `${sig}.${payload}`;
}
