import { Router } from 'express';
import { ParleyError } from '../../core';
import type { EvaluationMetrics, NluEngine } from '../../nlu';
import { computeMetrics, createLinearEngine, crossValidate } from '../../nlu';
import type { Bot, BotSource } from '../../runtime';

/** What the intent quality route needs. */
export interface IntentQualityRouteDeps {
  readonly bot: BotSource;
  /** The engine the bot is trained with (default: the linear engine). */
  readonly engine?: NluEngine;
  /** The locale of the intent files (default `en`). */
  readonly locale?: string;
  readonly now: () => number;
}

/** The answer of `GET /v1/intents/cross-validation`. */
export interface CrossValidationReport {
  /** The model version the report is for. */
  readonly version: string;
  readonly folds: number;
  readonly examples: number;
  /** When it was computed (ISO 8601); it is cached until the model changes. */
  readonly computedAt: string;
  readonly metrics: EvaluationMetrics;
}

const FOLDS = 5;

/**
 * `GET /v1/intents/cross-validation`: stratified 5-fold cross-validation of the serving bot's intents
 * at its threshold (precision, recall, F1 per intent, the most frequent confusions). Computed on the
 * first request for a model version and cached until the bot is reloaded with another one.
 */
export function intentQualityRoutes(deps: IntentQualityRouteDeps): Router {
  const router = Router();
  const engine = deps.engine ?? createLinearEngine();
  let cached: { version: string; report: Promise<CrossValidationReport> } | null = null;

  const compute = async (bot: Bot): Promise<CrossValidationReport> => {
    const examples = [...bot.intents].flatMap(([intent, def]) =>
      def.utterances.map((text) => ({ text, intent })),
    );
    const items = await crossValidate(
      { locale: deps.locale ?? 'en', examples },
      { folds: FOLDS, seed: 1 },
      { engine },
    );
    return {
      version: bot.version,
      folds: FOLDS,
      examples: examples.length,
      computedAt: new Date(deps.now()).toISOString(),
      metrics: computeMetrics(items, { threshold: bot.matcher.threshold }),
    };
  };

  router.get('/intents/cross-validation', async (_req, res) => {
    const bot = deps.bot.current();
    if (!bot) throw new ParleyError('nlu.not_ready', 'No model is loaded yet.');
    if (cached?.version !== bot.version) {
      const report = compute(bot);
      cached = { version: bot.version, report };
      // A failed run is not cached: the next request tries again.
      report.catch(() => {
        if (cached?.report === report) cached = null;
      });
    }
    res.json(await cached.report);
  });
  return router;
}
