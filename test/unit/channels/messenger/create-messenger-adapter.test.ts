import {
  PART_RETRIES,
  createGraphClient,
  createLruCache,
  createTokenBucket,
} from '../../../../src/channels/meta';
import { createMessengerAdapter } from '../../../../src/channels/messenger';
import type { OutboundMessage, Profile } from '../../../../src/core';
import type { FakeGraphApi, ScriptedResponse } from '../../../helpers/fake-graph-api';
import { startFakeGraphApi } from '../../../helpers/fake-graph-api';

let api: FakeGraphApi;
beforeEach(async () => {
  api = await startFakeGraphApi();
});
afterEach(async () => {
  await api.close();
});

const graph = () =>
  createGraphClient({ graphUrl: api.url, graphVersion: 'v23.0', tokenFor: () => 'page-token-123' });
const twoParts = { type: 'text', text: 'word '.repeat(500).trim() } as OutboundMessage;

describe('createMessengerAdapter', () => {
  it('sends every rendered part in order and returns the first message id', async () => {
    const adapter = createMessengerAdapter({ graph: graph() });
    const result = await adapter.send({
      recipientId: 'PSID',
      pageId: 'page-1',
      messagingType: 'RESPONSE',
      message: twoParts,
    });
    expect(adapter.channel).toBe('messenger');
    expect(api.sends()).toHaveLength(2);
    expect(result).toEqual({ ok: true, platformMessageId: expect.stringMatching(/_1$/) });
  });

  const send = (adapter: ReturnType<typeof createMessengerAdapter>) =>
    adapter.send({ recipientId: 'PSID', pageId: null, messagingType: 'RESPONSE', message: twoParts });
  const noWait = async () => undefined;

  /** Fails the Send API calls whose 1-based number `fail` picks; records the texts delivered. */
  function failSends(fail: (n: number) => ScriptedResponse | undefined) {
    const delivered: string[] = [];
    let calls = 0;
    api.script((call) => {
      const answer = fail(++calls);
      if (!answer) delivered.push((call.body as { message: { text: string } }).message.text);
      return answer;
    });
    return { delivered, calls: () => calls };
  }

  it('returns a later part failing with user-unavailable as such (the contact is unreachable)', async () => {
    const graphApi = failSends((n) => (n === 2 ? { error: { code: 551 } } : undefined));
    const result = await send(createMessengerAdapter({ graph: graph(), sleep: noWait }));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'meta.user_unavailable',
        userUnavailable: true,
        retryable: false,
      }),
    });
    expect(graphApi.calls()).toBe(2);
  });

  it('retries a later part in place, never the parts already delivered', async () => {
    const graphApi = failSends((n) => (n === 2 || n === 3 ? { error: { code: 613 } } : undefined));
    const waits: number[] = [];
    const adapter = createMessengerAdapter({ graph: graph(), sleep: async (ms) => void waits.push(ms) });
    expect(await send(adapter)).toEqual({ ok: true, platformMessageId: expect.stringMatching(/_1$/) });
    expect(graphApi.delivered).toHaveLength(2);
    expect(new Set(graphApi.delivered).size).toBe(2);
    expect(waits).toEqual([500, 1000]);
  });

  it('fails for good (meta.partially_sent, not retryable) when a later part keeps failing', async () => {
    const graphApi = failSends((n) => (n >= 2 ? { error: { code: 2 } } : undefined));
    const result = await send(createMessengerAdapter({ graph: graph(), sleep: noWait }));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'meta.partially_sent',
        retryable: false,
        message: expect.stringMatching(/^1 of 2 parts delivered; part 2 failed \(meta\.transient\)/),
      }),
    });
    expect(graphApi.delivered).toHaveLength(1);
    expect(graphApi.calls()).toBe(1 + 1 + PART_RETRIES);
  });

  it('returns a first part failure as it is (nothing was delivered, the job may retry)', async () => {
    const graphApi = failSends(() => ({ error: { code: 613 } }));
    const result = await send(createMessengerAdapter({ graph: graph(), sleep: noWait }));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'meta.rate_limited', retryable: true }),
    });
    expect(graphApi.calls()).toBe(1);
  });

  it('waits for the per-page rate limiter before each call', async () => {
    let t = 0;
    const waits: number[] = [];
    const adapter = createMessengerAdapter({
      graph: graph(),
      limiter: createTokenBucket({ ratePerSecond: 10, burst: 1, now: () => t }),
      sleep: async (ms) => {
        waits.push(ms);
        t += ms;
      },
    });
    await adapter.send({
      recipientId: 'PSID',
      pageId: 'page-1',
      messagingType: 'RESPONSE',
      message: twoParts,
    });
    expect(waits).toEqual([100]);
  });

  it('looks profiles up and keeps no copy in memory (the contact row is the cache)', async () => {
    api.profiles.set('PSID', { first_name: 'Ana', last_name: 'Lima' });
    const cache = createLruCache<Profile | null>({ maxEntries: 10, ttlMs: 86_400_000 });
    const adapter = createMessengerAdapter({ graph: graph(), profileCache: cache });
    expect(await adapter.fetchProfile('PSID', 'page-1')).toEqual({ firstName: 'Ana', lastName: 'Lima' });
    expect(cache.size).toBe(0);
    expect(api.calls.filter((c) => c.kind === 'profile')).toHaveLength(1);
    expect(api.calls[0]?.query.fields).toBe('first_name,last_name');
  });

  it('returns null for a failed lookup, remembers it briefly, never throws', async () => {
    let t = 0;
    const cache = createLruCache<Profile | null>({ maxEntries: 10, ttlMs: 86_400_000, now: () => t });
    api.script({ error: { code: 2 } }, { for: 'profile' });
    const adapter = createMessengerAdapter({
      graph: graph(),
      profileCache: cache,
      profileFailureTtlMs: 1000,
    });
    expect(await adapter.fetchProfile('PSID', null)).toBeNull();
    expect(await adapter.fetchProfile('PSID', null)).toBeNull();
    expect(api.calls).toHaveLength(1);
    t = 1000;
    api.profiles.set('PSID', { first_name: 'Ana' });
    expect(await adapter.fetchProfile('PSID', null)).toEqual({ firstName: 'Ana' });
  });

  it('returns null when the Graph API is unreachable', async () => {
    const adapter = createMessengerAdapter({
      graph: createGraphClient({
        graphUrl: 'http://127.0.0.1:1',
        graphVersion: 'v23.0',
        tokenFor: () => 'page-token-123',
      }),
    });
    expect(await adapter.fetchProfile('PSID', null)).toBeNull();
    await expect(adapter.sendTyping('PSID', null)).resolves.toBeUndefined();
  });

  it('sends a typing indicator and ignores its failure', async () => {
    const adapter = createMessengerAdapter({ graph: graph() });
    api.script({ error: { code: 100 } }, { for: 'sender_action' });
    await expect(adapter.sendTyping('PSID', 'page-1')).resolves.toBeUndefined();
    await adapter.sendTyping('PSID', 'page-1');
    expect(api.calls.map((c) => c.kind)).toEqual(['sender_action', 'sender_action']);
  });
});
