import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRefusalLimiter } from '../../../src/api/middleware/refusal-limiter';
import type { MetaWebhookHandlerDeps } from '../../../src/api/routes/meta-webhook-handler';
import { createMetaWebhookHandler } from '../../../src/api/routes/meta-webhook-handler';
import { ParleyError } from '../../../src/core';
import { captureLogger } from '../../helpers/capture-logger';
import { META_ENV, pageWebhook, signature, textEvent } from '../../helpers/meta-webhooks';

describe('createMetaWebhookHandler on a bare http server', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  async function serve(enqueue: MetaWebhookHandlerDeps['enqueue'], limitBytes?: number) {
    const { logger, lines } = captureLogger();
    const handler = createMetaWebhookHandler({
      appSecret: META_ENV.META_APP_SECRET,
      verifyToken: META_ENV.META_VERIFY_TOKEN,
      logger,
      enqueue,
      limiter: createRefusalLimiter(),
      trustedHops: 0,
      ...(limitBytes ? { limitBytes } : {}),
    });
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`;
    return { url, lines };
  }

  const signed = () => {
    const body = JSON.stringify(pageWebhook([textEvent('psid-u', 'hello', 'mid-u1', Date.now())]));
    return { body, headers: { 'x-hub-signature-256': signature(body) } };
  };

  it('enqueues the parsed batch before answering 200', async () => {
    const batches: unknown[] = [];
    const { url } = await serve(async (batch) => void batches.push(batch));
    const res = await fetch(url, { method: 'POST', ...signed() });
    expect(res.status).toBe(200);
    expect(batches).toEqual([
      {
        inbound: [expect.objectContaining({ type: 'text', messageId: 'mid-u1', text: 'hello' })],
        notices: [],
      },
    ]);
  });

  it('answers 503 when the store is unavailable and 500 (no internals) on anything else', async () => {
    const down = await serve(() =>
      Promise.reject(new ParleyError('store.unavailable', 'The store is closed')),
    );
    const res = await fetch(down.url, { method: 'POST', ...signed() });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'store.unavailable', message: 'The store is closed' },
    });
    expect(down.lines.some((l) => l.event === 'api.error')).toBe(true);

    const broken = await serve(() => Promise.reject(new Error('secret internals')));
    const res2 = await fetch(broken.url, { method: 'POST', ...signed() });
    expect(res2.status).toBe(500);
    expect(await res2.text()).not.toMatch(/secret internals/);
  });

  it('applies its body limit and does not enqueue refused requests', async () => {
    const enqueue = jest.fn(async () => undefined);
    const { url, lines } = await serve(enqueue, 64);
    expect((await fetch(url, { method: 'POST', ...signed() })).status).toBe(413);
    const forged = await fetch(url, {
      method: 'POST',
      body: '{}',
      headers: { 'x-hub-signature-256': 'sha256=00' },
    });
    expect(forged.status).toBe(401);
    expect(enqueue).not.toHaveBeenCalled();
    expect(lines.find((l) => l.event === 'channel.meta.signature_invalid')).toBeDefined();
  });
});

describe('createRefusalLimiter', () => {
  it('blocks a client at its limit until its window ends, and only that client', () => {
    let now = 1_000;
    const limiter = createRefusalLimiter({ limit: 3, windowMs: 100, now: () => now });
    expect(limiter.isTracking()).toBe(false);
    for (let i = 0; i < 3; i++) {
      expect(limiter.isBlocked('a')).toBe(false);
      limiter.countRefusal('a');
    }
    expect(limiter.isTracking()).toBe(true);
    expect(limiter.isBlocked('a')).toBe(true);
    expect(limiter.isBlocked('b')).toBe(false);
    now += 100;
    expect(limiter.isBlocked('a')).toBe(false);
    // Expired windows are forgotten.
    expect(limiter.isTracking()).toBe(false);
  });
});
