import type { mongo } from 'mongoose';
import { ParleyError, err, ok } from '../../core';
import type { LoggedEvent } from '../../core';
import { ROLLUP_QUARTER_MS } from '../analytics-store';
import type {
  AnalyticsStore,
  CounterSum,
  DimensionFilter,
  KpiDimension,
  SpendEntry,
} from '../analytics-store';
import { grainSegments } from '../rollups/grain-segments';
import { presenceKey } from '../rollups/presence-keys';
import type { MongoContext } from './mongo-context';
import { pairId, toLoggedEvent } from './mongo-docs';
import type { SpendDoc } from './mongo-docs';
import { insertEvents } from './mongo-log';
import type { KpiCounterDoc, MongoRollups } from './mongo-rollups';
import { isDuplicateKey } from './to-mongo-error';

const quarter = (t: number): number => Math.floor(t / ROLLUP_QUARTER_MS) * ROLLUP_QUARTER_MS;

/** Counter fields are named after the dimensions (`step` included). */
function dimensionMatch(filter: DimensionFilter): Record<string, string> {
  const match: Record<string, string> = {};
  for (const [dim, value] of Object.entries(filter)) if (value !== undefined) match[dim] = value;
  return match;
}

/** Thrown inside the conversion transaction so that it aborts when the key was used before. */
class DuplicateKeySignal extends Error {}

/**
 * The {@link AnalyticsStore} of the MongoDB store: aggregation pipelines over the rollup collections
 * (never the event log, except `topUnmatchedTexts`), each read first catching the rollups up so it is
 * exact. A query's ranges and grain segments go into the pipeline as a literal; every counter is
 * matched against them once (`$filter`), weighted by the segment's sign and grouped per range.
 */
