import type { AnalyticsStore, TimeRange } from '../store';
import { ratio } from './kpi-value';

/** One A/B variant of a flow. */
export interface VariantStats {
  readonly variant: string;
  /** Distinct contacts with an event of this flow and variant (assigned, reached, clicked…). */
  readonly users: number;
  readonly clicks: number;
  /** Distinct contacts that clicked a link of this variant. */
  readonly visitors: number;
  readonly ctr: ReturnType<typeof ratio>;
  readonly conversions: number;
  readonly conversionValue: number;
  readonly conversionRate: ReturnType<typeof ratio>;
}

/** Per variant of `flow` in `range`: users, clicks, CTR, conversions, conversion rate (as the KPIs define them). */
export async function flowVariants(
  store: AnalyticsStore,
  flow: string,
  range: TimeRange,
): Promise<VariantStats[]> {
  const variants = await store.dimensionValues('variant', range, { flow });
  return Promise.all(
    variants.map(async (variant) => {
      const filter = { flow, variant };
      const [sums, users, visitors] = await Promise.all([
        store.sumCounters({ ranges: [range], metrics: ['link_clicked', 'conversion'], filter }),
        store.countDistinct({ ranges: [range], population: { kind: 'users' }, filter }),
        store.countDistinct({ ranges: [range], population: { kind: 'visitors' }, filter }),
      ]);
      const n = (m: string) => sums.filter((r) => r.metric === m).reduce((a, r) => a + r.n, 0);
      const value = sums.filter((r) => r.metric === 'conversion').reduce((a, r) => a + r.total, 0);
      const u = users.reduce((a, r) => a + r.n, 0);
      const v = visitors.reduce((a, r) => a + r.n, 0);
      return {
        variant,
        users: u,
        clicks: n('link_clicked'),
        visitors: v,
        ctr: ratio(n('link_clicked'), u, 100),
        conversions: n('conversion'),
        conversionValue: Math.round(value * 1e6) / 1e6,
        conversionRate: ratio(n('conversion'), v, 100),
      };
    }),
  );
}
