import type { KpiValue } from './kpi-names';

/** Rounds away the float noise of summed rollups (values are money or counts). */
export const round = (x: number, digits = 6): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** `numerator / denominator × scale`, null when the denominator is 0. */
export function ratio(numerator: number, denominator: number, scale = 1): KpiValue {
  const n = round(numerator);
  const d = round(denominator);
  return { value: d === 0 ? null : round((n / d) * scale), numerator: n, denominator: d };
}

/** A count KPI: value = numerator = the count, denominator = 1 (so it is never null). */
export function count(n: number): KpiValue {
  return { value: round(n), numerator: round(n), denominator: 1 };
}
