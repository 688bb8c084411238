import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { ParleyError } from '../core';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  )
  .pipe(z.array(z.string().min(16, 'each API key needs at least 16 characters')));

/**
 * The environment Parley reads, with defaults. Documented in the README's configuration table and
 * `.env.example`; keep the three in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The URL customers reach this server at; tracked links are built on it. */
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  INTENTS_DIR: z.string().min(1).default('./intents'),
  FLOWS_DIR: z.string().min(1).default('./flows'),
  /** `linear` (Parley's classifier over NLP.js normalisation) or `nlpjs` (NLP.js's own network). */
  NLU_ENGINE: z.enum(['linear', 'nlpjs']).default('linear'),
  /** Default: the engine's calibrated threshold (linear 0.2, nlpjs 0.5). */
  NLU_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  NLU_LOCALE: z.string().min(2).default('en'),
  /** Training inbox: matches scoring less than this above the NLU threshold are queued for review. */
  REVIEW_BAND: z.coerce.number().min(0).max(1).default(0.15),
  /** Training inbox: share (0–1) of confident matches sampled for validation. */
  VALIDATE_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0.05),
  /** Watch INTENTS_DIR and FLOWS_DIR and retrain on change. */
  WATCH: bool.default(true),
  /** How long a flow may wait for an answer before it is abandoned. */
  FLOW_TTL_HOURS: z.coerce.number().positive().default(24),
  /** The install's currency (ISO 4217): conversions and ad spend must use it. */
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
    .default('USD'),
  /** How long the bot stays quiet after a contact asks for a human. */
  HANDOFF_MINUTES: z.coerce.number().positive().default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Our Meta app id: echoes carrying another app id are human replies from the page inbox. */
  META_APP_ID: z.string().regex(/^\d+$/, 'digits only').optional(),
  META_APP_SECRET: z.string().min(8).optional(),
  META_VERIFY_TOKEN: z.string().min(8).optional(),
  /** The token used for every page unless META_PAGE_TOKENS names one for it. */
  META_PAGE_ACCESS_TOKEN: z.string().min(8).optional(),
  /** JSON object: page or Instagram account id → access token. */
  META_PAGE_TOKENS: z
    .string()
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of page id → token' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.string().min(8)))
    .optional(),
  META_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'like v23.0')
    .default('v23.0'),
  /** Delay before the first retry of a failed send; doubles each attempt (6 attempts in all). */
  SEND_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
  /** Sends per second per page (token bucket). */
  META_SEND_RATE: z.coerce.number().positive().default(200),
  /** Allow the HUMAN_AGENT tag for human replies outside the 24-hour window (needs Meta's approval). */
  META_HUMAN_AGENT_TAG: bool.default(false),
  /** Show a typing indicator before replies. */
  META_TYPING: bool.default(false),
  /** Redis for the BullMQ queue (API and worker processes on separate machines); unset = in-process queue. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'letters, digits, "_", "." and "-"')
    .default('parley'),
  /** Ordered queues are split into this many partitions (parallelism across contacts). */
  QUEUE_PARTITIONS: z.coerce.number().int().min(1).max(256).default(16),
  /** Comma-separated origins allowed to call /v1 from a browser; unset = CORS off. */
  CORS_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url()))
    .optional(),
  /** Requests per minute per IP on public routes (tracked links). */
  PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().positive().default(300),
  /** Trust X-Forwarded-For from this many proxies (for client IPs behind a load balancer). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Comma-separated; when set, every /v1 route needs `Authorization: Bearer <key>`. */
  API_KEYS: list.optional(),
  /** Comma-separated keys that may only read (GET) /v1: analytics tools, viewers of the dashboard. */
  READ_ONLY_API_KEYS: list.optional(),
  /** MongoDB for the store (scaled deployments); unset = the SQLite file in DATA_DIR. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'a mongodb:// or mongodb+srv:// URI')
    .optional(),
  /** The MongoDB database; default: the one named in MONGODB_URI, else `parley`. */
  MONGODB_DB: z
    .string()
    .regex(/^[^/\\. "$*<>:|?]{1,63}$/, 'a MongoDB database name')
    .optional(),
});

/**
 * Each engine's shipped threshold, chosen by calibration on validation data (see the README's NLU
 * section; `LINEAR_DEFAULT_THRESHOLD` in src/nlu documents the linear one).
 */
const DEFAULT_THRESHOLDS = { linear: 0.2, nlpjs: 0.5 } as const;

