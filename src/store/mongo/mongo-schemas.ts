import { Schema } from 'mongoose';
import type { Connection } from 'mongoose';

/** Collection names of the MongoDB store. */
export const COLLECTIONS = Object.freeze({
  contacts: 'contacts',
  conversations: 'conversations',
  messages: 'messages',
  events: 'events',
  links: 'links',
  jobs: 'jobs',
  lists: 'lists',
  members: 'list_members',
  broadcasts: 'broadcasts',
  conversions: 'conversions',
  spend: 'campaign_spend',
  counters: 'counters',
  kpiCounters: 'kpi_counters',
  kpiPresence: 'kpi_presence',
  kpiState: 'kpi_contact_state',
  kpiLease: 'kpi_lease',
  inbox: 'inbox_decisions',
});

/** Unique index of `messages` that dedupes platform message ids per channel (its name is matched in errors). */
export const PLATFORM_ID_INDEX = 'messages_platform_id';

const Mixed = Schema.Types.Mixed;
const str = { type: String, default: null };
const num = { type: Number, default: null };
/* The schemas document the shapes and declare the indexes; reads and writes go through the native
 * collections (see create-mongo-store.ts), so `strict`/casting never rewrite a document. */
const options = (collection: string) =>
  ({ collection, versionKey: false, minimize: false, autoIndex: false, autoCreate: false }) as const;

