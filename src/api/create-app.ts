import express from 'express';
import type { Express } from 'express';
import type { Logger as PinoLogger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { BotSource } from '../runtime';
import type { Store } from '../store';
import { errorHandler, notFound } from './middleware/errors';
import type { ProtectionOptions } from './middleware/protection';
import { corsFor, publicRateLimit, securityHeaders, webhookAbuseLimit } from './middleware/protection';
import { requireApiKey } from './middleware/require-api-key';
import { requireJson } from './middleware/require-json';
import { createRefusalLimiter } from './middleware/refusal-limiter';
import { requestIdOf } from './middleware/request-id';
import type { ChatRouteDeps } from './routes/chat-routes';
import { chatRoutes } from './routes/chat-routes';
import type { ContactRouteDeps, DataDeletionDeps } from './routes/data-deletion-routes';
import { contactRoutes, dataDeletionRoutes } from './routes/data-deletion-routes';
import type { ConversationRouteDeps } from './routes/conversation-routes';
import { conversationRoutes } from './routes/conversation-routes';
import { healthRoutes } from './routes/health-routes';
import { metricsRoutes } from './routes/metrics-routes';
import type { ListRouteDeps } from './routes/list-routes';
import { listRoutes } from './routes/list-routes';
import { attachFastRoutes } from './request-listener';
import { createMetaWebhookHandler } from './routes/meta-webhook-handler';
import type { MetaWebhookDeps } from './routes/meta-webhook-routes';
import { metaWebhookRoutes } from './routes/meta-webhook-routes';
import type { LinkRouteDeps } from './routes/link-routes';
import { linkRoutes } from './routes/link-routes';
import type { ConversionRouteDeps } from './routes/conversion-routes';
import { conversionRoutes } from './routes/conversion-routes';
import { flowAnalyticsRoutes } from './routes/flow-analytics-routes';
import { kpiRoutes } from './routes/kpi-routes';
import { openApiRoutes } from './routes/openapi-routes';
import type { TrainingRouteDeps } from './routes/training-routes';
import { trainingRoutes } from './routes/training-routes';
import { dashboardRoutes } from './routes/dashboard-routes';
import { intentQualityRoutes } from './routes/intent-quality-routes';
import type { NluEngine } from '../nlu';

/** Everything the HTTP app needs; the composition root builds it. */
export interface AppDeps
  extends
    ChatRouteDeps,
    LinkRouteDeps,
    ConversionRouteDeps,
    ListRouteDeps,
    ConversationRouteDeps,
    ContactRouteDeps,
    TrainingRouteDeps {
  /** Messenger/Instagram webhooks; absent when the app secret and verify token are not configured. */
  readonly metaWebhook?: MetaWebhookDeps;
  /** Meta's data deletion callback and status page (with the webhooks). */
  readonly dataDeletion?: DataDeletionDeps;
  readonly store: Store;
  readonly bot: BotSource;
  readonly logger: PinoLogger;
  /** CORS, rate limits, proxies (defaults: CORS off, 300 public requests/min/IP, no proxy). */
  readonly protection?: Partial<ProtectionOptions> & { readonly trustProxy?: number };
  /**
   * `POST /v1/chat` answers without a key (the web channel, when no API_KEYS are configured; the other
   * `/v1` routes still need the generated admin key).
   */
  readonly publicChat?: boolean;
  /** Keys that may only read (`GET`) under `/v1` — for analytics tools and viewers. */
  readonly readOnlyKeys?: readonly string[];
  /** When non-empty, every `/v1` route needs one of these as a Bearer token. */
  readonly apiKeys: readonly string[];
  /** The engine the bot trains with (cross-validation report); default: the linear engine. */
  readonly nluEngine?: NluEngine;
  /** The built dashboard; default `<package root>/dist-dashboard`. */
  readonly dashboardDir?: string;
}

/** JSON bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT = '64kb';

/**
 * Builds the express app: request ids and structured request logs, health routes, the `/v1` API
 * (behind the API key), a JSON 404 and one error handler that maps errors to HTTP. Meta webhook
 * events (`POST /webhooks/meta`) are mounted first and also recorded as a fast route: serve the app
 * through `createRequestListener(app)` to let them skip express entirely.
 */
export function createApp(deps: AppDeps): Express {
  const protection = {
    corsOrigins: deps.protection?.corsOrigins ?? [],
    publicRatePerMinute: deps.protection?.publicRatePerMinute ?? 300,
  };
  const trustedHops = deps.protection?.trustProxy ?? 0;
  const webhookLimiter = createRefusalLimiter();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustedHops);
  if (deps.metaWebhook) {
    // The bulk of the traffic: served first, without the per-request middleware below (the handler
    // reads, limits, logs and answers on its own).
    const handler = createMetaWebhookHandler({ ...deps.metaWebhook, limiter: webhookLimiter, trustedHops });
    app.post('/webhooks/meta', (req, res) => handler(req, res));
    attachFastRoutes(app, [{ method: 'POST', path: '/webhooks/meta', handler }]);
  }
  app.use(securityHeaders());
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = requestIdOf(req);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Acknowledged webhooks are the bulk of the traffic: log them at debug only.
      customLogLevel: (req, res, error) => {
        if (error || res.statusCode >= 500) return 'error';
        return res.statusCode < 400 && req.url?.startsWith('/webhooks/') ? 'debug' : 'info';
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // Tracked-link tokens are bearer-like: keep them out of request logs.
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({
          id: req.id,
          method: req.method,
          url: req.url.replace(/^\/r\/[^/?#]+/, '/r/[token]'),
        }),
      },
    }),
  );
  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use('/r', publicRateLimit(protection));
  app.use(linkRoutes(deps));
  app.use(openApiRoutes());
  app.use(dashboardRoutes(deps));
  // The other webhook routes; refusals count together with those of the event handler.
  app.use('/webhooks', webhookAbuseLimit(webhookLimiter, trustedHops));
  if (deps.metaWebhook) app.use(metaWebhookRoutes(deps.metaWebhook));
  if (deps.dataDeletion) app.use(dataDeletionRoutes(deps.dataDeletion));
  const v1 = express.Router();
  if (deps.publicChat) {
    // The web channel is a channel, not an admin API: open until API_KEYS are configured.
    v1.post('/chat', requireJson, express.json({ limit: BODY_LIMIT }), chatRoutes(deps));
  }
  v1.use(requireApiKey({ admin: deps.apiKeys, readOnly: deps.readOnlyKeys ?? [] }));
  v1.use(requireJson);
  v1.use(express.json({ limit: BODY_LIMIT }));
  v1.use(chatRoutes(deps));
  v1.use(kpiRoutes(deps));
  v1.use(flowAnalyticsRoutes(deps));
  v1.use(conversionRoutes(deps));
  v1.use(contactRoutes(deps));
  v1.use(listRoutes(deps));
  v1.use(conversationRoutes(deps));
  v1.use(trainingRoutes(deps));
  v1.use(intentQualityRoutes({ ...deps, ...(deps.nluEngine ? { engine: deps.nluEngine } : {}) }));
  app.use('/v1', corsFor(protection), v1);
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
