import type { LoggedMessage } from '../core';
import type { Store } from '../store';

const PAGE = 1000;

/** A time range in epoch ms: `from` inclusive, `to` exclusive; either may be open. */
export interface OptionalRange {
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/** What {@link scanNluMessages} reads: a time range, optionally one contact's messages only. */
export interface ScanScope extends OptionalRange {
  readonly contactId?: string | undefined;
}

/**
 * Calls `visit` for every inbound message with an NLU result in `range` (of one contact when
 * `range.contactId` is set), newest first, reading the log
 * in pages. Pages are cut by time: the next page starts at the oldest millisecond of the previous one
 * (inclusive) and skips the rows already seen, so rows sharing a millisecond are neither lost nor repeated.
 */
export async function scanNluMessages(
  store: Pick<Store, 'listMessages'>,
  range: ScanScope,
  visit: (message: LoggedMessage) => void,
): Promise<void> {
  let to = range.to;
  let seen = new Set<string>();
  for (;;) {
    const page = await store.listMessages({
      direction: 'in',
      nluEvaluated: true,
      ...(range.contactId === undefined ? {} : { contactId: range.contactId }),
      ...(range.from === undefined ? {} : { from: range.from }),
      ...(to === undefined ? {} : { to }),
      limit: PAGE,
    });
    let fresh = 0;
    for (const m of page) {
      if (seen.has(m.id)) continue;
      fresh++;
      visit(m);
    }
    const last = page[page.length - 1];
    if (page.length < PAGE || last === undefined) return;
    const edge = last.at;
    if (fresh === 0) {
      // More than a page inside one millisecond: move past it rather than loop (only then are rows skipped).
      to = edge;
      seen = new Set();
      continue;
    }
    const atEdge = page.filter((m) => m.at === edge).map((m) => m.id);
    seen = new Set(to === edge + 1 ? [...seen, ...atEdge] : atEdge);
    to = edge + 1;
  }
}
