import { Router } from 'express';
import {
  assignRequestSchema,
  createIntentRequestSchema,
  inboxQuerySchema,
  textsRequestSchema,
  trainingReportQuerySchema,
  validateRequestSchema,
} from '../../training';
import type { TrainingService } from '../../training';

/** What the training routes need. */
export interface TrainingRouteDeps {
  /** The training inbox; absent → the routes answer 404. */
  readonly training?: TrainingService;
}

/**
 * The training inbox (`GET /v1/training/inbox`, `GET /v1/training/intents`, `GET /v1/training/report`)
 * and its actions (`POST /v1/training/inbox/{assign,create-intent,ignore,validate,reopen}`). Actions
 * that write an intent file carry its version and answer 409 when it is stale; they resolve after the
 * retrained model is serving.
 */
export function trainingRoutes(deps: TrainingRouteDeps): Router {
  const router = Router();
  const training = deps.training;
  if (!training) return router;
  router.get('/training/inbox', async (req, res) => {
    res.json(await training.inbox(inboxQuerySchema.parse(req.query)));
  });
  router.get('/training/intents', async (_req, res) => {
    res.json(await training.intents());
  });
  router.get('/training/report', async (req, res) => {
    res.json(await training.report(trainingReportQuerySchema.parse(req.query)));
  });
  router.post('/training/inbox/assign', async (req, res) => {
    res.json(await training.assign(assignRequestSchema.parse(req.body)));
  });
  router.post('/training/inbox/create-intent', async (req, res) => {
    res.status(201).json(await training.createIntent(createIntentRequestSchema.parse(req.body)));
  });
  router.post('/training/inbox/ignore', async (req, res) => {
    res.json(await training.ignore(textsRequestSchema.parse(req.body)));
  });
  router.post('/training/inbox/validate', async (req, res) => {
    res.json(await training.validate(validateRequestSchema.parse(req.body)));
  });
  router.post('/training/inbox/reopen', async (req, res) => {
    res.json(await training.reopen(textsRequestSchema.parse(req.body)));
  });
  return router;
}
