import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { computeKpis, dateIn, seriesBuckets } from '../../../src/analytics';
import type { KpiSet } from '../../../src/analytics';
import type { Channel, LoggedEvent } from '../../../src/core';
import type { DimensionFilter, Store } from '../../../src/store';
import { createSqliteStore } from '../../../src/store';
import { completeEvent } from '../../../src/runtime';

/*
 * The oracle: random event streams, every KPI recomputed by brute force from the definitions in
 * kpis.md (scanning the events), compared with what the rollups answer for random ranges, time zones
 * and granularities.
 */

const Q = 15 * 60_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 2, 20); // the range spans the EU DST change of 2026-03-29
const SPAN_DAYS = 20;
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/New_York',
  'Australia/Lord_Howe',
];
const CHANNELS: Channel[] = ['web', 'messenger', 'instagram'];
const CAMPAIGNS = ['spring', 'ad-42'];

type Action =
  | {
      kind: 'message';
      msgKind: 'text' | 'attachment' | 'quick_reply' | 'postback';
      nlu: boolean | null;
      intent: string;
      replyAfter: number | null;
    }
  | { kind: 'click'; campaign: string | null; flow: string | null; variant: string | null }
  | { kind: 'step'; step: string; variant: string | null }
  | { kind: 'capture' }
  | { kind: 'conversion'; value: number }
  | { kind: 'unsubscribe' }
  | { kind: 'referral'; campaign: string }
  | { kind: 'broadcast'; list: string };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('message' as const),
      msgKind: fc.constantFrom(
        'text' as const,
        'attachment' as const,
        'quick_reply' as const,
        'postback' as const,
      ),
      nlu: fc.option(fc.boolean(), { nil: null }),
      intent: fc.constantFrom('hi', 'bye'),
      replyAfter: fc.option(fc.integer({ min: 0, max: 3 * 3600_000 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('click' as const),
      campaign: fc.option(fc.constantFrom(...CAMPAIGNS), { nil: null }),
      flow: fc.option(fc.constant('lead'), { nil: null }),
      variant: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      step: fc.constantFrom('ask_email', 'offer'),
      variant: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capture' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('conversion' as const),
      value: fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('referral' as const), campaign: fc.constantFrom(...CAMPAIGNS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('broadcast' as const), list: fc.constantFrom('vip', 'news') }),
  },
);

const streamArb = fc.array(
  fc.record({
    contact: fc.integer({ min: 0, max: 7 }),
    at: fc.integer({ min: START, max: START + SPAN_DAYS * DAY - 1 }),
    action: actionArb,
  }),
  { minLength: 0, maxLength: 80 },
);

function event(
  contactId: string,
  channel: Channel,
  type: LoggedEvent['type'],
  at: number,
  extra: Partial<LoggedEvent> = {},
): LoggedEvent {
  return completeEvent({ ...extra, type }, { id: contactId, channel }, at, randomUUID);
}

function toEvents(
  stream: fc.Stream<never> | { contact: number; at: number; action: Action }[],
  ids: string[],
  channels: Channel[],
): LoggedEvent[] {
  const out: LoggedEvent[] = [];
  for (const { contact, at, action } of stream as { contact: number; at: number; action: Action }[]) {
    const id = ids[contact]!;
    const ch = channels[contact]!;
    switch (action.kind) {
      case 'message':
        out.push(event(id, ch, 'message_received', at, { data: { kind: action.msgKind } }));
        if (action.nlu !== null)
          out.push(
            event(id, ch, 'nlu_evaluated', at, {
              intent: action.intent,
              value: 0.7,
              data: { matched: action.nlu },
            }),
          );
        if (action.replyAfter !== null) out.push(event(id, ch, 'message_sent', at + action.replyAfter));
        break;
      case 'click':
        out.push(
          event(id, ch, 'link_clicked', at, {
            campaign: action.campaign,
            flowId: action.flow,
            variant: action.flow === null ? null : action.variant,
          }),
        );
        break;
      case 'step':
        out.push(
          event(id, ch, 'step_reached', at, { flowId: 'lead', stepId: action.step, variant: action.variant }),
        );
        break;
      case 'capture':
        out.push(event(id, ch, 'attribute_captured', at));
        break;
      case 'conversion':
        out.push(event(id, ch, 'conversion', at, { value: action.value }));
        break;
      case 'unsubscribe':
        out.push(event(id, ch, 'unsubscribed', at));
        break;
      case 'referral':
        out.push(event(id, ch, 'referral', at, { campaign: action.campaign }));
        break;
      case 'broadcast':
        out.push(event(id, ch, 'message_sent', at, { list: action.list }));
        break;
    }
  }
  // Written in time order (ties: generation order), as a live system writes them.
  return out
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].at - b[0].at || a[1] - b[1])
    .map(([e]) => e);
}

