import { createHmac } from 'node:crypto';

/** A Messenger text event as Meta delivers it in `entry[].messaging[]`. */
export interface MetaTextEvent {
  readonly sender: { readonly id: string };
  readonly recipient: { readonly id: string };
  readonly timestamp: number;
  readonly message: { readonly mid: string; readonly text: string };
}

/** A `page` webhook envelope: one entry per list of events. */
export interface MetaPageWebhook {
  readonly object: 'page';
  readonly entry: readonly {
    readonly id: string;
    readonly time: number;
    readonly messaging: readonly object[];
  }[];
}

/**
 * The `X-Hub-Signature-256` header value Meta sends with `body`: `sha256=` + hex HMAC-SHA256 of the
 * exact bytes with the app secret. Sign the string you send, never a re-serialisation of it.
 */
export function signMetaBody(body: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** A Messenger text event from `psid` to `pageId`. */
export function metaTextEvent(
  pageId: string,
  psid: string,
  text: string,
  mid: string,
  timestamp: number,
): MetaTextEvent {
  return { sender: { id: psid }, recipient: { id: pageId }, timestamp, message: { mid, text } };
}

/**
 * A `page` webhook envelope for `pageId` with one entry per list of events (Meta batches several
 * entries and several events per entry); entry times are `now`, `now + 1`, …
 */
export function metaPageWebhook(
  pageId: string,
  entries: readonly (readonly object[])[],
  now: number = Date.now(),
): MetaPageWebhook {
  return {
    object: 'page',
    entry: entries.map((messaging, i) => ({ id: pageId, time: now + i, messaging })),
  };
}

/** A JSON body and its signature, ready to POST to `/webhooks/meta`. */
export function signedMetaWebhook(webhook: object, appSecret: string): { body: string; signature: string } {
  const body = JSON.stringify(webhook);
  return { body, signature: signMetaBody(body, appSecret) };
}
