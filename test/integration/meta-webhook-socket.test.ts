import net from 'node:net';
import zlib from 'node:zlib';
import type { RunningServer } from '../../src/main';
import { startServer } from '../../src/main';
import { META_ENV, pageWebhook, signature, textEvent } from '../helpers/meta-webhooks';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

// The webhook events are served ahead of express by the server startServer builds: these tests go
// through a real loopback socket, as Meta's requests do (supertest would call the express app).
describe('POST /webhooks/meta over a socket (served ahead of express)', () => {
  let t: TestParley;
  let server: RunningServer;
  let base: string;
  let seq = 0;
  let stored = 0;
  const mid = () => `m_sock_${seq++}`;

  // One server for all (workers off, so jobs stay pending): each test looks at the jobs it added.
  beforeAll(async () => {
    t = await createTestParley({ env: { ...META_ENV, TRUST_PROXY: '1' } });
    server = await startServer(t.parley, { workers: false });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.stop();
    await t.cleanup();
  });
  beforeEach(async () => {
    stored = (await t.parley.store.pendingJobs('inbound')).length;
  });

  /** Inbound jobs stored since the test began. */
  const pending = async () => (await t.parley.store.pendingJobs('inbound')).length - stored;
  const post = (raw: string | Buffer, headers: Record<string, string> = {}, path = '/webhooks/meta') =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature(raw.toString()),
        ...headers,
      },
      body: raw,
    });
  const webhook = (psid = 'psid-s', text = 'hello') =>
    JSON.stringify(pageWebhook([textEvent(psid, text, mid(), Date.now())]));

  it('acknowledges a signed webhook once it is enqueued, with a request id', async () => {
    const res = await post(webhook(), { 'x-request-id': 'req-42' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('EVENT_RECEIVED');
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    // Served without the express middleware (helmet would have added a CSP).
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(await pending()).toBe(1);
    const generated = await post(webhook());
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('handles every entry and every event, and a redelivery once', async () => {
    const now = Date.now();
    const body = JSON.stringify(
      pageWebhook(
        [textEvent('psid-a', 'hi', 'dup-a1', now), textEvent('psid-a', 'more', 'dup-a2', now + 1)],
        [textEvent('psid-b', 'hi', 'dup-b1', now)],
      ),
    );
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    const jobs = (await t.parley.store.pendingJobs('inbound')).filter((j) => j.id.includes(':dup-'));
    expect(jobs.map((j) => j.id).sort()).toEqual([
      'in:messenger:dup-a1',
      'in:messenger:dup-a2',
      'in:messenger:dup-b1',
    ]);
  });

  it('refuses a bad or missing signature (401), bad JSON and a bad envelope (400), storing nothing', async () => {
    const body = webhook();
    const forged = await post(body, { 'x-hub-signature-256': signature(body, 'another-secret') });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'meta.signature_invalid' } });
    const unsigned = await fetch(`${base}/webhooks/meta`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    const badJson = await post('{"object": "page", "entry": [');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'api.bad_request' } });
    const badEnvelope = await post(JSON.stringify({ object: 'user', entry: [] }));
    expect(badEnvelope.status).toBe(400);
    expect(await badEnvelope.json()).toMatchObject({ error: { code: 'meta.invalid_payload' } });
    expect(await pending()).toBe(0);
  });

  it('refuses a body over 2 MiB with 413, declared or streamed, and stores nothing', async () => {
    const big = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(2 * 1024 * 1024) });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: { code: 'api.payload_too_large' } });
    const chunked = await rawRequest(server.port, [
      'POST /webhooks/meta HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n' +
        `X-Hub-Signature-256: ${signature(big)}\r\n\r\n`,
      `${Buffer.byteLength(big).toString(16)}\r\n${big}\r\n0\r\n\r\n`,
    ]);
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    expect(await pending()).toBe(0);
  });

  it('reads gzip bodies (signature over the decoded bytes) and refuses unknown encodings with 415', async () => {
    const body = webhook();
    const gz = await post(zlib.gzipSync(body), {
      'content-encoding': 'gzip',
      'x-hub-signature-256': signature(body),
    });
    expect(gz.status).toBe(200);
    const odd = await post(body, { 'content-encoding': 'compress' });
    expect(odd.status).toBe(415);
    expect(await pending()).toBe(1);
  });

  it('serves the same handler with a query string and through express (trailing slash)', async () => {
    expect((await post(webhook(), {}, '/webhooks/meta?source=meta')).status).toBe(200);
    expect((await post(webhook(), {}, '/webhooks/meta/')).status).toBe(200);
    expect((await post('{}', { 'x-hub-signature-256': 'sha256=00' }, '/webhooks/meta/')).status).toBe(401);
    expect(await pending()).toBe(2);
  });

  it('still answers the verification handshake (403 on a wrong token) and other routes', async () => {
    const q = (token: string) =>
      `${base}/webhooks/meta?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`;
    const ok = await fetch(q(META_ENV.META_VERIFY_TOKEN));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(q('wrong-token'))).status).toBe(403);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('acknowledges 200 concurrent webhooks (one group commit is shared) and stores each', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post(webhook(`psid-c${i}`)).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await pending()).toBe(200);
  });

  it('counts only refusals per client: a forger is cut off (429), signed traffic of others never', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 70; i++) {
      expect((await post(webhook(`psid-ok${i}`), from('198.51.100.1'))).status).toBe(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      statuses.push(
        (await post('{}', { ...from('203.0.113.9'), 'x-hub-signature-256': 'sha256=00' })).status,
      );
    }
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
    // The forger is blocked on every webhook route; everyone else is not.
    expect((await post(webhook(), from('203.0.113.9'))).status).toBe(429);
    expect((await fetch(`${base}/webhooks/meta?hub.mode=x`, { headers: from('203.0.113.9') })).status).toBe(
      429,
    );
    expect((await post(webhook(), from('198.51.100.1'))).status).toBe(200);
    expect(await pending()).toBe(71);
  });

  it('stores nothing when the client goes away mid-body, and keeps serving', async () => {
    const body = webhook();
    await rawRequest(
      server.port,
      [
        `POST /webhooks/meta HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `X-Hub-Signature-256: ${signature(body)}\r\n\r\n${body.slice(0, 20)}`,
      ],
      { destroyAfterWrite: true },
    );
    expect((await post(webhook())).status).toBe(200);
    expect(await pending()).toBe(1);
  });
});

/** Writes `parts` on a fresh connection and resolves with what came back (or '' when destroyed). */
function rawRequest(port: number, parts: string[], options: { destroyAfterWrite?: boolean } = {}) {
  return new Promise<string>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (/\r\n\r\n/.test(received)) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(received));
    socket.on('connect', () => {
      for (const part of parts) socket.write(part);
      if (options.destroyAfterWrite) setTimeout(() => socket.destroy(), 50);
    });
  });
}
