import type { mongo } from 'mongoose';
import type { InboxDecision, InboxStore } from '../inbox-store';
import type { MongoContext } from './mongo-context';
import { COLLECTIONS } from './mongo-schemas';

/** `inbox_decisions`: one decision per normalised text (`_id` = key). */
type DecisionDoc = { -readonly [K in keyof Omit<InboxDecision, 'key'>]: InboxDecision[K] } & { _id: string };

const toDecision = (d: DecisionDoc): InboxDecision => ({
  key: d._id,
  status: d.status,
  action: d.action,
  intent: d.intent,
  predicted: d.predicted,
  verdict: d.verdict,
  at: d.at,
});

/** The {@link InboxStore} of the MongoDB store: replace-by-key upserts, all in one transaction. */
export function createMongoInbox(ctx: MongoContext): InboxStore {
  const decisions = ctx.db.collection<DecisionDoc>(COLLECTIONS.inbox);
  return {
    async saveInboxDecisions(list) {
      if (list.length === 0) return;
      await ctx.use(() =>
        ctx.atomically(async (session) => {
          // In order, so a later entry for the same key wins.
          await decisions.bulkWrite(
            list.map(({ key, ...rest }) => ({
              replaceOne: { filter: { _id: key }, replacement: { ...rest }, upsert: true },
            })),
            { session, ordered: true },
          );
        }),
      );
    },
    async listInboxDecisions(query) {
      return ctx.use(async () => {
        if (query.keys !== undefined && query.keys.length === 0) return [];
        const filter: mongo.Filter<DecisionDoc> = {};
        if (query.keys !== undefined) filter._id = { $in: [...new Set(query.keys)] };
        const at: { $gte?: number; $lt?: number } = {};
        if (query.from !== undefined) at.$gte = query.from;
        if (query.to !== undefined) at.$lt = query.to;
        if (Object.keys(at).length > 0) filter.at = at;
        return (await decisions.find(filter).sort({ _id: 1 }).toArray()).map(toDecision);
      });
    },
    async deleteInboxDecisions(keys) {
      if (keys.length === 0) return 0;
      return ctx.use(
        async () => (await decisions.deleteMany({ _id: { $in: [...new Set(keys)] } })).deletedCount,
      );
    },
  };
}
