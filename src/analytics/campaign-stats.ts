import type { AnalyticsStore, TimeRange } from '../store';
import type { ratio } from './kpi-value';
import { round } from './kpi-value';
import { computeKpis } from './compute-kpis';

/** One campaign (an entry point: m.me ref or ad id) with what it brought and cost. */
export interface CampaignStats {
  readonly campaign: string;
  readonly referrals: number;
  /** Distinct contacts with an event of the campaign (referred, clicked, converted). */
  readonly users: number;
  readonly conversions: number;
  readonly conversionValue: number;
  readonly spend: number;
  readonly costPerConversion: ReturnType<typeof ratio>;
  readonly roas: ReturnType<typeof ratio>;
}

/** Every campaign seen in the range's events or spend, with its KPIs (spend placed at local midnight in `tz`). */
export async function campaignStats(
  store: AnalyticsStore,
  range: TimeRange,
  tz: string,
): Promise<CampaignStats[]> {
  const [seen, spend] = await Promise.all([
    store.dimensionValues('campaign', range, {}),
    store.listSpend({}),
  ]);
  const names = [...new Set([...seen, ...spend.map((s) => s.campaign)])].sort();
  return Promise.all(
    names.map(async (campaign) => {
      const [kpis, referrals] = await Promise.all([
        computeKpis(store, { ranges: [range], filter: { campaign }, tz }),
        store.sumCounters({ ranges: [range], metrics: ['referral', 'conversion'], filter: { campaign } }),
      ]);
      const k = kpis[0]!;
      const n = (m: string) => referrals.filter((r) => r.metric === m).reduce((a, r) => a + r.n, 0);
      const users = await store.countDistinct({
        ranges: [range],
        population: { kind: 'users' },
        filter: { campaign },
      });
      return {
        campaign,
        referrals: n('referral'),
        users: users.reduce((a, r) => a + r.n, 0),
        conversions: n('conversion'),
        conversionValue: round(k.roas.numerator),
        spend: round(k.costPerConversion.numerator),
        costPerConversion: k.costPerConversion,
        roas: k.roas,
      };
    }),
  );
}
