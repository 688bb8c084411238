import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metaSendMessageSchema } from '../channels';

/**
 * A fake Meta Graph API: a real HTTP server on 127.0.0.1 (random port) that answers what Parley calls.
 *
 * - `POST /{version}/me/messages` and `POST /{version}/{page-id}/messages`:
 *   - with `message` → `{ recipient_id, message_id }` (a unique `m_fake_…` id); the `message` is
 *     validated against Parley's Send API schema (`validateMessages`, default true) and an invalid one
 *     gets Meta's error 100, as Meta would;
 *   - with `sender_action` → `{ recipient_id }`.
 * - `GET /{version}/{user-id}?fields=a,b` → the configured profile (only the asked fields, plus `id`),
 *   or Meta's error 100/33 for an unknown id (unless `anyProfile`).
 * - A request without `access_token` gets error 190.
 *
 * Scripting: `script(...)` queues responses (or installs a function) consulted before the defaults,
 * e.g. `api.script([{ error: { code: 613 } }, { error: { code: 613 } }])` fails two sends with a rate
 * limit, then sends succeed again. `{ drop: true }` destroys the socket (a network error);
 * `{ delayMs }` answers late (for timeouts).
 *
 * Every request is recorded in `calls` (turn off with `recordCalls: false` for benchmarks).
 *
 * It lives in `src/cli` so that `parley simulate` and the benchmark scripts can use it too; the tests
 * import it through `test/helpers/fake-graph-api.ts`. `port` (default 0: a random one) fixes the port.
 *
 * @example
 * const api = await startFakeGraphApi();
 * const graph = createGraphClient({ graphUrl: api.url, graphVersion: 'v23.0', tokenFor: () => 'token-123456' });
 * await graph.sendMessage({ recipientId: 'PSID', pageId: null, messagingType: 'RESPONSE', message: { text: 'Hi' } });
 * expect(api.sends()[0]?.body).toMatchObject({ message: { text: 'Hi' } });
 * await api.close();
 */
export interface FakeGraphApi {
  /** Base URL to use as `graphUrl` (no trailing slash). */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly calls: RecordedCall[];
  /** Profiles by user id (PSID / IGSID): set entries to configure `GET /{id}`. */
  readonly profiles: Map<string, Record<string, unknown>>;
  /** Queues scripted responses, or installs a function (return undefined to fall through to defaults). */
  script(next: ScriptedResponse | readonly ScriptedResponse[] | ScriptFn, options?: { for?: CallKind }): void;
  /** The recorded message sends (`POST …/messages` with `message`). */
  sends(): RecordedCall[];
  /** Resolves once `count` calls have been recorded. */
  waitForCalls(count: number, timeoutMs?: number): Promise<void>;
  /** Forgets calls and scripts (keeps profiles). */
  reset(): void;
  close(): Promise<void>;
}

/** What kind of request a call was. */
export type CallKind = 'send' | 'sender_action' | 'profile' | 'other';

/** One request the fake received. */
export interface RecordedCall {
  readonly kind: CallKind;
  readonly method: string;
  /** Path without the query, e.g. `/v23.0/me/messages`. */
  readonly path: string;
  readonly query: Record<string, string>;
  /** Parsed JSON body (undefined for GET or invalid JSON). */
  readonly body: unknown;
  readonly at: number;
}

/** A scripted answer. */
export type ScriptedResponse =
  | {
      readonly status?: number;
      readonly body: unknown;
      readonly delayMs?: number;
      readonly headers?: Record<string, string>;
    }
  | {
      readonly error: {
        readonly code: number;
        readonly subcode?: number;
        readonly message?: string;
        readonly isTransient?: boolean;
      };
      readonly status?: number;
      readonly delayMs?: number;
      readonly headers?: Record<string, string>;
    }
  | { readonly drop: true; readonly delayMs?: number }
  /** Default behaviour, after an optional delay. */
  | { readonly ok: true; readonly delayMs?: number };

/** A scripting function: a response for this call, or undefined for the default. */
export type ScriptFn = (call: RecordedCall) => ScriptedResponse | undefined;

/** Options of {@link startFakeGraphApi}. */
export interface FakeGraphApiOptions {
  /** Validate sent messages against Parley's Send API schema (default true). */
  readonly validateMessages?: boolean;
  /** Answer any unknown profile id with a generated one instead of an error (default false). */
  readonly anyProfile?: boolean;
  /** Record calls (default true; turn off for long benchmarks). */
  readonly recordCalls?: boolean;
  /** Port to listen on (default 0: a random free port). */
  readonly port?: number;
  /** Called for every request after it is recorded, even with `recordCalls: false` (benchmarks). */
  readonly onCall?: (call: RecordedCall) => void;
}

interface Script {
  readonly kind: CallKind | 'any';
  readonly next: ScriptedResponse[] | ScriptFn;
}

