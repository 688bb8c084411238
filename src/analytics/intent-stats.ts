import type { AnalyticsStore, TimeRange, UnmatchedText } from '../store';
import { DERIVED_METRICS } from '../store';
import { round } from './kpi-value';

/** Per intent: how often it won, its share of all matches, its mean score when it won. */
export interface IntentStat {
  readonly intent: string;
  readonly matches: number;
  /** matches / all matched messages × 100; null when nothing matched. */
  readonly share: number | null;
  readonly meanScore: number | null;
}

/** The answer of `GET /v1/intents/stats`. */
export interface IntentStats {
  readonly evaluated: number;
  readonly matched: number;
  readonly intents: readonly IntentStat[];
  readonly topUnmatched: readonly UnmatchedText[];
}

/** Intent statistics from the rollups, plus the most frequent unmatched texts from the message log. */
export async function intentStats(
  store: AnalyticsStore,
  range: TimeRange,
  limit: number,
): Promise<IntentStats> {
  const [rows, evaluated, top] = await Promise.all([
    store.sumCounters({ ranges: [range], metrics: [DERIVED_METRICS.nluMatched], filter: {}, by: 'intent' }),
    store.sumCounters({ ranges: [range], metrics: ['nlu_evaluated'], filter: {} }),
    store.topUnmatchedTexts(range, limit),
  ]);
  const matched = rows.reduce((a, r) => a + r.n, 0);
  const intents = rows
    .filter((r) => r.key !== null)
    .map((r) => ({
      intent: r.key as string,
      matches: r.n,
      share: matched === 0 ? null : round((r.n / matched) * 100),
      meanScore: r.n === 0 ? null : round(r.total / r.n),
    }))
    .sort((a, b) => b.matches - a.matches || a.intent.localeCompare(b.intent));
  return { evaluated: evaluated.reduce((a, r) => a + r.n, 0), matched, intents, topUnmatched: top };
}
