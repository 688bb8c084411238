import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { conversionRequestSchema, kpiQuerySchema, rangeQuerySchema, spendRequestSchema } from '../analytics';
import { chatRequestSchema } from '../channels';
import { campaignIdParamsSchema, campaignsQuerySchema } from './routes/conversion-routes';
import { flowIdParamsSchema } from './routes/flow-analytics-routes';
import {
  assignRequestSchema,
  createIntentRequestSchema,
  inboxQuerySchema,
  textsRequestSchema,
  trainingReportQuerySchema,
  validateRequestSchema,
} from '../training';
import { intentStatsQuerySchema, kpiBreakdownQuerySchema, kpiNameParamsSchema } from './routes/kpi-routes';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const json = (description: string, schema: z.ZodType = z.record(z.string(), z.unknown())) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  400: json('Invalid request (code api.bad_request or analytics.*)', errorSchema),
  401: json('Missing or wrong API key', errorSchema),
};
const kpiValue = z.object({ value: z.number().nullable(), numerator: z.number(), denominator: z.number() });
const bearer = [{ apiKey: [] as string[] }];

/**
 * The OpenAPI 3.0 document of the HTTP API, generated from the same zod schemas the routes validate
 * with, so the two cannot drift. Served at `GET /openapi.json`.
 */
export function buildOpenApiDocument(version: string): ReturnType<OpenApiGeneratorV3['generateDocument']> {
  const r = new OpenAPIRegistry();
  r.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer' });
  r.registerPath({ method: 'get', path: '/healthz', summary: 'Liveness', responses: { 200: json('Up') } });
  r.registerPath({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: a model is loaded and the store answers',
    responses: { 200: json('Ready'), 503: json('Not ready') },
  });
  r.registerPath({
    method: 'get',
    path: '/r/{token}',
    summary: 'Tracked link: logs a click and redirects with UTM parameters',
    request: { params: z.object({ token: z.string() }) },
    responses: {
      302: { description: 'Redirect to the destination' },
      404: { description: 'Unknown link (HTML page)' },
    },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/chat',
    summary: 'Web channel: send a message, get the replies',
    security: bearer,
    request: { body: { content: { 'application/json': { schema: chatRequestSchema } } } },
    responses: {
      200: json('The replies and the NLU result'),
      409: json('Message already processed', errorSchema),
      ...errors,
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/kpis',
    summary: 'Every KPI of docs/kpis.md over a range, with series and optional previous period',
    security: bearer,
    request: { query: kpiQuerySchema },
    responses: {
      200: json(
        'KPIs: { range, kpis, series, previous? }; each KPI { value, numerator, denominator }',
        z.object({ kpis: z.record(z.string(), kpiValue) }),
      ),
      ...errors,
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/kpis/{name}',
    summary: 'One KPI broken down by a dimension',
    security: bearer,
    request: { params: kpiNameParamsSchema, query: kpiBreakdownQuerySchema },
    responses: { 200: json('{ kpi, by, range, rows: [{ key, kpi }] }'), ...errors },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/flows/{id}/funnel',
    summary: 'Users per step, drop-offs, completions, goals of a flow',
    security: bearer,
    request: { params: flowIdParamsSchema, query: rangeQuerySchema },
    responses: { 200: json('The funnel'), ...errors },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/flows/{id}/variants',
    summary: 'Per A/B variant: users, clicks, CTR, conversions, conversion rate',
    security: bearer,
    request: { params: flowIdParamsSchema, query: rangeQuerySchema },
    responses: { 200: json('The variants'), ...errors },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/intents/stats',
    summary: 'Per intent: matches, share, mean score; top unmatched texts',
    security: bearer,
    request: { query: intentStatsQuerySchema },
    responses: { 200: json('Intent statistics'), ...errors },
  });
  r.registerPath({
    method: 'post',
    path: '/v1/conversions',
    summary: 'Report a conversion (idempotent by key)',
    security: bearer,
    request: { body: { content: { 'application/json': { schema: conversionRequestSchema } } } },
    responses: {
      201: json('Recorded'),
      200: json('Already recorded under this idempotency key'),
      404: json('Unknown contact or link token', errorSchema),
      ...errors,
    },
  });
  r.registerPath({
    method: 'put',
    path: '/v1/campaigns/{id}/spend',
    summary: "Set a campaign's ad spend on a day",
    security: bearer,
    request: {
      params: campaignIdParamsSchema,
      body: { content: { 'application/json': { schema: spendRequestSchema } } },
    },
    responses: { 200: json('Saved'), ...errors },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/campaigns',
    summary: 'Campaigns (entry points) with referrals, conversions, value, spend, cost per conversion, ROAS',
    security: bearer,
    request: { query: campaignsQuerySchema },
    responses: { 200: json('Campaigns'), ...errors },
  });
  registerTrainingPaths(r);
  r.registerPath({
    method: 'get',
    path: '/v1/intents/cross-validation',
    summary: "Stratified 5-fold cross-validation of the serving bot's intents (cached per model version)",
    security: bearer,
    responses: {
      200: json('{ version, folds, examples, computedAt, metrics }'),
      503: json('No model loaded yet', errorSchema),
      ...errors,
    },
  });
  return new OpenApiGeneratorV3(r.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Parley API',
      version,
      description: 'Conversation engine, analytics and conversion APIs.',
    },
  });
}

/** The training inbox routes (`/v1/training/*`). */
function registerTrainingPaths(r: OpenAPIRegistry): void {
  const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
  const writeErrors = {
    404: json('Unknown intent (training.unknown_intent)', errorSchema),
    409: json(
      'Stale file version (training.stale_version), intent exists, or utterance of another intent',
      errorSchema,
    ),
    422: json('The edit would make the intent files invalid (training.invalid_edit)', errorSchema),
    ...errors,
  };
  r.registerPath({
    method: 'get',
    path: '/v1/training/inbox',
    summary: 'Unmatched, review-band and sampled matched messages: items by normalised text, clusters',
    security: bearer,
    request: { query: inboxQuerySchema },
    responses: { 200: json('{ entries, nextCursor, total, counts, modelVersion }'), ...errors },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/training/intents',
    summary: 'Intent files with their versions (SHA-256 of the bytes) and their intents',
    security: bearer,
    responses: {
      200: json('{ files: [{ file, version }], intents: [{ intent, file, utterances }] }'),
      ...errors,
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/training/report',
    summary: 'Matched rate per model version, validated precision with sample size, inbox counts',
    security: bearer,
    request: { query: trainingReportQuerySchema },
    responses: { 200: json('{ range, models, validation, inbox }'), ...errors },
  });
  const actions: [string, string, z.ZodType][] = [
    ['assign', 'Add texts as utterances of an existing intent (retrains)', assignRequestSchema],
    ['create-intent', 'Create an intent from texts with an answer (retrains)', createIntentRequestSchema],
    ['ignore', 'Ignore items', textsRequestSchema],
    [
      'validate',
      'Mark matched items correct or wrong (optionally assign the right intent)',
      validateRequestSchema,
    ],
    ['reopen', 'Reopen decided items', textsRequestSchema],
  ];
  for (const [action, summary, schema] of actions) {
    r.registerPath({
      method: 'post',
      path: `/v1/training/inbox/${action}`,
      summary,
      security: bearer,
      request: body(schema),
      responses: {
        [action === 'create-intent' ? 201 : 200]: json('{ keys, file?, modelVersion? }'),
        ...writeErrors,
      },
    });
  }
}