/** Starts a {@link FakeGraphApi}. Close it in `afterEach`/`afterAll`. */
export async function startFakeGraphApi(options: FakeGraphApiOptions = {}): Promise<FakeGraphApi> {
  const calls: RecordedCall[] = [];
  const profiles = new Map<string, Record<string, unknown>>();
  let scripts: Script[] = [];
  let counter = 0;
  const prefix = randomBytes(4).toString('hex');
  const validate = options.validateMessages ?? true;
  const record = options.recordCalls ?? true;

  const scripted = (call: RecordedCall): ScriptedResponse | undefined => {
    for (const s of scripts) {
      if (s.kind !== 'any' && s.kind !== call.kind) continue;
      if (typeof s.next === 'function') {
        const answer = s.next(call);
        if (answer !== undefined) return answer;
        continue;
      }
      if (s.next.length > 0) return s.next.shift();
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = raw.length > 0 ? safeJson(raw) : undefined;
      const call: RecordedCall = {
        kind: kindOf(req.method ?? 'GET', url.pathname, body),
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body,
        at: Date.now(),
      };
      if (record) calls.push(call);
      options.onCall?.(call);
      const answer = scripted(call) ?? { ok: true };
      const respond = (): void => {
        if ('drop' in answer) return void req.socket.destroy();
        if ('error' in answer)
          return send(
            res,
            answer.status ?? statusFor(answer.error.code),
            errorBody(answer.error),
            answer.headers,
          );
        if ('body' in answer) return send(res, answer.status ?? 200, answer.body, answer.headers);
        const [status, payload] = defaultAnswer(call);
        send(res, status, payload);
      };
      if (answer.delayMs) setTimeout(respond, answer.delayMs);
      else respond();
    });
  });

  const defaultAnswer = (call: RecordedCall): [number, unknown] => {
    if (!call.query.access_token)
      return [400, errorBody({ code: 190, message: 'An access token is required.' })];
    const recipient = (call.body as { recipient?: { id?: string } } | undefined)?.recipient?.id;
    if (call.kind === 'send') {
      const message = (call.body as { message?: unknown }).message;
      if (validate && !metaSendMessageSchema.safeParse(message).success) {
        return [400, errorBody({ code: 100, message: '(#100) Invalid message parameter' })];
      }
      counter += 1;
      return [200, { recipient_id: recipient, message_id: `m_fake_${prefix}_${counter}` }];
    }
    if (call.kind === 'sender_action') return [200, { recipient_id: recipient }];
    if (call.kind === 'profile') {
      const id = call.path.split('/').pop() ?? '';
      const profile =
        profiles.get(id) ??
        (options.anyProfile
          ? { first_name: 'Test', last_name: id, name: `Test ${id}`, username: `user_${id}` }
          : undefined);
      if (!profile) return [400, errorBody({ code: 100, subcode: 33, message: 'Unsupported get request.' })];
      const fields = (call.query.fields ?? '').split(',').filter(Boolean);
      const picked =
        fields.length === 0
          ? profile
          : Object.fromEntries(fields.filter((f) => f in profile).map((f) => [f, profile[f]]));
      return [200, { ...picked, id }];
    }
    return [404, errorBody({ code: 100, message: 'Unknown path' })];
  };

  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    profiles,
    script(next, scriptOptions = {}) {
      const kind = scriptOptions.for ?? 'send';
      const queue =
        typeof next === 'function' ? next : Array.isArray(next) ? [...next] : [next as ScriptedResponse];
      scripts.push({ kind, next: queue as Script['next'] });
    },
    sends: () => calls.filter((c) => c.kind === 'send'),
    async waitForCalls(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (calls.length < count) {
        if (Date.now() > deadline)
          throw new Error(`fake Graph API: ${calls.length}/${count} calls after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset() {
      calls.length = 0;
      scripts = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function kindOf(method: string, path: string, body: unknown): CallKind {
  if (method === 'POST' && /^\/v\d+\.\d+\/[^/]+\/messages$/.test(path)) {
    const b = body as Record<string, unknown> | undefined;
    if (b && 'message' in b) return 'send';
    if (b && 'sender_action' in b) return 'sender_action';
    return 'other';
  }
  if (method === 'GET' && /^\/v\d+\.\d+\/[^/]+$/.test(path)) return 'profile';
  return 'other';
}

// Meta answers most errors with 400; rate limits and token errors too. Code 1/2 are server-side.
function statusFor(code: number): number {
  if (code === 1 || code === 2) return 500;
  if (code === 190) return 401;
  return 400;
}

function errorBody(e: { code: number; subcode?: number; message?: string; isTransient?: boolean }): unknown {
  return {
    error: {
      message: e.message ?? `(#${e.code}) Fake Graph API error`,
      type: e.code === 190 ? 'OAuthException' : 'GraphMethodException',
      code: e.code,
      ...(e.subcode !== undefined ? { error_subcode: e.subcode } : {}),
      ...(e.isTransient !== undefined ? { is_transient: e.isTransient } : {}),
      fbtrace_id: `fake${randomBytes(6).toString('hex')}`,
    },
  };
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