/** The brute-force KPIs of kpis.md over `[from, to)`. */
function oracle(events: LoggedEvent[], from: number, to: number, filter: DimensionFilter, spend: number) {
  const campaignOf = (e: LoggedEvent): string | null => {
    if (e.type !== 'conversion') return e.campaign;
    const refs = events.filter(
      (r) => r.type === 'referral' && r.contactId === e.contactId && r.at <= e.at && r.campaign !== null,
    );
    return refs.length > 0 ? refs.reduce((a, b) => (b.at >= a.at ? b : a)).campaign : e.campaign;
  };
  const is = (want: string | undefined, got: string | null) => want === undefined || got === want;
  const match = (e: LoggedEvent) =>
    is(filter.channel, e.channel) &&
    is(filter.campaign, campaignOf(e)) &&
    is(filter.flow, e.flowId) &&
    is(filter.intent, e.intent) &&
    is(filter.variant, e.variant) &&
    is(filter.list, e.list);
  // Under a flow/intent/campaign/variant/list filter, users are the contacts with any matching event.
  const byDims = (['flow', 'intent', 'campaign', 'variant', 'list'] as const).some(
    (d) => filter[d] !== undefined,
  );
  const inRange = events.filter((e) => e.at >= from && e.at < to && match(e));
  const count = (p: (e: LoggedEvent) => boolean) => inRange.filter(p).length;
  const isInteraction = (e: LoggedEvent) => e.type === 'message_received' || e.type === 'link_clicked';
  const isInbound = (e: LoggedEvent) => e.type === 'message_received' && e.data.kind !== 'postback';
  const users = new Set(inRange.filter((e) => (byDims ? true : isInteraction(e))).map((e) => e.contactId))
    .size;
  const visitors = new Set(inRange.filter((e) => e.type === 'link_clicked').map((e) => e.contactId)).size;
  const times: number[] = [];
  let unanswered = 0;
  for (const e of inRange.filter(isInbound)) {
    // Response times carry only the channel: under any other filter none are counted.
    if (byDims) {
      unanswered++;
      continue;
    }
    const idx = events.indexOf(e);
    const reply = events
      .slice(idx + 1)
      .find((r) => r.type === 'message_sent' && r.contactId === e.contactId && r.at >= e.at);
    if (reply) times.push(reply.at - e.at);
    else unanswered++;
  }
  times.sort((a, b) => a - b);
  const rank = (q: number) =>
    times.length === 0 ? null : times[Math.max(1, Math.ceil(q * times.length)) - 1]! / 1000;
  const conversions = inRange.filter((e) => e.type === 'conversion');
  return {
    interactions: count(isInteraction),
    users,
    visitors,
    nlu: count((e) => e.type === 'nlu_evaluated'),
    matched: count((e) => e.type === 'nlu_evaluated' && e.data.matched === true),
    dataPoints: count((e) => e.type === 'attribute_captured'),
    clicks: count((e) => e.type === 'link_clicked'),
    conversions: conversions.length,
    value: conversions.reduce((a, e) => a + (e.value ?? 0), 0),
    outbound: count((e) => e.type === 'message_sent'),
    listSent: count((e) => e.type === 'message_sent' && e.list !== null),
    inbound: count(isInbound),
    unsubscribes: count((e) => e.type === 'unsubscribed'),
    rtSum: times.reduce((a, b) => a + b, 0) / 1000,
    answered: times.length,
    median: rank(0.5),
    p90: rank(0.9),
    unanswered,
    spend,
  };
}

const close = (a: number | null, b: number | null, tol = 1e-6) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

function check(k: KpiSet, o: ReturnType<typeof oracle>, spendAttributable: boolean): void {
  const r = (n: number, d: number, s = 1) => (d === 0 ? null : (n / d) * s);
  expect(k.interactionsPerUser).toMatchObject({ numerator: o.interactions, denominator: o.users });
  expect(close(k.interactionsPerUser.value, r(o.interactions, o.users))).toBe(true);
  expect(k.matchedResponseRate).toMatchObject({ numerator: o.matched, denominator: o.nlu });
  expect(close(k.matchedResponseRate.value, r(o.matched, o.nlu, 100))).toBe(true);
  expect(k.insightsPerUser).toMatchObject({ numerator: o.dataPoints, denominator: o.users });
  expect(k.ctr).toMatchObject({ numerator: o.clicks, denominator: o.users });
  expect(close(k.ctr.value, r(o.clicks, o.users, 100))).toBe(true);
  expect(k.conversionRate).toMatchObject({ numerator: o.conversions, denominator: o.visitors });
  expect(k.outboundVolume.value).toBe(o.outbound);
  expect(k.listVolume.value).toBe(o.listSent);
  expect(k.responseRate).toMatchObject({ numerator: o.inbound, denominator: o.outbound });
  expect(k.unsubscribes.value).toBe(o.unsubscribes);
  expect(k.avgResponseTime.denominator).toBe(o.answered);
  expect(k.avgResponseTime.unanswered).toBe(o.unanswered);
  expect(close(k.avgResponseTime.numerator, o.rtSum)).toBe(true);
  for (const [got, exact] of [
    [k.avgResponseTime.median, o.median],
    [k.avgResponseTime.p90, o.p90],
  ] as const) {
    if (exact === null) expect(got).toBeNull();
    else expect(Math.abs((got ?? NaN) - exact)).toBeLessThanOrEqual(0.045 * exact + 0.001);
  }
  if (spendAttributable) {
    expect(close(k.roas.numerator, o.value)).toBe(true);
    expect(close(k.costPerConversion.numerator, o.spend)).toBe(true);
    expect(k.costPerConversion.denominator).toBe(o.conversions);
  } else {
    expect(k.roas.value).toBeNull();
  }
}