function schemas(): Record<string, Schema> {
  const contacts = new Schema(
    {
      _id: String,
      channel: String,
      externalId: String,
      profile: Mixed,
      attributes: Mixed,
      subscribed: Boolean,
      reachable: Boolean,
      pageId: str,
      lastInboundAt: num,
      createdAt: Number,
    },
    options(COLLECTIONS.contacts),
  );
  contacts.index({ channel: 1, externalId: 1 }, { unique: true, name: 'contacts_key' });
  // Broadcast filters select on any attribute.
  contacts.index({ 'attributes.$**': 1 }, { name: 'contacts_attributes' });

  const conversations = new Schema(
    { _id: String, flow: Mixed, pausedUntil: num, lastIntent: str, updatedAt: Number, version: Number },
    options(COLLECTIONS.conversations),
  );

  const messages = new Schema(
    {
      _id: String,
      seq: Number,
      contactId: String,
      channel: String,
      direction: String,
      sender: String,
      kind: String,
      platformMessageId: str,
      text: str,
      payload: str,
      message: Mixed,
      nlu: Mixed,
      matched: { type: Boolean, default: null },
      flowId: str,
      stepId: str,
      status: String,
      error: str,
      at: Number,
      broadcastId: String,
    },
    options(COLLECTIONS.messages),
  );
  messages.index(
    { channel: 1, platformMessageId: 1 },
    {
      unique: true,
      name: PLATFORM_ID_INDEX,
      partialFilterExpression: { platformMessageId: { $type: 'string' } },
    },
  );
  messages.index({ contactId: 1, at: 1, seq: 1 }, { name: 'messages_contact_at' });
  messages.index({ at: 1, seq: 1 }, { name: 'messages_at' });
  messages.index(
    { matched: 1, at: 1 },
    { name: 'messages_matched_at', partialFilterExpression: { matched: { $type: 'bool' } } },
  );
  messages.index(
    { broadcastId: 1, status: 1 },
    { name: 'messages_broadcast', partialFilterExpression: { broadcastId: { $type: 'string' } } },
  );

  const events = new Schema(
    {
      _id: Number,
      id: String,
      // `type` is mongoose's type key: a field named `type` must be declared as an object.
      type: { type: String },
      at: Number,
      contactId: String,
      channel: String,
      flowId: str,
      stepId: str,
      intent: str,
      campaign: str,
      variant: str,
      list: str,
      value: num,
      data: Mixed,
      rolled: Boolean,
    },
    options(COLLECTIONS.events),
  );
  events.index({ at: 1, _id: 1 }, { name: 'events_at' });
  events.index({ contactId: 1, at: 1 }, { name: 'events_contact_at' });
  events.index({ type: 1, at: 1 }, { name: 'events_type_at' });
  events.index({ id: 1 }, { name: 'events_id' });
  events.index(
    { rolled: 1, _id: 1 },
    { name: 'events_unrolled', partialFilterExpression: { rolled: false } },
  );

  const links = new Schema(
    {
      _id: String,
      url: String,
      contactId: String,
      channel: String,
      flowId: str,
      stepId: str,
      variant: str,
      campaign: str,
      createdAt: Number,
    },
    options(COLLECTIONS.links),
  );
  links.index({ contactId: 1 }, { name: 'links_contact' });

  const jobs = new Schema(
    {
      _id: String,
      seq: Number,
      queue: String,
      orderingKey: str,
      data: Mixed,
      attempts: Number,
      runAt: Number,
      createdAt: Number,
      status: String,
      lastError: str,
      failedAt: num,
    },
    options(COLLECTIONS.jobs),
  );
  jobs.index({ queue: 1, status: 1, seq: 1 }, { name: 'jobs_queue_status' });

  const lists = new Schema({ _id: String, name: String, createdAt: Number }, options(COLLECTIONS.lists));
  lists.index({ name: 1 }, { unique: true, name: 'lists_name' });

  const members = new Schema(
    { _id: String, listId: String, contactId: String, addedAt: Number },
    options(COLLECTIONS.members),
  );
  members.index({ listId: 1, contactId: 1 }, { name: 'members_list' });
  members.index({ contactId: 1 }, { name: 'members_contact' });

  const broadcasts = new Schema(
    {
      _id: String,
      listId: str,
      spec: Mixed,
      status: String,
      scheduleAt: Number,
      targeted: Number,
      queued: Number,
      skipped: Mixed,
      cursor: str,
      createdAt: Number,
      finishedAt: num,
    },
    options(COLLECTIONS.broadcasts),
  );

  const conversions = new Schema(
    { _id: String, eventId: String, contactId: String, createdAt: Number },
    options(COLLECTIONS.conversions),
  );
  conversions.index({ contactId: 1 }, { name: 'conversions_contact' });

  const spend = new Schema(
    { _id: String, campaign: String, date: String, amount: Number, currency: String, updatedAt: Number },
    options(COLLECTIONS.spend),
  );
  spend.index({ date: 1, campaign: 1 }, { name: 'spend_date' });

  const counters = new Schema({ _id: String, value: Number }, options(COLLECTIONS.counters));

  const kpiCounters = new Schema(
    {
      _id: String,
      grain: Number,
      bucket: Number,
      metric: String,
      channel: String,
      flow: String,
      step: String,
      intent: String,
      campaign: String,
      variant: String,
      list: String,
      n: Number,
      total: Number,
    },
    options(COLLECTIONS.kpiCounters),
  );
  kpiCounters.index({ grain: 1, bucket: 1, metric: 1 }, { name: 'kpi_counters_bucket' });

  const kpiPresence = new Schema(
    { _id: String, key: String, contactId: String, q: Number, prev: Number, channel: String },
    options(COLLECTIONS.kpiPresence),
  );
  kpiPresence.index({ key: 1, q: 1, prev: 1, channel: 1 }, { name: 'kpi_presence_first' });
  kpiPresence.index({ contactId: 1, key: 1, q: 1 }, { name: 'kpi_presence_contact' });

  const kpiState = new Schema(
    { _id: String, pending: Mixed, unmatched: Boolean },
    options(COLLECTIONS.kpiState),
  );
  const kpiLease = new Schema({ _id: String, owner: String, until: Number }, options(COLLECTIONS.kpiLease));

  const inbox = new Schema(
    { _id: String, status: String, action: String, intent: str, predicted: str, verdict: str, at: Number },
    options(COLLECTIONS.inbox),
  );
  inbox.index({ at: 1 }, { name: 'inbox_at' });

  return {
    Contact: contacts,
    Conversation: conversations,
    Message: messages,
    Event: events,
    Link: links,
    Job: jobs,
    List: lists,
    ListMember: members,
    Broadcast: broadcasts,
    Conversion: conversions,
    Spend: spend,
    Counter: counters,
    KpiCounter: kpiCounters,
    KpiPresence: kpiPresence,
    KpiContactState: kpiState,
    KpiLease: kpiLease,
    InboxDecision: inbox,
  };
}

/**
 * Registers the store's mongoose models on `connection` and builds their indexes (idempotent: an
 * index that exists is left alone). Run once per connection at start-up.
 */
export async function ensureMongoModels(connection: Connection): Promise<void> {
  const models = Object.entries(schemas()).map(([name, schema]) => connection.model(name, schema));
  for (const model of models) {
    await model.createCollection().catch((e: unknown) => {
      // 48 NamespaceExists: another process created it first.
      if ((e as { code?: unknown }).code !== 48) throw e;
    });
    await model.createIndexes();
  }
}
