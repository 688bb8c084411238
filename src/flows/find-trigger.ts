import type { FlowCatalog } from './flow-catalog';
import { normalizeText } from './validators/validate-choice';

/** What might start a flow this turn; give whatever the inbound event carries. */
export interface TriggerQuery {
  readonly payload?: string;
  readonly ref?: string;
  readonly adId?: string;
  readonly intent?: string | null;
  readonly text?: string;
}

/** The flow a trigger starts and how it matched (for `flow_started.data.trigger`). */
export interface TriggerMatch {
  readonly flowId: string;
  readonly via: 'payload' | 'ref' | 'adId' | 'intent' | 'keyword';
  readonly value: string;
}

function keywordMatch(catalog: FlowCatalog, text: string): TriggerMatch | null {
  const padded = ` ${normalizeText(text.slice(0, 2000))} `;
  let best: TriggerMatch | null = null;
  for (const [keyword, flowId] of catalog.triggers.keywords) {
    if (keyword === '' || !padded.includes(` ${keyword} `)) continue;
    if (best === null || keyword.length > best.value.length) best = { flowId, via: 'keyword', value: keyword };
  }
  return best;
}

/**
 * The flow a trigger starts, checked in this order: payload, entry-point ref, ad id, intent, then the
 * longest keyword contained (as whole words, ignoring case and punctuation) in `text`. Null when none.
 */
export function findTrigger(catalog: FlowCatalog, query: TriggerQuery): TriggerMatch | null {
  const exact = [
    ['payload', query.payload, catalog.triggers.payloads],
    ['ref', query.ref, catalog.triggers.refs],
    ['adId', query.adId, catalog.triggers.adIds],
    ['intent', query.intent ?? undefined, catalog.triggers.intents],
  ] as const;
  for (const [via, value, index] of exact) {
    const flowId = value === undefined ? undefined : index.get(value);
    if (flowId !== undefined && value !== undefined) return { flowId, via, value };
  }
  return query.text === undefined ? null : keywordMatch(catalog, query.text);
}