/** Series buckets by brute force: walk the range quarter by quarter and cut where the local period changes. */
function oracleBuckets(
  from: number,
  to: number,
  g: 'day' | 'week' | 'month',
  tz: string,
): [number, number][] {
  const keyOf = (t: number) => {
    const d = dateIn(t, tz);
    if (g === 'day') return `${d.year}-${d.month}-${d.day}`;
    if (g === 'month') return `${d.year}-${d.month}`;
    const wd = (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
    const monday = new Date(Date.UTC(d.year, d.month - 1, d.day - wd));
    return monday.toISOString().slice(0, 10);
  };
  const out: [number, number][] = [];
  let start = from;
  for (let t = from + Q; t <= to; t += Q) {
    if (t === to || keyOf(t) !== keyOf(t - Q)) {
      out.push([start, t]);
      start = t;
    }
  }
  return out;
}

describe('KPIs against a brute-force oracle (fast-check)', () => {
  let store: Store;
  afterEach(async () => {
    await store?.close();
  });

  it('agree for random event streams, ranges, time zones, granularities and filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        streamArb,
        fc.array(fc.constantFrom(...CHANNELS), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: SPAN_DAYS * 96 }),
        fc.integer({ min: 0, max: SPAN_DAYS * 96 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        fc.constantFrom<DimensionFilter>(
          {},
          { channel: 'web' },
          { campaign: 'spring' },
          { flow: 'lead' },
          { intent: 'hi' },
          { variant: 'a' },
          { list: 'vip' },
          { flow: 'lead', variant: 'b' },
          { channel: 'messenger', intent: 'bye' },
        ),
        fc.array(
          fc.record({
            day: fc.integer({ min: -1, max: SPAN_DAYS }),
            amount: fc.integer({ min: 0, max: 10_000 }),
          }),
          { maxLength: 4 },
        ),
        async (stream, channels, q1, q2, tz, granularity, filter, spendDays) => {
          store = createSqliteStore({ file: ':memory:', rollupIntervalMs: 0 });
          const ids: string[] = [];
          for (let i = 0; i < 8; i++)
            ids.push(
              (await store.ensureContact({ channel: channels[i]!, externalId: `c${i}` }, {}, START)).id,
            );
          const events = toEvents(stream, ids, channels);
          await store.appendEvents(events.slice(0, events.length >> 1));
          await store.sumCounters({ ranges: [], metrics: [], filter: {} }); // a catch-up between writes
          await store.appendEvents(events.slice(events.length >> 1));
          const spendByDate = new Map<string, number>();
          for (const s of spendDays) {
            const date = new Date(START + s.day * DAY).toISOString().slice(0, 10);
            spendByDate.set(date, s.amount);
            await store.setSpend({ campaign: 'spring', date, amount: s.amount, currency: 'USD' }, START);
          }
          const from = START - DAY / 2 + Math.min(q1, q2) * Q;
          const to = START - DAY / 2 + Math.max(q1, q2) * Q;
          const buckets = seriesBuckets({ from, to }, granularity, tz);
          expect(buckets.map((b) => [b.from, b.to])).toEqual(oracleBuckets(from, to, granularity, tz));
          const ranges = [{ from, to }, ...buckets];
          const attributable = Object.keys(filter).every((d) => d === 'campaign');
          const spendIn = (a: number, b: number) => {
            let sum = 0;
            for (const [date, amount] of spendByDate) {
              const [y, m, d] = date.split('-').map(Number);
              // The first quarter whose local date is `date`: where the day's spend lands.
              let t = Date.UTC(y!, m! - 1, d!) - 15 * 3600_000;
              while (`${dateIn(t, tz).year}-${dateIn(t, tz).month}-${dateIn(t, tz).day}` !== `${y}-${m}-${d}`)
                t += Q;
              if (t >= a && t < b) sum += amount;
            }
            return sum;
          };
          for (const [i, set] of (await computeKpis(store, { ranges: [ranges[0]!], filter, tz })).entries()) {
            check(
              set,
              oracle(events, ranges[i]!.from, ranges[i]!.to, filter, spendIn(from, to)),
              attributable,
            );
          }
          const series = await computeKpis(store, { ranges: buckets, filter, tz });
          series.forEach((set, i) => {
            const b = buckets[i]!;
            check(set, oracle(events, b.from, b.to, filter, spendIn(b.from, b.to)), attributable);
          });
          await store.close();
        },
      ),
      { numRuns: 200 },
    );
  });
});