export function createMongoAnalytics(ctx: MongoContext, rollups: MongoRollups): AnalyticsStore {
  const { c } = ctx;
  const read = <T>(fn: () => Promise<T>): Promise<T> =>
    ctx.use(async () => {
      await rollups.catchUp();
      return fn();
    });

  return {
    async sumCounters(query) {
      return read(async () => {
        const segs = query.ranges.flatMap((r, i) =>
          grainSegments(r).map((s) => ({ i, g: s.grain, lo: s.from, hi: s.to, s: s.sign })),
        );
        if (segs.length === 0) return [];
        const metric: mongo.Document[] = [{ metric: { $in: [...query.metrics] } }];
        if (query.includeResponseBins) metric.push({ metric: { $regex: '^response_bin:' } });
        const pipeline: mongo.Document[] = [
          {
            $match: {
              $and: [
                { $or: segs.map((s) => ({ grain: s.g, bucket: { $gte: s.lo, $lt: s.hi } })) },
                { $or: metric },
                dimensionMatch(query.filter),
              ],
            },
          },
          {
            $set: {
              seg: {
                $filter: {
                  input: { $literal: segs },
                  cond: {
                    $and: [
                      { $eq: ['$$this.g', '$grain'] },
                      { $gte: ['$bucket', '$$this.lo'] },
                      { $lt: ['$bucket', '$$this.hi'] },
                    ],
                  },
                },
              },
            },
          },
          { $unwind: '$seg' },
          {
            $group: {
              _id: { i: '$seg.i', m: '$metric', k: query.by ? `$${query.by}` : null },
              n: { $sum: { $multiply: ['$seg.s', '$n'] } },
              total: { $sum: { $multiply: ['$seg.s', '$total'] } },
            },
          },
          { $sort: { '_id.i': 1, '_id.m': 1, '_id.k': 1 } },
        ];
        const rows = await rollups.counters
          .aggregate<{ _id: { i: number; m: string; k: string | null }; n: number; total: number }>(pipeline)
          .toArray();
        return rows
          .filter((r) => r.n !== 0 || r.total !== 0)
          .map((r): CounterSum => ({
            range: r._id.i,
            metric: r._id.m,
            key: query.by ? r._id.k || null : null,
            n: r.n,
            total: r.total,
          }));
      });
    },
    async countDistinct(query) {
      return read(async () => {
        const bounds = query.ranges.map((r, i) => ({ i, lo: quarter(r.from), hi: quarter(r.to) }));
        if (bounds.length === 0) return [];
        const match: mongo.Document = {
          key: presenceKey(query.population, query.filter),
          $or: bounds.map((b) => ({ q: { $gte: b.lo, $lt: b.hi }, prev: { $lt: b.lo } })),
        };
        if (query.filter.channel !== undefined) match.channel = query.filter.channel;
        const rows = await rollups.presence
          .aggregate<{ _id: { i: number; k: string | null }; n: number }>([
            { $match: match },
            {
              $set: {
                range: {
                  $filter: {
                    input: { $literal: bounds },
                    cond: {
                      $and: [
                        { $gte: ['$q', '$$this.lo'] },
                        { $lt: ['$q', '$$this.hi'] },
                        { $lt: ['$prev', '$$this.lo'] },
                      ],
                    },
                  },
                },
              },
            },
            { $unwind: '$range' },
            { $group: { _id: { i: '$range.i', k: query.byChannel ? '$channel' : null }, n: { $sum: 1 } } },
            { $sort: { '_id.i': 1, '_id.k': 1 } },
          ])
          .toArray();
        return rows.map((r) => ({ range: r._id.i, key: r._id.k, n: r.n }));
      });
    },
    async dimensionValues(dimension: KpiDimension | 'step', range, filter) {
      return read(async () => {
        const segs = grainSegments(range);
        if (segs.length === 0) return [];
        const values = await rollups.counters.distinct(dimension, {
          $and: [
            { $or: segs.map((s) => ({ grain: s.grain, bucket: { $gte: s.from, $lt: s.to } })) },
            { [dimension]: { $ne: '' } },
            dimensionMatch(filter),
          ],
        } as mongo.Filter<KpiCounterDoc>);
        return (values as string[]).sort();
      });
    },
    async recordConversion(event, idempotencyKey) {
      return ctx.use(async () => {
        try {
          const recorded = await ctx.atomically(async (session) => {
            if ((await c.contacts.countDocuments({ _id: event.contactId }, { session, limit: 1 })) === 0) {
              throw new ParleyError('store.not_found', `No contact ${event.contactId}`, {
                details: { contactId: event.contactId },
              });
            }
            try {
              await c.conversions.insertOne(
                { _id: idempotencyKey, eventId: event.id, contactId: event.contactId, createdAt: event.at },
                { session },
              );
            } catch (e) {
              if (isDuplicateKey(e)) throw new DuplicateKeySignal();
              throw e;
            }
            const [referral] = await c.events
              .find(
                {
                  contactId: event.contactId,
                  type: 'referral',
                  at: { $lte: event.at },
                  campaign: { $ne: null },
                },
                { session },
              )
              .sort({ at: -1, _id: -1 })
              .limit(1)
              .toArray();
            const attributed: LoggedEvent = { ...event, campaign: referral?.campaign ?? event.campaign };
            await insertEvents(ctx, [attributed], session);
            return attributed;
          });
          return ok(recorded);
        } catch (e) {
          if (!(e instanceof DuplicateKeySignal)) throw e;
          const first = await c.conversions.findOne({ _id: idempotencyKey });
          const doc = first === null ? null : await c.events.findOne({ id: first.eventId });
          return err({ code: 'duplicate' as const, event: doc === null ? event : toLoggedEvent(doc) });
        }
      });
    },
    async setSpend(entry: SpendEntry, now: number) {
      await ctx.use(() =>
        c.spend.updateOne(
          { _id: pairId(entry.campaign, entry.date) },
          {
            $set: {
              campaign: entry.campaign,
              date: entry.date,
              amount: entry.amount,
              currency: entry.currency,
              updatedAt: now,
            },
          },
          { upsert: true },
        ),
      );
    },
    async listSpend(query) {
      return ctx.use(async () => {
        const filter: mongo.Filter<SpendDoc> = {};
        const date: { $gte?: string; $lt?: string } = {};
        if (query.fromDate !== undefined) date.$gte = query.fromDate;
        if (query.toDate !== undefined) date.$lt = query.toDate;
        if (Object.keys(date).length > 0) filter.date = date;
        if (query.campaign !== undefined) filter.campaign = query.campaign;
        const docs = await c.spend.find(filter).sort({ date: 1, campaign: 1 }).toArray();
        return docs.map((d) => ({
          campaign: d.campaign,
          date: d.date,
          amount: d.amount,
          currency: d.currency,
        }));
      });
    },
    async topUnmatchedTexts(range, limit) {
      return ctx.use(async () => {
        const n = Math.max(0, Math.trunc(limit));
        if (n === 0) return [];
        return c.messages
          .aggregate<{ text: string; count: number; lastAt: number }>([
            {
              $match: {
                matched: false,
                at: { $gte: range.from, $lt: range.to },
                direction: 'in',
                text: { $type: 'string' },
              },
            },
            // SQLite's lower(trim(text)): ASCII case folding, spaces trimmed.
            {
              $group: {
                _id: { $toLower: { $trim: { input: '$text', chars: ' ' } } },
                text: { $min: '$text' },
                count: { $sum: 1 },
                lastAt: { $max: '$at' },
              },
            },
            { $sort: { count: -1, lastAt: -1 } },
            { $limit: n },
            { $project: { _id: 0, text: 1, count: 1, lastAt: 1 } },
          ])
          .toArray();
      });
    },
  };
}