/** Parley's validated, frozen configuration. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly intentsDir: string;
  readonly flowsDir: string;
  readonly nlu: { readonly engine: 'linear' | 'nlpjs'; readonly threshold: number; readonly locale: string };
  readonly watch: boolean;
  /** The training inbox's review band and validation sample rate. */
  readonly training: { readonly reviewBand: number; readonly validateSampleRate: number };
  readonly flowTtlMs: number;
  readonly handoffMs: number;
  readonly currency: string;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly apiKeys: readonly string[];
  readonly readOnlyApiKeys: readonly string[];
  /** No API keys were configured: the web chat route stays open (other /v1 routes use a generated key). */
  readonly publicChat: boolean;
  readonly http: {
    readonly corsOrigins: readonly string[];
    readonly publicRatePerMinute: number;
    readonly trustProxy: number;
  };
  /** The BullMQ queue on Redis, or null for the in-process queue. */
  readonly redis: { readonly url: string; readonly prefix: string; readonly partitions: number } | null;
  /** The MongoDB store, or null for the SQLite file in `dataDir`. */
  readonly mongo: { readonly uri: string; readonly dbName: string | null } | null;
  /** Messenger/Instagram; `webhooks` is true when the app secret and verify token are set. */
  readonly meta: {
    readonly webhooks: boolean;
    readonly appId: string | null;
    readonly appSecret: string | null;
    readonly verifyToken: string | null;
    readonly defaultToken: string | null;
    readonly pageTokens: Readonly<Record<string, string>>;
    readonly graphUrl: string;
    readonly graphVersion: string;
    readonly sendRatePerSecond: number;
    readonly retryBaseMs: number;
    readonly humanAgentTag: boolean;
    readonly typing: boolean;
  };
}

/**
 * Parses an environment into a {@link Config}. Relative directories resolve against `cwd`.
 * @throws ParleyError `config.invalid` naming every bad variable and why.
 */
export function parseConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ParleyError('config.invalid', `Invalid configuration: ${problems.join('; ')}`, {
      details: parsed.error.issues.map((i) => ({ variable: i.path.join('.'), message: i.message })),
    });
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir: path.resolve(cwd, e.DATA_DIR),
    intentsDir: path.resolve(cwd, e.INTENTS_DIR),
    flowsDir: path.resolve(cwd, e.FLOWS_DIR),
    nlu: Object.freeze({
      engine: e.NLU_ENGINE,
      threshold: e.NLU_THRESHOLD ?? DEFAULT_THRESHOLDS[e.NLU_ENGINE],
      locale: e.NLU_LOCALE,
    }),
    watch: e.WATCH,
    training: Object.freeze({ reviewBand: e.REVIEW_BAND, validateSampleRate: e.VALIDATE_SAMPLE_RATE }),
    flowTtlMs: e.FLOW_TTL_HOURS * 3_600_000,
    handoffMs: e.HANDOFF_MINUTES * 60_000,
    currency: e.CURRENCY,
    logLevel: e.LOG_LEVEL,
    apiKeys: Object.freeze(e.API_KEYS ?? []),
    readOnlyApiKeys: Object.freeze(e.READ_ONLY_API_KEYS ?? []),
    publicChat: (e.API_KEYS ?? []).length === 0 && (e.READ_ONLY_API_KEYS ?? []).length === 0,
    http: Object.freeze({
      corsOrigins: Object.freeze(e.CORS_ORIGINS ?? []),
      publicRatePerMinute: e.PUBLIC_RATE_PER_MINUTE,
      trustProxy: e.TRUST_PROXY,
    }),
    redis: e.REDIS_URL
      ? Object.freeze({ url: e.REDIS_URL, prefix: e.REDIS_PREFIX, partitions: e.QUEUE_PARTITIONS })
      : null,
    mongo: e.MONGODB_URI ? Object.freeze({ uri: e.MONGODB_URI, dbName: e.MONGODB_DB ?? null }) : null,
    meta: Object.freeze({
      webhooks: e.META_APP_SECRET !== undefined && e.META_VERIFY_TOKEN !== undefined,
      appId: e.META_APP_ID ?? null,
      appSecret: e.META_APP_SECRET ?? null,
      verifyToken: e.META_VERIFY_TOKEN ?? null,
      defaultToken: e.META_PAGE_ACCESS_TOKEN ?? null,
      pageTokens: Object.freeze({ ...e.META_PAGE_TOKENS }),
      graphUrl: e.META_GRAPH_URL.replace(/\/+$/, ''),
      graphVersion: e.META_GRAPH_VERSION,
      sendRatePerSecond: e.META_SEND_RATE,
      retryBaseMs: e.SEND_RETRY_BASE_MS,
      humanAgentTag: e.META_HUMAN_AGENT_TAG,
      typing: e.META_TYPING,
    }),
  });
}

/** Values of a `.env` file in `cwd`, or nothing when there is none. */
function readDotEnv(cwd: string): Record<string, string> {
  const file = path.join(cwd, '.env');
  if (!fs.existsSync(file)) return {};
  return parseEnv(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

/**
 * Reads the configuration once: a `.env` file in the working directory (if any), then the process
 * environment (which wins), then `overrides` (command-line flags). The only reader of `process.env`.
 */
export function loadConfig(overrides: Record<string, string | undefined> = {}): Config {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return parseConfig({ ...readDotEnv(process.cwd()), ...process.env, ...given });
}
