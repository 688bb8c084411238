import { createHash } from 'node:crypto';
import type { IntentScore, LoggedMessage } from '../core';
import { ParleyError } from '../core';
import { normalizeUtterance } from '../nlu';
import type { InboxDecision, InboxStatus } from '../store';
import { clusterTexts } from './cluster-texts';
import type { InboxKind, InboxQuery } from './training-schemas';

/** All logged messages with one normalised text. */
export interface TextAggregate {
  readonly key: string;
  /** The latest raw text. */
  text: string;
  count: number;
  firstAt: number;
  lastAt: number;
  /** The latest logged NLU result. */
  latest: { intent: string | null; score: number; matched: boolean; modelVersion: string };
  /** The most urgent kind any of its messages had (unmatched > review > validate), or null. */
  kind: InboxKind | null;
}

/** One inbox item: every message with one normalised text, with what the serving model suggests now. */
export interface InboxItem {
  readonly key: string;
  readonly text: string;
  readonly count: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly kind: InboxKind;
  readonly status: InboxStatus;
  /** The latest logged NLU result of this text. */
  readonly logged: TextAggregate['latest'];
  /** The serving model's top 3 intents for the text. */
  readonly suggestions: readonly IntentScore[];
  readonly decision: InboxDecision | null;
}

/** A page entry: one item, or a cluster of similar unmatched items reviewed together. */
export interface InboxEntry {
  /** `item:<key>` or `cluster:<key of its most frequent item>`. */
  readonly id: string;
  readonly type: 'item' | 'cluster';
  readonly kind: InboxKind;
  readonly status: InboxStatus;
  /** Messages in all its items. */
  readonly count: number;
  readonly lastAt: number;
  /** For a cluster: its items' suggestions averaged by message count, top 3. */
  readonly suggestions: readonly IntentScore[];
  readonly items: readonly InboxItem[];
}

/** How logged results are sorted into kinds. */
export interface KindRules {
  readonly threshold: number;
  /** Matches with a score below `threshold + reviewBand` are reviewed. */
  readonly reviewBand: number;
  /** Share (0–1) of confident matches sampled for validation, chosen by a hash of the text (stable). */
  readonly validateSampleRate: number;
}

const URGENCY: Record<InboxKind, number> = { unmatched: 0, review: 1, validate: 2 };

/** A stable pseudo-random number in [0, 1) for a text, so the validation sample does not change between calls. */
function sampleValue(key: string): number {
  return parseInt(createHash('sha256').update(key).digest('hex').slice(0, 8), 16) / 2 ** 32;
}

/** The kind of one logged result, or null when it is a confident match outside the sample. */
export function kindOf(
  key: string,
  nlu: { matched: boolean; score: number },
  rules: KindRules,
): InboxKind | null {
  if (!nlu.matched) return 'unmatched';
  if (nlu.score < rules.threshold + rules.reviewBand) return 'review';
  return sampleValue(key) < rules.validateSampleRate ? 'validate' : null;
}

/** Folds logged messages (visited newest first) into one aggregate per normalised text. */
export function createAggregator(rules: KindRules): {
  add(message: LoggedMessage): void;
  readonly aggregates: Map<string, TextAggregate>;
} {
  const aggregates = new Map<string, TextAggregate>();
  return {
    aggregates,
    add(m) {
      if (m.nlu === null || m.text === null) return;
      const key = normalizeUtterance(m.text);
      if (key === '') return;
      const kind = kindOf(key, m.nlu, rules);
      const a = aggregates.get(key);
      if (a === undefined) {
        const { intent, score, matched, modelVersion } = m.nlu;
        aggregates.set(key, {
          key,
          text: m.text.trim(),
          count: 1,
          firstAt: m.at,
          lastAt: m.at,
          latest: { intent, score, matched, modelVersion },
          kind,
        });
        return;
      }
      a.count++;
      a.firstAt = Math.min(a.firstAt, m.at);
      if (kind !== null && (a.kind === null || URGENCY[kind] < URGENCY[a.kind])) a.kind = kind;
    },
  };
}

