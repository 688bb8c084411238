/** The shapes of the API answers the dashboard reads (see GET /openapi.json and docs/analytics.md). */

export interface KpiValue {
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
}

export interface KpiSet {
  readonly matchedResponseRate: KpiValue;
  readonly interactionsPerUser: KpiValue;
  readonly insightsPerUser: KpiValue;
  readonly ctr: KpiValue;
  readonly conversionRate: KpiValue;
  readonly costPerConversion: KpiValue;
  readonly roas: KpiValue;
  readonly outboundVolume: KpiValue;
  readonly responseRate: KpiValue;
  readonly unsubscribes: KpiValue & { readonly runningTotal: number };
  readonly listVolume: KpiValue & { readonly byList: Readonly<Record<string, number>> };
  readonly avgResponseTime: KpiValue & {
    readonly median: number | null;
    readonly p90: number | null;
    readonly unanswered: number;
  };
}

export type KpiName = keyof KpiSet;

export interface KpiPeriod {
  readonly range: {
    readonly from: string;
    readonly to: string;
    readonly tz: string;
    readonly granularity: string;
  };
  readonly kpis: KpiSet;
  readonly series: readonly { readonly start: string; readonly end: string; readonly kpis: KpiSet }[];
}

export interface KpiReport extends KpiPeriod {
  readonly previous?: KpiPeriod;
}

export interface Breakdown {
  readonly rows: readonly { readonly key: string; readonly kpi: KpiValue }[];
}

export interface FunnelStep {
  readonly step: string;
  readonly users: number;
  readonly dropOff: number;
  readonly abandoned: number;
  readonly abandonedAfterUnmatched: number;
  readonly goals: number;
}

export interface Funnel {
  readonly flow: string;
  readonly steps: readonly FunnelStep[];
  readonly started: number;
  readonly completed: number;
  readonly completionRate: KpiValue;
  readonly goals: number;
  readonly abandoned: number;
  readonly abandonedAfterUnmatched: number;
}

export interface VariantStats {
  readonly variant: string;
  readonly users: number;
  readonly clicks: number;
  readonly visitors: number;
  readonly ctr: KpiValue;
  readonly conversions: number;
  readonly conversionValue: number;
  readonly conversionRate: KpiValue;
}

export interface CampaignStats {
  readonly campaign: string;
  readonly referrals: number;
  readonly users: number;
  readonly conversions: number;
  readonly conversionValue: number;
  readonly spend: number;
  readonly costPerConversion: KpiValue;
  readonly roas: KpiValue;
}

export interface Campaigns {
  readonly currency: string;
  readonly campaigns: readonly CampaignStats[];
}

export interface IntentStats {
  readonly evaluated: number;
  readonly matched: number;
  readonly intents: readonly {
    readonly intent: string;
    readonly matches: number;
    readonly share: number | null;
    readonly meanScore: number | null;
  }[];
  readonly topUnmatched: readonly {
    readonly text: string;
    readonly count: number;
    readonly lastAt: number;
  }[];
}

export interface CrossValidation {
  readonly version: string;
  readonly folds: number;
  readonly examples: number;
  readonly computedAt: string;
  readonly metrics: {
    readonly threshold: number;
    readonly inScopeCount: number;
    readonly inScopeAccuracy: number;
    readonly oosRecall: number | null;
    readonly matchPrecision: number;
    readonly macroF1: number;
    readonly perIntent: readonly {
      readonly intent: string;
      readonly support: number;
      readonly precision: number;
      readonly recall: number;
      readonly f1: number;
    }[];
    readonly confusions: readonly {
      readonly expected: string | null;
      readonly predicted: string | null;
      readonly count: number;
      readonly examples: readonly string[];
    }[];
  };
}

export interface ListInfo {
  readonly id: string;
  readonly name: string;
  readonly size?: number;
}
