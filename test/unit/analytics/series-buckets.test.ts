import { seriesBuckets, startOfDay } from '../../../src/analytics';
import { ratio } from '../../../src/analytics/kpi-value';

describe('series buckets in a time zone', () => {
  it('makes the Berlin DST days 23 and 25 hours long', () => {
    const from = startOfDay({ year: 2026, month: 3, day: 28 }, 'Europe/Berlin');
    const to = startOfDay({ year: 2026, month: 3, day: 31 }, 'Europe/Berlin');
    expect(new Date(from).toISOString()).toBe('2026-03-27T23:00:00.000Z');
    const hours = seriesBuckets({ from, to }, 'day', 'Europe/Berlin').map((b) => (b.to - b.from) / 3600_000);
    expect(hours).toEqual([24, 23, 24]);
    const autumnFrom = startOfDay({ year: 2026, month: 10, day: 25 }, 'Europe/Berlin');
    const [autumn] = seriesBuckets(
      { from: autumnFrom, to: autumnFrom + 25 * 3600_000 },
      'day',
      'Europe/Berlin',
    );
    expect((autumn!.to - autumn!.from) / 3600_000).toBe(25);
  });

  it('starts Kathmandu days at 18:15 UTC and cuts weeks on Mondays', () => {
    expect(new Date(startOfDay({ year: 2026, month: 1, day: 1 }, 'Asia/Kathmandu')).toISOString()).toBe(
      '2025-12-31T18:15:00.000Z',
    );
    const from = Date.UTC(2026, 0, 1); // a Thursday
    const weeks = seriesBuckets({ from, to: from + 14 * 86_400_000 }, 'week', 'UTC');
    expect(weeks.map((w) => new Date(w.from).toISOString().slice(0, 10))).toEqual([
      '2026-01-01',
      '2026-01-05',
      '2026-01-12',
    ]);
  });

  it('has no series for total and none for an empty range', () => {
    expect(seriesBuckets({ from: 0, to: 86_400_000 }, 'total', 'UTC')).toEqual([]);
    expect(seriesBuckets({ from: 0, to: 0 }, 'day', 'UTC')).toEqual([]);
  });
});

describe('the worked examples of kpis.md', () => {
  it.each([
    ['interactions per user', 25_000, 10_000, 1, 2.5],
    ['CTR', 1_000, 8_000, 100, 12.5],
    ['matched response rate', 100, 200, 100, 50],
    ['cost per conversion', 5_000, 100, 1, 50],
    ['conversion rate', 100, 2_000, 100, 5],
    ['ROAS', 1_000, 200, 1, 5],
    ['insights per user (the formula governs, not the source)', 250, 5_000, 1, 0.05],
  ])('%s: %d / %d', (_name, n, d, scale, expected) => {
    expect(ratio(n, d, scale)).toEqual({ value: expected, numerator: n, denominator: d });
  });

  it('is null, not 0 or NaN, when the denominator is 0', () => {
    expect(ratio(5, 0)).toEqual({ value: null, numerator: 5, denominator: 0 });
  });
});