/** Items of the aggregates that belong in the inbox (a kind, or a decision), with status and suggestions. */
export function toItems(
  aggregates: Iterable<TextAggregate>,
  decisions: ReadonlyMap<string, InboxDecision>,
  suggest: (text: string) => readonly IntentScore[],
): InboxItem[] {
  const items: InboxItem[] = [];
  for (const a of aggregates) {
    const decision = decisions.get(a.key) ?? null;
    // A decided confident match (validated outside today's sample) stays listed as a validation.
    const kind = a.kind ?? (decision === null ? null : 'validate');
    if (kind === null) continue;
    items.push({
      key: a.key,
      text: a.text,
      count: a.count,
      firstAt: a.firstAt,
      lastAt: a.lastAt,
      kind,
      status: decision?.status ?? 'open',
      logged: a.latest,
      suggestions: suggest(a.text),
      decision,
    });
  }
  return items;
}

function byPriority(sort: InboxQuery['sort']) {
  return (a: { count: number; lastAt: number; kind: InboxKind; id: string }, b: typeof a): number =>
    (sort === 'newest'
      ? b.lastAt - a.lastAt || b.count - a.count
      : b.count - a.count || URGENCY[a.kind] - URGENCY[b.kind] || b.lastAt - a.lastAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function clusterSuggestions(items: readonly InboxItem[]): IntentScore[] {
  const total = items.reduce((n, i) => n + i.count, 0);
  const sums = new Map<string, number>();
  for (const item of items) {
    for (const s of item.suggestions) sums.set(s.intent, (sums.get(s.intent) ?? 0) + s.score * item.count);
  }
  return [...sums]
    .map(([intent, sum]) => ({ intent, score: sum / total }))
    .sort((a, b) => b.score - a.score || (a.intent < b.intent ? -1 : 1))
    .slice(0, 3);
}

const single = (item: InboxItem): InboxEntry => ({
  id: `item:${item.key}`,
  type: 'item',
  kind: item.kind,
  status: item.status,
  count: item.count,
  lastAt: item.lastAt,
  suggestions: item.suggestions,
  items: [item],
});

/**
 * The entries for a query, sorted: items filtered by status, kind and intent; unmatched ones clustered
 * (when asked) so paraphrases are reviewed together. Items inside a cluster are most frequent first.
 */
export function toEntries(items: readonly InboxItem[], query: InboxQuery): InboxEntry[] {
  const selected = items.filter(
    (i) =>
      i.status === query.status &&
      (query.kind === undefined || i.kind === query.kind) &&
      (query.intent === undefined ||
        i.logged.intent === query.intent ||
        i.suggestions.some((s) => s.intent === query.intent)),
  );
  const order = byPriority('frequent');
  const asEntry = (i: InboxItem) => ({ ...i, id: `item:${i.key}` });
  const unmatched = selected
    .filter((i) => i.kind === 'unmatched')
    .map(asEntry)
    .sort(order);
  const entries: InboxEntry[] = selected.filter((i) => !query.cluster || i.kind !== 'unmatched').map(single);
  if (query.cluster) {
    for (const group of clusterTexts(unmatched)) {
      const members = group.map((g) => unmatched[g]!).map(({ id: _id, ...item }) => item);
      const first = members[0]!;
      if (members.length === 1) {
        entries.push(single(first));
        continue;
      }
      entries.push({
        id: `cluster:${first.key}`,
        type: 'cluster',
        kind: 'unmatched',
        status: first.status,
        count: members.reduce((n, m) => n + m.count, 0),
        lastAt: Math.max(...members.map((m) => m.lastAt)),
        suggestions: clusterSuggestions(members),
        items: members,
      });
    }
  }
  return entries.sort(byPriority(query.sort));
}

/** Encodes a page position; opaque to clients. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/**
 * The offset of a cursor.
 * @throws ParleyError `api.bad_request` for a cursor this API did not hand out.
 */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  let value: { o?: unknown } = {};
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
  } catch {
    // reported below
  }
  if (typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0) return value.o;
  throw new ParleyError('api.bad_request', 'Unknown cursor: pass the nextCursor of a previous page.');
}
