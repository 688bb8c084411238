import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGraphClient } from '../../../../src/channels/meta';
import type { GraphClient } from '../../../../src/channels/meta';
import { captureLogger } from '../../../helpers/capture-logger';
import type { FakeGraphApi } from '../../../helpers/fake-graph-api';
import { startFakeGraphApi } from '../../../helpers/fake-graph-api';

const TOKEN = 'EAAGtest-page-token-secret-0123456789';

let api: FakeGraphApi;
let lines: Record<string, unknown>[];
let graph: GraphClient;

function client(graphUrl = api.url, timeoutMs = 2_000): GraphClient {
  const captured = captureLogger('debug');
  lines = captured.lines;
  return createGraphClient({
    graphUrl,
    graphVersion: 'v23.0',
    tokenFor: (pageId) => (pageId === 'no-token-page' ? null : TOKEN),
    timeoutMs,
    logger: captured.logger,
  });
}

const send = (g: GraphClient = graph) =>
  g.sendMessage({
    recipientId: 'PSID-1',
    pageId: 'page-1',
    messagingType: 'RESPONSE',
    message: { text: 'Hello' },
  });

beforeEach(async () => {
  api = await startFakeGraphApi();
  graph = client();
});
afterEach(async () => {
  await api.close();
});

describe('createGraphClient: sendMessage', () => {
  it('posts the message with the token as access_token and returns the message id', async () => {
    const result = await send();
    expect(result).toEqual({ ok: true, platformMessageId: expect.stringMatching(/^m_fake_/) });
    const [call] = api.calls;
    expect(call).toMatchObject({
      method: 'POST',
      path: '/v23.0/me/messages',
      query: { access_token: TOKEN },
      body: { recipient: { id: 'PSID-1' }, messaging_type: 'RESPONSE', message: { text: 'Hello' } },
    });
    expect(call?.body).not.toHaveProperty('tag');
  });

  it('sends the tag with MESSAGE_TAG', async () => {
    await graph.sendMessage({
      recipientId: 'P',
      pageId: null,
      messagingType: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Hi' },
    });
    expect(api.calls[0]?.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('classifies 613 as a retryable rate limit, once per call (no retry inside)', async () => {
    api.script([{ error: { code: 613 }, headers: { 'retry-after': '2' } }, { error: { code: 613 } }]);
    const first = await send();
    expect(first).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'meta.rate_limited',
        retryable: true,
        platformCode: 613,
        retryAfterMs: 2000,
      }),
    });
    expect(api.sends()).toHaveLength(1);
    expect((await send()).ok).toBe(false);
    expect((await send()).ok).toBe(true);
  });

  it.each([
    [{ code: 551 }, 'meta.user_unavailable', false, true],
    [{ code: 10, subcode: 2018108 }, 'meta.user_unavailable', false, true],
    [{ code: 200, subcode: 1545041 }, 'meta.user_unavailable', false, true],
    [{ code: 10, subcode: 2018278 }, 'meta.outside_window', false, false],
    [{ code: 190 }, 'meta.token_invalid', false, false],
    [{ code: 100 }, 'meta.bad_request', false, false],
    [{ code: 1200 }, 'meta.transient', true, false],
    [{ code: 2 }, 'meta.transient', true, false],
    [{ code: 4 }, 'meta.rate_limited', true, false],
    [{ code: 10 }, 'meta.permission_denied', false, false],
  ])('classifies %p as %s', async (error, code, retryable, userUnavailable) => {
    api.script({ error });
    const result = await send();
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code, retryable, userUnavailable }),
    });
  });

  it('treats a 5xx without a Graph error as retryable', async () => {
    api.script({ status: 502, body: 'Bad gateway' });
    expect(await send()).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'meta.server_error', retryable: true }),
    });
  });

  it('treats a success without a message id as a non-retryable invalid response', async () => {
    api.script({ status: 200, body: { recipient_id: 'PSID-1' } });
    expect(await send()).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'meta.invalid_response', retryable: false }),
    });
  });

  it('treats a dropped connection as a retryable network error', async () => {
    api.script({ drop: true });
    expect(await send()).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'meta.network', retryable: true }),
    });
  });

  it('treats an unreachable server as a retryable network error', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const result = await send(client(`http://127.0.0.1:${port}`));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'meta.network', retryable: true }),
    });
  });

  it('reuses kept-alive connections, at most maxSockets of them', async () => {
    let connections = 0;
    let active = 0;
    let maxActive = 0;
    const server = http.createServer((req, res) => {
      active++;
      maxActive = Math.max(maxActive, active);
      req.resume();
      setTimeout(() => {
        active--;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ recipient_id: 'PSID-1', message_id: 'm_1' }));
      }, 5);
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const pooled = createGraphClient({
      graphUrl: `http://127.0.0.1:${port}`,
      graphVersion: 'v23.0',
      tokenFor: () => TOKEN,
      maxSockets: 2,
    });
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(Array.from({ length: 6 }, () => send(pooled)));
      expect(results.every((r) => r.ok)).toBe(true);
    }
    expect(connections).toBe(2);
    expect(maxActive).toBe(2);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('times out a slow answer as retryable', async () => {
    api.script({ ok: true, delayMs: 500 });
    const result = await send(client(api.url, 100));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'meta.timeout', retryable: true }),
    });
  });

  it('fails without calling when there is no token', async () => {
    const result = await graph.sendMessage({
      recipientId: 'P',
      pageId: 'no-token-page',
      messagingType: 'RESPONSE',
      message: { text: 'x' },
    });
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'meta.no_token', retryable: false }),
    });
    expect(api.calls).toHaveLength(0);
  });

  it('never logs the access token, whatever happens', async () => {
    api.script([{ ok: true }, { error: { code: 190, message: `Invalid token ${TOKEN}` } }, { drop: true }]);
    await send();
    const failed = await send();
    await send();
    await send(client('http://127.0.0.1:1'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
    expect(!failed.ok && failed.error.message).not.toContain(TOKEN);
  });
});

describe('createGraphClient: senderAction and getProfile', () => {
  it('sends a typing indicator', async () => {
    const result = await graph.senderAction({ recipientId: 'PSID-1', pageId: null, action: 'typing_on' });
    expect(result).toEqual({ ok: true, value: null });
    expect(api.calls[0]).toMatchObject({
      kind: 'sender_action',
      body: { recipient: { id: 'PSID-1' }, sender_action: 'typing_on' },
    });
  });

  it('reads a profile with the requested fields', async () => {
    api.profiles.set('PSID-1', { first_name: 'Ana', last_name: 'Lima', profile_pic: 'https://x/y.jpg' });
    const result = await graph.getProfile({
      userId: 'PSID-1',
      pageId: null,
      fields: ['first_name', 'last_name'],
    });
    expect(result).toEqual({ ok: true, value: { id: 'PSID-1', first_name: 'Ana', last_name: 'Lima' } });
    expect(api.calls[0]).toMatchObject({
      method: 'GET',
      path: '/v23.0/PSID-1',
      query: { fields: 'first_name,last_name' },
    });
  });

  it('returns a failure for an unknown profile', async () => {
    const result = await graph.getProfile({ userId: 'nobody', pageId: null, fields: ['name'] });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'meta.bad_request' }) });
  });
});
