import type { AnalyticsStore, TimeRange } from '../store';
import { DERIVED_METRICS } from '../store';
import { ratio } from './kpi-value';

/** One step of a funnel. */
export interface FunnelStep {
  readonly step: string;
  /** Distinct contacts that reached the step in the range. */
  readonly users: number;
  /** Users lost to the next step (this step's users − the next's; 0 for the last). */
  readonly dropOff: number;
  /** Flows abandoned at this step, and how many of those right after a message the bot did not understand. */
  readonly abandoned: number;
  readonly abandonedAfterUnmatched: number;
  /** Goals reached at this step. */
  readonly goals: number;
}

/** The answer of `GET /v1/flows/:id/funnel`. */
export interface Funnel {
  readonly flow: string;
  readonly steps: readonly FunnelStep[];
  readonly started: number;
  readonly completed: number;
  readonly completionRate: ReturnType<typeof ratio>;
  readonly goals: number;
  readonly abandoned: number;
  readonly abandonedAfterUnmatched: number;
}

/**
 * The funnel of a flow over a range. Steps come in `order` (the flow definition's), followed by any
 * other step seen in the data. Drop-off between consecutive steps is the difference of their users.
 */
export async function flowFunnel(
  store: AnalyticsStore,
  flow: string,
  range: TimeRange,
  order: readonly string[],
): Promise<Funnel> {
  const seen = await store.dimensionValues('step', range, { flow });
  const steps = [...order, ...seen.filter((s) => !order.includes(s))];
  const metrics = [
    'flow_started',
    'flow_completed',
    'flow_abandoned',
    'goal_reached',
    DERIVED_METRICS.abandonedAfterUnmatched,
  ];
  const [rows, ...users] = await Promise.all([
    store.sumCounters({ ranges: [range], metrics, filter: { flow }, by: 'step' }),
    ...steps.map((step) =>
      store.countDistinct({ ranges: [range], population: { kind: 'step', step }, filter: { flow } }),
    ),
  ]);
  const at = (metric: string, step?: string) =>
    rows
      .filter((r) => r.metric === metric && (step === undefined || r.key === step))
      .reduce((a, r) => a + r.n, 0);
  const reached = users.map((u) => u.reduce((a, r) => a + r.n, 0));
  const started = at('flow_started');
  const completed = at('flow_completed');
  return {
    flow,
    steps: steps.map((step, i) => ({
      step,
      users: reached[i] ?? 0,
      dropOff: i + 1 < steps.length ? Math.max(0, (reached[i] ?? 0) - (reached[i + 1] ?? 0)) : 0,
      abandoned: at('flow_abandoned', step),
      abandonedAfterUnmatched: at(DERIVED_METRICS.abandonedAfterUnmatched, step),
      goals: at('goal_reached', step),
    })),
    started,
    completed,
    completionRate: ratio(completed, started, 100),
    goals: at('goal_reached'),
    abandoned: at('flow_abandoned'),
    abandonedAfterUnmatched: at(DERIVED_METRICS.abandonedAfterUnmatched),
  };
}
