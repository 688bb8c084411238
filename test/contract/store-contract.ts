import { contactKey, isParleyError } from '../../src/core';
import type { Contact, ErrorCode } from '../../src/core';
import type { InboxDecision, StoredJob, Store } from '../../src/store';
import { T0, conversation, event, inbound, link, nlu, outbound, turn } from './store-fixtures';

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isParleyError(error, code)).toBe(true);
}

/**
 * The behaviour every {@link Store} adapter must have, written only against the port. Each test gets
 * a fresh store from `makeStore`; after it the store is closed and `cleanup` (if given) runs.
 */
export function describeStoreContract(
  name: string,
  makeStore: () => Promise<Store>,
  cleanup?: (store: Store) => Promise<void> | void,
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let ann: Contact;
    let bob: Contact;

    beforeEach(async () => {
      store = await makeStore();
      ann = await store.ensureContact(
        { channel: 'messenger', externalId: 'psid-ann' },
        { firstName: 'Ann' },
        T0,
      );
      bob = await store.ensureContact({ channel: 'instagram', externalId: 'igsid-bob' }, {}, T0);
    });

    afterEach(async () => {
      await store.close();
      await cleanup?.(store);
    });

    /** Everything the store holds about a contact, to show that a refused write changed nothing. */
    async function snapshot(contactId: string) {
      return {
        contact: await store.getContact(contactId),
        state: await store.getConversation(contactId, T0),
        messages: await store.listMessages({ contactId, limit: 1000 }),
        events: await store.listEvents({ contactId, limit: 1000 }),
      };
    }

    describe('lifecycle', () => {
      it('answers ping, names its kind, and closes idempotently', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        expect(store.kind.length).toBeGreaterThan(0);
        await store.close();
        await expect(store.close()).resolves.toBeUndefined();
      });

      it('rejects ping with store.unavailable after close', async () => {
        await store.close();
        await rejectsWith(store.ping(), 'store.unavailable');
      });
    });

    describe('contacts', () => {
      it('creates a contact subscribed, reachable, without attributes', () => {
        expect(ann).toEqual({
          id: expect.any(String),
          channel: 'messenger',
          externalId: 'psid-ann',
          profile: { firstName: 'Ann' },
          attributes: {},
          subscribed: true,
          reachable: true,
          lastInboundAt: null,
          pageId: null,
          createdAt: T0,
        });
      });

      it('remembers the page a contact talks to', async () => {
        expect((await store.updateContact(ann.id, { pageId: 'page-1' })).pageId).toBe('page-1');
        expect((await store.updateContact(ann.id, { subscribed: false })).pageId).toBe('page-1');
      });

      it('ensureContact is idempotent and keeps the first profile and creation time', async () => {
        const again = await store.ensureContact(
          { channel: 'messenger', externalId: 'psid-ann' },
          { firstName: 'Other' },
          T0 + 5000,
        );
        expect(again).toEqual(ann);
      });

      it('gives one contact to concurrent ensureContact calls for the same key', async () => {
        const key = { channel: 'web' as const, externalId: 'web-1' };
        const all = await Promise.all([1, 2, 3, 4].map(() => store.ensureContact(key, {}, T0)));
        expect(new Set(all.map((c) => c.id)).size).toBe(1);
      });

      it('keeps the same external id on different channels as different contacts', async () => {
        const onWeb = await store.ensureContact({ channel: 'web', externalId: 'psid-ann' }, {}, T0);
        expect(onWeb.id).not.toBe(ann.id);
        expect(onWeb.channel).toBe('web');
        expect(await store.findContact({ channel: 'messenger', externalId: 'psid-ann' })).toEqual(ann);
        expect(await store.findContact({ channel: 'web', externalId: 'psid-ann' })).toEqual(onWeb);
      });

      it('finds contacts by id and by key, and returns null for unknown ones', async () => {
        expect(await store.getContact(ann.id)).toEqual(ann);
        expect(await store.findContact({ channel: 'instagram', externalId: 'igsid-bob' })).toEqual(bob);
        expect(await store.getContact('no-such-id')).toBeNull();
        expect(await store.findContact({ channel: 'instagram', externalId: 'psid-ann' })).toBeNull();
      });

      it('updateContact merges attributes, removes null ones, and sets the other fields', async () => {
        await store.updateContact(ann.id, { attributes: { size: 'M', budget: 50, vip: true } });
        const updated = await store.updateContact(ann.id, {
          attributes: { budget: 80, vip: null, email: 'ann@example.com' },
          profile: { firstName: 'Annie', locale: 'en_GB' },
          subscribed: false,
          reachable: false,
          lastInboundAt: T0 + 10,
        });
        const expected: Contact = {
          ...ann,
          profile: { firstName: 'Annie', locale: 'en_GB' },
          attributes: { size: 'M', budget: 80, email: 'ann@example.com' },
          subscribed: false,
          reachable: false,
          lastInboundAt: T0 + 10,
        };
        expect(updated).toEqual(expected);
        expect(await store.getContact(ann.id)).toEqual(expected);
        expect(await store.getContact(bob.id)).toEqual(bob);
      });

      it('updateContact with an empty patch changes nothing', async () => {
        expect(await store.updateContact(ann.id, {})).toEqual(ann);
      });

      it('updateContact rejects an unknown id with store.not_found', async () => {
        await rejectsWith(store.updateContact('no-such-id', { subscribed: false }), 'store.not_found');
      });
    });

    describe('conversation state', () => {
      it('is the initial state (version 0) before any turn', async () => {
        expect(await store.getConversation(ann.id, T0 + 7)).toEqual({
          contactId: ann.id,
          flow: null,
          pausedUntil: null,
          lastIntent: null,
          updatedAt: T0 + 7,
          version: 0,
        });
      });
    });

    describe('commitTurn', () => {
      it('writes the whole turn and returns the saved state with the next version', async () => {
        const msgIn = inbound(ann.id, { nlu: nlu('prices', 0.91), at: T0 });
        const msgOut = outbound(ann.id, {
          at: T0 + 1,
          flowId: 'spring-sale',
          stepId: 'ask-size',
          message: {
            type: 'carousel',
            cards: [
              { title: 'Red', buttons: [{ type: 'url', title: 'Buy', url: 'https://shop.example.com/r' }] },
            ],
          },
        });
        const events = [
          event(ann.id, { type: 'message_received', at: T0 }),
          event(ann.id, {
            type: 'nlu_evaluated',
            at: T0,
            intent: 'prices',
            value: 0.91,
            data: { top: ['prices'] },
          }),
          event(ann.id, { type: 'message_sent', at: T0 + 1, flowId: 'spring-sale', stepId: 'ask-size' }),
        ];
        const tracked = link(ann.id);
        const state = conversation(ann.id);
        const result = await store.commitTurn(
          turn(ann.id, 0, {
            contactPatch: { attributes: { size: 'M' }, lastInboundAt: T0 },
            conversation: state,
            messages: [msgIn, msgOut],
            events,
            links: [tracked],
          }),
        );

        expect(result).toEqual({ ok: true, value: { ...state, version: 1 } });
        expect(await store.getConversation(ann.id, T0 + 99)).toEqual({ ...state, version: 1 });
        expect(await store.listMessages({ contactId: ann.id })).toEqual([msgOut, msgIn]);
        expect(await store.listEvents({ contactId: ann.id })).toEqual(events);
        expect(await store.getLink(tracked.token)).toEqual(tracked);
        expect(await store.getContact(ann.id)).toEqual({
          ...ann,
          attributes: { size: 'M' },
          lastInboundAt: T0,
        });
        expect(await store.hasMessage('messenger', msgIn.platformMessageId as string)).toBe(true);

        const next = await store.commitTurn(
          turn(ann.id, 1, { conversation: conversation(ann.id, { flow: null, lastIntent: null }) }),
        );
        expect(next.ok && next.value.version).toBe(2);
        expect((await store.getConversation(ann.id, T0)).flow).toBeNull();
      });

      it('removes attributes set to null in the contact patch', async () => {
        await store.updateContact(ann.id, { attributes: { size: 'M', color: 'red' } });
        await store.commitTurn(turn(ann.id, 0, { contactPatch: { attributes: { size: null, budget: 10 } } }));
        expect((await store.getContact(ann.id))?.attributes).toEqual({ color: 'red', budget: 10 });
      });

      it('refuses a stale expected version and writes nothing', async () => {
        await store.commitTurn(turn(ann.id, 0, { messages: [inbound(ann.id)], events: [event(ann.id)] }));
        const before = await snapshot(ann.id);
        const stale = link(ann.id);

        const result = await store.commitTurn(
          turn(ann.id, 0, {
            contactPatch: { attributes: { size: 'L' }, subscribed: false },
            conversation: conversation(ann.id, { lastIntent: 'stale' }),
            messages: [inbound(ann.id, { at: T0 + 5 }), outbound(ann.id, { at: T0 + 6 })],
            events: [event(ann.id, { at: T0 + 5 })],
            links: [stale],
          }),
        );

        expect(result).toEqual({ ok: false, error: { code: 'conflict', storedVersion: 1 } });
        expect(await snapshot(ann.id)).toEqual(before);
        expect(await store.getLink(stale.token)).toBeNull();
      });

      it('reports stored version 0 when a turn expects a version that was never saved', async () => {
        const result = await store.commitTurn(turn(ann.id, 3));
        expect(result).toEqual({ ok: false, error: { code: 'conflict', storedVersion: 0 } });
        expect((await store.getConversation(ann.id, T0)).version).toBe(0);
      });

      it('refuses a turn whose inbound platform id is already logged and writes nothing of it', async () => {
        const first = inbound(ann.id, { platformMessageId: 'mid.1' });
        await store.commitTurn(turn(ann.id, 0, { messages: [first], events: [event(ann.id)] }));
        const before = await snapshot(ann.id);
        const tracked = link(ann.id);

        const result = await store.commitTurn(
          turn(ann.id, 1, {
            contactPatch: { attributes: { size: 'L' }, lastInboundAt: T0 + 9 },
            // The outbound message comes first so a partial write would be visible.
            messages: [
              outbound(ann.id, { at: T0 + 9 }),
              inbound(ann.id, { platformMessageId: 'mid.1', at: T0 + 9 }),
            ],
            events: [event(ann.id, { at: T0 + 9 })],
            links: [tracked],
          }),
        );

        expect(result).toEqual({ ok: false, error: { code: 'duplicate', platformMessageId: 'mid.1' } });
        expect(await snapshot(ann.id)).toEqual(before);
        expect(await store.getLink(tracked.token)).toBeNull();
      });

      it('accepts the same platform id on two different channels', async () => {
        const onMessenger = inbound(ann.id, { platformMessageId: 'mid.same' });
        const onInstagram = inbound(bob.id, { channel: 'instagram', platformMessageId: 'mid.same' });
        expect((await store.commitTurn(turn(ann.id, 0, { messages: [onMessenger] }))).ok).toBe(true);
        expect((await store.commitTurn(turn(bob.id, 0, { messages: [onInstagram] }))).ok).toBe(true);
        expect(await store.hasMessage('messenger', 'mid.same')).toBe(true);
        expect(await store.hasMessage('instagram', 'mid.same')).toBe(true);
        expect(await store.hasMessage('web', 'mid.same')).toBe(false);
      });

      it('never treats messages without a platform id as duplicates', async () => {
        const a = [outbound(ann.id), outbound(ann.id), inbound(ann.id, { platformMessageId: null })];
        const b = [outbound(ann.id), inbound(ann.id, { platformMessageId: null })];
        expect((await store.commitTurn(turn(ann.id, 0, { messages: a }))).ok).toBe(true);
        expect((await store.commitTurn(turn(ann.id, 1, { messages: b }))).ok).toBe(true);
        expect(await store.listMessages({ contactId: ann.id })).toHaveLength(5);
      });

      it('lets exactly one of two concurrent turns with the same expected version win', async () => {
        const results = await Promise.all([
          store.commitTurn(turn(ann.id, 0, { messages: [inbound(ann.id)], events: [event(ann.id)] })),
          store.commitTurn(turn(ann.id, 0, { messages: [inbound(ann.id)], events: [event(ann.id)] })),
        ]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual([
          { code: 'conflict', storedVersion: 1 },
        ]);
        expect(await store.listMessages({ contactId: ann.id })).toHaveLength(1);
        expect(await store.listEvents({ contactId: ann.id })).toHaveLength(1);
        expect((await store.getConversation(ann.id, T0)).version).toBe(1);
      });

      it('settles concurrent turns of different contacts independently', async () => {
        await store.commitTurn(
          turn(ann.id, 0, { messages: [inbound(ann.id, { platformMessageId: 'mid.seen' })] }),
        );
        const others = await Promise.all(
          ['c1', 'c2', 'c3'].map((id) => store.ensureContact({ channel: 'web', externalId: id }, {}, T0)),
        );
        const good = (id: string) =>
          turn(id, 0, {
            messages: [inbound(id, { channel: 'web' })],
            events: [event(id, { channel: 'web' })],
          });

        const results = await Promise.allSettled([
          store.commitTurn(good(others[0]?.id as string)),
          store.commitTurn(
            turn(ann.id, 1, { messages: [inbound(ann.id, { platformMessageId: 'mid.seen' })] }),
          ),
          store.commitTurn(good(others[1]?.id as string)),
          store.commitTurn(turn('no-such-id', 0)),
          store.commitTurn(turn(ann.id, 0)),
          store.commitTurn(good(others[2]?.id as string)),
        ]);

        expect(
          results.map((r) =>
            r.status === 'fulfilled' ? (r.value.ok ? 'ok' : r.value.error.code) : 'thrown',
          ),
        ).toEqual(['ok', 'duplicate', 'ok', 'thrown', 'conflict', 'ok']);
        for (const c of others) {
          expect(await store.listMessages({ contactId: c.id })).toHaveLength(1);
          expect((await store.getConversation(c.id, T0)).version).toBe(1);
        }
        expect(await store.listMessages({ contactId: ann.id })).toHaveLength(1);
        expect((await store.getConversation(ann.id, T0)).version).toBe(1);
      });

      it('rejects a turn for an unknown contact with store.not_found', async () => {
        await rejectsWith(store.commitTurn(turn('no-such-id', 0)), 'store.not_found');
        expect((await store.getConversation('no-such-id', T0)).version).toBe(0);
      });
    });

    describe('listMessages', () => {
      beforeEach(async () => {
        // Ann: 3 inbound (matched, unmatched, quick reply without NLU) and 2 outbound; Bob: 1 inbound.
        const annMessages = [
          inbound(ann.id, { id: 'a-in-matched', at: T0, nlu: nlu('prices', 0.9) }),
          outbound(ann.id, { id: 'a-out-1', at: T0 + 10 }),
          inbound(ann.id, { id: 'a-in-unmatched', at: T0 + 20, nlu: nlu('prices', 0.2) }),
          inbound(ann.id, {
            id: 'a-in-qr',
            at: T0 + 30,
            kind: 'quick_reply',
            payload: 'PRICES',
            text: 'Prices',
          }),
          outbound(ann.id, { id: 'a-out-2', at: T0 + 40 }),
        ];
        await store.commitTurn(turn(ann.id, 0, { messages: annMessages }));
        const bobIn = inbound(bob.id, { id: 'b-in', channel: 'instagram', at: T0 + 15, nlu: nlu(null, 0.1) });
        await store.commitTurn(turn(bob.id, 0, { messages: [bobIn] }));
      });

      const ids = async (query: Parameters<Store['listMessages']>[0]) =>
        (await store.listMessages(query)).map((m) => m.id);

      it('lists every message newest first', async () => {
        expect(await ids({})).toEqual([
          'a-out-2',
          'a-in-qr',
          'a-in-unmatched',
          'b-in',
          'a-out-1',
          'a-in-matched',
        ]);
      });

      it('filters by contact and direction', async () => {
        expect(await ids({ contactId: bob.id })).toEqual(['b-in']);
        expect(await ids({ contactId: ann.id, direction: 'out' })).toEqual(['a-out-2', 'a-out-1']);
        expect(await ids({ direction: 'in' })).toEqual(['a-in-qr', 'a-in-unmatched', 'b-in', 'a-in-matched']);
      });

      it('filters by NLU outcome', async () => {
        expect(await ids({ matched: true })).toEqual(['a-in-matched']);
        expect(await ids({ matched: false })).toEqual(['a-in-unmatched', 'b-in']);
        expect(await ids({ nluEvaluated: true })).toEqual(['a-in-unmatched', 'b-in', 'a-in-matched']);
        expect(await ids({ nluEvaluated: false, direction: 'in' })).toEqual(['a-in-qr']);
        expect(await ids({ matched: false, contactId: ann.id })).toEqual(['a-in-unmatched']);
      });

      it('filters by time, from inclusive and to exclusive', async () => {
        expect(await ids({ from: T0 + 10, to: T0 + 30 })).toEqual(['a-in-unmatched', 'b-in', 'a-out-1']);
        expect(await ids({ from: T0 + 40 })).toEqual(['a-out-2']);
        expect(await ids({ to: T0 + 10 })).toEqual(['a-in-matched']);
      });

      it('honours the limit, keeping the newest', async () => {
        expect(await ids({ limit: 2 })).toEqual(['a-out-2', 'a-in-qr']);
        expect(await ids({ contactId: ann.id, direction: 'in', limit: 1 })).toEqual(['a-in-qr']);
        expect(await ids({ limit: 0 })).toEqual([]);
      });

      it('returns 100 rows by default and at most 1000', async () => {
        const many = Array.from({ length: 1005 }, (_, i) =>
          outbound(bob.id, { channel: 'instagram', at: T0 + 100 + i }),
        );
        await store.commitTurn(turn(bob.id, 1, { messages: many }));
        expect(await store.listMessages({ contactId: bob.id })).toHaveLength(100);
        expect(await store.listMessages({ contactId: bob.id, limit: 5000 })).toHaveLength(1000);
      });
    });

    describe('events', () => {
      beforeEach(async () => {
        await store.commitTurn(
          turn(ann.id, 0, {
            events: [
              event(ann.id, { id: 'e1', type: 'message_received', at: T0 }),
              event(ann.id, { id: 'e2', type: 'flow_started', at: T0 + 10, flowId: 'spring-sale' }),
              event(ann.id, { id: 'e3', type: 'message_sent', at: T0 + 20 }),
            ],
          }),
        );
        await store.appendEvents([
          event(bob.id, {
            id: 'e4',
            type: 'link_clicked',
            at: T0 + 15,
            channel: 'instagram',
            campaign: 'ad-42',
          }),
          event(ann.id, {
            id: 'e5',
            type: 'conversion',
            at: T0 + 30,
            value: 49.9,
            variant: 'B',
            list: 'vip',
            data: { currency: 'EUR', order: { id: 'o-1' } },
          }),
        ]);
      });

      const ids = async (query: Parameters<Store['listEvents']>[0]) =>
        (await store.listEvents(query)).map((e) => e.id);

      it('lists events oldest first, with every field round-tripped', async () => {
        expect(await ids({})).toEqual(['e1', 'e2', 'e4', 'e3', 'e5']);
        const [conversion] = await store.listEvents({ types: ['conversion'] });
        expect(conversion).toEqual(
          event(ann.id, {
            id: 'e5',
            type: 'conversion',
            at: T0 + 30,
            value: 49.9,
            variant: 'B',
            list: 'vip',
            data: { currency: 'EUR', order: { id: 'o-1' } },
          }),
        );
      });

      it('filters by contact, types and time', async () => {
        expect(await ids({ contactId: bob.id })).toEqual(['e4']);
        expect(await ids({ types: ['message_received', 'message_sent'] })).toEqual(['e1', 'e3']);
        expect(await ids({ types: [] })).toEqual(['e1', 'e2', 'e4', 'e3', 'e5']);
        expect(await ids({ from: T0 + 10, to: T0 + 20 })).toEqual(['e2', 'e4']);
        expect(
          await ids({ contactId: ann.id, types: ['conversion', 'flow_started'], from: T0 + 11 }),
        ).toEqual(['e5']);
      });

      it('honours the limit, keeping the oldest', async () => {
        expect(await ids({ limit: 2 })).toEqual(['e1', 'e2']);
      });
    });

    describe('links', () => {
      it('round-trips a tracked link and returns null for an unknown token', async () => {
        const tracked = link(bob.id, 'instagram', {
          flowId: null,
          stepId: null,
          variant: null,
          campaign: null,
        });
        await store.commitTurn(turn(bob.id, 0, { links: [tracked] }));
        expect(await store.getLink(tracked.token)).toEqual(tracked);
        expect(await store.getLink('0123456789abcdef0123')).toBeNull();
      });
    });

    describe('deleteContact', () => {
      it('removes the contact and everything about it, and nothing of others', async () => {
        const annIn = inbound(ann.id, { platformMessageId: 'mid.ann' });
        const annLink = link(ann.id);
        await store.commitTurn(
          turn(ann.id, 0, { messages: [annIn, outbound(ann.id)], events: [event(ann.id)], links: [annLink] }),
        );
        await store.appendEvents([event(ann.id, { type: 'conversion' })]);
        const bobLink = link(bob.id, 'instagram');
        await store.commitTurn(
          turn(bob.id, 0, {
            messages: [inbound(bob.id, { channel: 'instagram' })],
            events: [event(bob.id)],
            links: [bobLink],
          }),
        );
        const bobBefore = await snapshot(bob.id);

        expect(await store.deleteContact(ann.id)).toBe(true);

        expect(await store.getContact(ann.id)).toBeNull();
        expect(await store.findContact({ channel: 'messenger', externalId: 'psid-ann' })).toBeNull();
        expect((await store.getConversation(ann.id, T0)).version).toBe(0);
        expect(await store.listMessages({ contactId: ann.id })).toEqual([]);
        expect(await store.listEvents({ contactId: ann.id })).toEqual([]);
        expect(await store.getLink(annLink.token)).toBeNull();
        expect(await store.hasMessage('messenger', 'mid.ann')).toBe(false);
        expect(await snapshot(bob.id)).toEqual(bobBefore);
        expect(await store.getLink(bobLink.token)).toEqual(bobLink);
        expect(await store.deleteContact(ann.id)).toBe(false);
      });

      it('removes the contact’s pending queued jobs, and nobody else’s', async () => {
        const job = (id: string, orderingKey: string): StoredJob => ({
          id,
          queue: 'inbound',
          orderingKey,
          data: {},
          attempts: 0,
          runAt: T0,
          createdAt: T0,
        });
        await store.insertJobs([
          job('ann-1', contactKey('messenger', 'psid-ann')),
          job('bob-1', contactKey('instagram', 'igsid-bob')),
        ]);
        await store.deleteContact(ann.id);
        expect((await store.pendingJobs('inbound')).map((j) => j.id)).toEqual(['bob-1']);
      });

      it('lets a deleted contact come back as a new contact', async () => {
        await store.deleteContact(ann.id);
        const again = await store.ensureContact({ channel: 'messenger', externalId: 'psid-ann' }, {}, T0 + 1);
        expect(again.id).not.toBe(ann.id);
        expect(again.createdAt).toBe(T0 + 1);
      });
    });

    describe('jobs (durable in-process queue)', () => {
      const job = (id: string, overrides: Partial<StoredJob> = {}): StoredJob => ({
        id,
        queue: 'inbound',
        orderingKey: 'messenger:psid-ann',
        data: { kind: 'event', n: id },
        attempts: 0,
        runAt: T0,
        createdAt: T0,
        ...overrides,
      });

      it('stores jobs once, returns only new ones and lists them in insertion order per queue', async () => {
        expect(
          (await store.insertJobs([job('a'), job('b'), job('c', { queue: 'outbound' })])).map((j) => j.id),
        ).toEqual(['a', 'b', 'c']);
        expect((await store.insertJobs([job('b'), job('d')])).map((j) => j.id)).toEqual(['d']);
        expect((await store.pendingJobs('inbound')).map((j) => j.id)).toEqual(['a', 'b', 'd']);
        expect(await store.pendingJobs('outbound')).toEqual([job('c', { queue: 'outbound' })]);
      });

      it('reschedules, completes and buries jobs', async () => {
        await store.insertJobs([job('a'), job('b'), job('c')]);
        await store.rescheduleJob('a', 1, T0 + 500, 'boom');
        await store.completeJob('b');
        await store.buryJob('c', 5, 'gave up', T0 + 9);
        expect(await store.pendingJobs('inbound')).toEqual([job('a', { attempts: 1, runAt: T0 + 500 })]);
        expect(await store.deadJobs('inbound', 10)).toEqual([
          {
            id: 'c',
            queue: 'inbound',
            data: { kind: 'event', n: 'c' },
            attempts: 5,
            error: 'gave up',
            failedAt: T0 + 9,
          },
        ]);
        expect(await store.deadJobs('outbound', 10)).toEqual([]);
      });

      it('stores a turn’s outbox jobs and removes its completed job with it, or neither', async () => {
        await store.insertJobs([job('in-1'), job('in-2')]);
        const reply = job('out-1', { queue: 'outbound', data: { messageId: 'm-1' } });
        const refused = await store.commitTurn(
          turn(ann.id, 5, { jobs: [job('out-x', { queue: 'outbound' })], completesJob: 'in-1' }),
        );
        expect(refused.ok).toBe(false);
        expect((await store.pendingJobs('inbound')).map((j) => j.id)).toEqual(['in-1', 'in-2']);
        expect(await store.pendingJobs('outbound')).toEqual([]);

        const result = await store.commitTurn(
          turn(ann.id, 0, { messages: [inbound(ann.id)], jobs: [reply], completesJob: 'in-1' }),
        );
        expect(result.ok).toBe(true);
        expect((await store.pendingJobs('inbound')).map((j) => j.id)).toEqual(['in-2']);
        expect(await store.pendingJobs('outbound')).toEqual([reply]);
        // An outbox job already stored is kept as it was.
        await store.commitTurn(
          turn(ann.id, 1, { jobs: [{ ...reply, data: { messageId: 'other' } }], completesJob: 'gone' }),
        );
        expect(await store.pendingJobs('outbound')).toEqual([reply]);
      });

      it('removes the delivering job with the delivery outcome, also when it was recorded already', async () => {
        await store.commitTurn(
          turn(ann.id, 0, { messages: [inbound(ann.id), outbound(ann.id, { id: 'out-1' })] }),
        );
        await store.insertJobs([job('send-1', { queue: 'outbound' }), job('send-2', { queue: 'outbound' })]);
        const outcome = { messageId: 'out-1', status: 'sent' as const, platformMessageId: 'm_1', events: [] };
        expect(await store.recordDelivery({ ...outcome, completesJob: 'send-1' })).toBe(true);
        expect((await store.pendingJobs('outbound')).map((j) => j.id)).toEqual(['send-2']);
        expect(await store.recordDelivery({ ...outcome, completesJob: 'send-2' })).toBe(false);
        expect(await store.pendingJobs('outbound')).toEqual([]);
        expect(await store.getMessage('out-1')).toMatchObject({ status: 'sent', platformMessageId: 'm_1' });
      });
    });

    describe('delivery of outbound messages', () => {
      it('finds pending outbound messages and records a delivery once, with its events', async () => {
        const out = outbound(ann.id, { id: 'out-1' });
        const later = outbound(ann.id, { id: 'out-2', at: T0 + 1 });
        await store.commitTurn(turn(ann.id, 0, { messages: [inbound(ann.id), out, later] }));
        expect((await store.pendingOutbound(ann.id)).map((m) => m.id)).toEqual(['out-1', 'out-2']);

        const sent = event(ann.id, { id: 'ev-sent', type: 'message_sent' });
        expect(
          await store.recordDelivery({
            messageId: 'out-1',
            status: 'sent',
            platformMessageId: 'm_1',
            events: [sent],
          }),
        ).toBe(true);
        expect(await store.getMessage('out-1')).toMatchObject({
          status: 'sent',
          platformMessageId: 'm_1',
          error: null,
        });
        // A second outcome for the same message changes nothing (a retried job must not double-count).
        expect(
          await store.recordDelivery({ messageId: 'out-1', status: 'failed', error: 'late', events: [sent] }),
        ).toBe(false);
        expect(await store.getMessage('out-1')).toMatchObject({ status: 'sent' });
        expect(await store.listEvents({ contactId: ann.id, types: ['message_sent'] })).toHaveLength(1);
        expect((await store.pendingOutbound(ann.id)).map((m) => m.id)).toEqual(['out-2']);
      });

      it('claims a message for sending once and tells an interrupted send apart', async () => {
        await store.commitTurn(
          turn(ann.id, 0, {
            messages: [inbound(ann.id), outbound(ann.id, { id: 'out-1' }), outbound(ann.id, { id: 'out-2' })],
          }),
        );
        expect(await store.claimDelivery('out-1')).toBe('claimed');
        expect((await store.getMessage('out-1'))!.status).toBe('sending');
        expect(await store.claimDelivery('out-1')).toBe('in_doubt');
        await store.releaseDelivery('out-1');
        expect(await store.claimDelivery('out-1')).toBe('claimed');
        expect(
          await store.recordDelivery({
            messageId: 'out-1',
            status: 'sent',
            platformMessageId: 'm_1',
            events: [],
          }),
        ).toBe(true);
        expect(await store.claimDelivery('out-1')).toBe('done');
        expect(await store.claimDelivery('missing')).toBe('done');
        expect((await store.pendingOutbound(ann.id)).map((m) => m.id)).toEqual(['out-2']);
      });

      it('records a failure with its reason and a contact change', async () => {
        await store.commitTurn(
          turn(ann.id, 0, { messages: [inbound(ann.id), outbound(ann.id, { id: 'out-1' })] }),
        );
        const failed = event(ann.id, {
          id: 'ev-failed',
          type: 'message_failed',
          data: { code: 'meta.user_unavailable' },
        });
        await store.recordDelivery({
          messageId: 'out-1',
          status: 'failed',
          error: 'meta.user_unavailable',
          events: [failed],
          contactPatch: { reachable: false },
        });
        expect(await store.getMessage('out-1')).toMatchObject({
          status: 'failed',
          error: 'meta.user_unavailable',
        });
        expect((await store.getContact(ann.id))!.reachable).toBe(false);
        expect(await store.listEvents({ contactId: ann.id, types: ['message_failed'] })).toHaveLength(1);
        expect(await store.getMessage('nope')).toBeNull();
      });
    });
    describe('analytics primitives', () => {
      const Q = 15 * 60_000;
      const day = { from: T0 - 12 * 3600_000, to: T0 + 12 * 3600_000 };

      it('sums counters and counts distinct contacts exactly, per range and filter', async () => {
        await store.appendEvents([
          {
            ...event(ann.id, { type: 'message_received', at: T0, data: { kind: 'text' } }),
            channel: 'messenger',
          },
          {
            ...event(ann.id, { type: 'message_received', at: T0 + Q, data: { kind: 'postback' } }),
            channel: 'messenger',
          },
          {
            ...event(bob.id, { type: 'link_clicked', at: T0 + 2 * Q, campaign: 'spring' }),
            channel: 'instagram',
          },
        ]);
        const sums = await store.sumCounters({
          ranges: [day, { from: T0 + Q, to: T0 + 2 * Q }],
          metrics: ['interaction', 'inbound'],
          filter: {},
        });
        const n = (range: number, metric: string) =>
          sums.filter((s) => s.range === range && s.metric === metric).reduce((a, s) => a + s.n, 0);
        expect([n(0, 'interaction'), n(0, 'inbound'), n(1, 'interaction'), n(1, 'inbound')]).toEqual([
          3, 1, 1, 0,
        ]);
        const users = await store.countDistinct({ ranges: [day], population: { kind: 'users' }, filter: {} });
        expect(users).toEqual([{ range: 0, key: null, n: 2 }]);
        const web = await store.countDistinct({
          ranges: [day],
          population: { kind: 'users' },
          filter: { channel: 'web' },
        });
        expect(web).toEqual([]);
        const spring = await store.countDistinct({
          ranges: [day],
          population: { kind: 'visitors' },
          filter: { campaign: 'spring' },
        });
        expect(spring).toEqual([{ range: 0, key: null, n: 1 }]);
        expect(await store.dimensionValues('campaign', day, {})).toEqual(['spring']);
      });

      it('records a conversion once per idempotency key, attributed to the latest referral', async () => {
        await store.appendEvents([event(ann.id, { type: 'referral', at: T0 - 1000, campaign: 'ad-1' })]);
        const conversion = event(ann.id, { type: 'conversion', at: T0, value: 25, campaign: null });
        const first = await store.recordConversion(conversion, 'order-1');
        expect(first).toEqual({ ok: true, value: { ...conversion, campaign: 'ad-1' } });
        const again = await store.recordConversion({ ...conversion, id: 'other' }, 'order-1');
        expect(again).toEqual({
          ok: false,
          error: { code: 'duplicate', event: { ...conversion, campaign: 'ad-1' } },
        });
        expect(await store.listEvents({ types: ['conversion'] })).toHaveLength(1);
      });

      it('replaces spend per campaign and day and keeps aggregates after a contact is deleted', async () => {
        await store.setSpend({ campaign: 'spring', date: '2025-01-15', amount: 10, currency: 'USD' }, T0);
        await store.setSpend({ campaign: 'spring', date: '2025-01-15', amount: 12, currency: 'USD' }, T0);
        expect(await store.listSpend({ fromDate: '2025-01-01', toDate: '2025-02-01' })).toEqual([
          { campaign: 'spring', date: '2025-01-15', amount: 12, currency: 'USD' },
        ]);
        await store.appendEvents([event(ann.id, { type: 'message_sent', at: T0 })]);
        expect(
          await store.sumCounters({ ranges: [day], metrics: ['message_sent'], filter: {} }),
        ).toHaveLength(1);
        await store.deleteContact(ann.id);
        const after = await store.sumCounters({ ranges: [day], metrics: ['message_sent'], filter: {} });
        expect(after.map((s) => s.n)).toEqual([1]);
      });
    });

    describe('lists and broadcasts', () => {
      it('creates lists with unique names and manages members', async () => {
        const vip = await store.createList('l-1', 'VIP', T0);
        expect(vip).toEqual({ id: 'l-1', name: 'VIP', createdAt: T0, size: 0 });
        await expect(store.createList('l-2', 'VIP', T0)).rejects.toMatchObject({ code: 'store.conflict' });
        expect(await store.addToList('l-1', [ann.id, bob.id, 'no-such-contact'], T0)).toBe(2);
        expect(await store.addToList('l-1', [ann.id], T0)).toBe(0);
        expect((await store.getList('VIP'))!.size).toBe(2);
        expect((await store.listMembers('l-1', null, 10)).map((c) => c.id).sort()).toEqual(
          [ann.id, bob.id].sort(),
        );
        expect(await store.removeFromList('l-1', [bob.id])).toBe(1);
        expect((await store.listLists()).map((l) => [l.name, l.size])).toEqual([['VIP', 1]]);
        await store.deleteContact(ann.id);
        expect((await store.getList('l-1'))!.size).toBe(0);
      });

      it('finds contacts by channel, subscription and attribute values, paged by id', async () => {
        await store.updateContact(ann.id, { attributes: { size: 'M', vip: true, budget: 300 } });
        await store.updateContact(bob.id, { attributes: { size: 'L' }, subscribed: false });
        expect((await store.findContacts({ attributes: { size: 'M' } }, null, 10)).map((c) => c.id)).toEqual([
          ann.id,
        ]);
        expect(
          (await store.findContacts({ attributes: { vip: true, budget: 300 } }, null, 10)).map((c) => c.id),
        ).toEqual([ann.id]);
        expect((await store.findContacts({ subscribed: false }, null, 10)).map((c) => c.id)).toEqual([
          bob.id,
        ]);
        expect((await store.findContacts({ channel: 'instagram' }, null, 10)).map((c) => c.id)).toEqual([
          bob.id,
        ]);
        const all = await store.findContacts({}, null, 10);
        expect(all.map((c) => c.id)).toEqual([ann.id, bob.id].sort());
        expect(await store.findContacts({}, all[0]!.id, 10)).toEqual([all[1]]);
      });

      it('tracks a broadcast: progress, queued messages and their delivery', async () => {
        const spec = {
          listId: null,
          filter: { subscribed: true },
          message: { type: 'text' as const, text: 'Sale!' },
          flow: null,
          scheduleAt: T0,
        };
        const created = await store.createBroadcast('b-1', spec, T0);
        expect(created).toMatchObject({
          id: 'b-1',
          spec,
          status: 'scheduled',
          targeted: 0,
          queued: 0,
          skipped: {},
        });
        await store.setBroadcastStatus('b-1', 'running', T0);
        await store.commitTurn({
          ...turn(ann.id, 0, { messages: [outbound(ann.id, { id: 'bm-1' })] }),
          broadcastId: 'b-1',
        });
        await store.recordBroadcastProgress('b-1', {
          targeted: 3,
          skipped: { unsubscribed: 1, outside_window: 1 },
          cursor: ann.id,
        });
        await store.recordBroadcastProgress('b-1', {
          targeted: 1,
          skipped: { unsubscribed: 1 },
          cursor: bob.id,
        });
        await store.recordDelivery({
          messageId: 'bm-1',
          status: 'sent',
          platformMessageId: 'm-1',
          events: [],
        });
        await store.setBroadcastStatus('b-1', 'done', T0 + 5);
        expect(await store.getBroadcast('b-1')).toMatchObject({
          status: 'done',
          targeted: 5,
          queued: 1,
          skipped: { unsubscribed: 2, outside_window: 1 },
          delivery: { pending: 0, sent: 1, failed: 0 },
          cursor: bob.id,
          finishedAt: T0 + 5,
        });
        expect(await store.getBroadcast('nope')).toBeNull();
      });
    });

    describe('training inbox decisions', () => {
      const decision = (key: string, over: Partial<InboxDecision> = {}): InboxDecision => ({
        key,
        status: 'done',
        action: 'assign',
        intent: 'order.status',
        predicted: null,
        verdict: null,
        at: T0,
        ...over,
      });

      it('saves decisions and lists them by key, filtered by keys and decision time', async () => {
        const ignored = decision('purple monkey', { status: 'ignored', action: 'ignore', intent: null });
        const validated = decision('hi there', {
          action: 'validate',
          intent: 'greeting',
          predicted: 'greeting',
          verdict: 'correct',
          at: T0 + 10,
        });
        await store.saveInboxDecisions([decision('where is my parcel'), ignored, validated]);
        expect((await store.listInboxDecisions({})).map((d) => d.key)).toEqual([
          'hi there',
          'purple monkey',
          'where is my parcel',
        ]);
        expect(await store.listInboxDecisions({ keys: ['hi there', 'unknown'] })).toEqual([validated]);
        expect(await store.listInboxDecisions({ keys: [] })).toEqual([]);
        expect(await store.listInboxDecisions({ from: T0 + 1 })).toEqual([validated]);
        expect(await store.listInboxDecisions({ to: T0 + 10 })).toHaveLength(2);
        expect(await store.listInboxDecisions({ keys: ['purple monkey'], from: T0 + 1 })).toEqual([]);
      });

      it('replaces an earlier decision for the same key (the last one in a call wins)', async () => {
        await store.saveInboxDecisions([decision('where is my parcel')]);
        const wrong = decision('where is my parcel', {
          action: 'validate',
          intent: 'shipping.time',
          predicted: 'order.status',
          verdict: 'wrong',
          at: T0 + 5,
        });
        await store.saveInboxDecisions([decision('where is my parcel', { at: T0 + 1 }), wrong]);
        expect(await store.listInboxDecisions({})).toEqual([wrong]);
      });

      it('deletes decisions by key and counts the ones that existed', async () => {
        await store.saveInboxDecisions([decision('a'), decision('b')]);
        expect(await store.deleteInboxDecisions(['a', 'zzz', 'a'])).toBe(1);
        expect((await store.listInboxDecisions({})).map((d) => d.key)).toEqual(['b']);
        expect(await store.deleteInboxDecisions([])).toBe(0);
      });

      it('handles many keys at once', async () => {
        const keys = Array.from({ length: 1200 }, (_, i) => `text ${String(i).padStart(4, '0')}`);
        await store.saveInboxDecisions(keys.map((k) => decision(k)));
        expect(await store.listInboxDecisions({ keys })).toHaveLength(1200);
        expect(await store.deleteInboxDecisions(keys)).toBe(1200);
      });
    });
  });
}
