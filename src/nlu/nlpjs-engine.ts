import { createRequire } from 'node:module';
import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { Nlp } from '@nlpjs/nlp';
import { z } from 'zod';
import { ParleyError } from '../core';
import type { IntentScore } from '../core';
import type { NluEngine, TrainedModel, TrainingCorpus, TrainingProgress } from './nlu-engine';
import type { NluLogger } from './nlu-logger';
import { silentNluLogger } from './nlu-logger';
import nlpPackage from '@nlpjs/nlp/package.json';
import langEnPackage from '@nlpjs/lang-en-min/package.json';

/** Options of {@link createNlpjsEngine}. */
export interface NlpjsEngineOptions {
  /**
   * NLP.js language plugins by two-letter code, for locales other than English (which is built in):
   * `{ fr: LangFr }` from `@nlpjs/lang-fr`. Without one, the engine tries to load `@nlpjs/lang-<code>`
   * and fails with `nlu.unsupported_locale` when it is not installed.
   */
  readonly languages?: Readonly<Record<string, unknown>>;
  /** Receives NLP.js's own warnings (`nlu.nlpjs.warn`), such as an utterance made only of stop words. */
  readonly logger?: NluLogger;
}

const FORMAT = 'parley.nlpjs/1';
/** NLP.js's neural network stops at this many epochs at the latest; progress is reported against it. */
const MAX_EPOCHS = 20_000;
/** NLP.js's own name for "no intent"; never surfaced, but out-of-scope examples train it. */
const NONE = 'None';

const serializedSchema = z.object({
  format: z.literal(FORMAT),
  locale: z.string().min(2),
  intents: z.array(z.string()),
  nlp: z.record(z.string(), z.unknown()),
});

/**
 * The {@link NluEngine} backed by NLP.js (`@nlpjs/nlp`, neural classifier). Its models return the
 * raw score of every trained intent, best first: NLP.js's below-threshold rewrite to `None` (score 1)
 * is never surfaced, and intents NLP.js left out score 0. Negatives of the corpus train NLP.js's
 * `None` class. `serialize` is `{ format, locale, intents, nlp: <nlp.export()> }` as JSON.
 * Training and loading throw `ParleyError`: `nlu.unsupported_locale` (no language plugin),
 * `nlu.training_failed`, `nlu.model_corrupt`.
 */
export function createNlpjsEngine(options: NlpjsEngineOptions = {}): NluEngine {
  const logger = options.logger ?? silentNluLogger;
  const deps: EngineDeps = { logger, languages: options.languages ?? {} };
  return {
    name: 'nlpjs',
    settingsKey: `nlp@${nlpPackage.version};lang-en-min@${langEnPackage.version};${FORMAT}`,
    train: (corpus, onProgress) => train(corpus, deps, onProgress),
    load: (serialized) => load(serialized, deps),
  };
}

interface EngineDeps {
  readonly logger: NluLogger;
  readonly languages: Readonly<Record<string, unknown>>;
}

async function train(
  corpus: TrainingCorpus,
  deps: EngineDeps,
  onProgress?: TrainingProgress,
): Promise<TrainedModel> {
  if (corpus.examples.length === 0) {
    throw new ParleyError('nlu.training_failed', 'Cannot train NLP.js on an empty corpus');
  }
  const language = languageOf(corpus.locale);
  const nlp = createNlp(language, deps, (status) =>
    onProgress?.(Math.min(status.iterations, MAX_EPOCHS), MAX_EPOCHS),
  );
  for (const { text, intent } of corpus.examples) nlp.addDocument(language, text, intent);
  for (const text of corpus.negatives ?? []) nlp.addDocument(language, text, NONE);
  try {
    await nlp.train();
  } catch (cause) {
    throw new ParleyError('nlu.training_failed', `NLP.js training failed: ${messageOf(cause)}`, { cause });
  }
  onProgress?.(MAX_EPOCHS, MAX_EPOCHS);
  const intents = [...new Set(corpus.examples.map((e) => e.intent))];
  return nlpjsModel(nlp, corpus.locale, intents);
}

async function load(serialized: string, deps: EngineDeps): Promise<TrainedModel> {
  let parsed: z.infer<typeof serializedSchema>;
  try {
    parsed = serializedSchema.parse(JSON.parse(serialized));
  } catch (cause) {
    throw new ParleyError('nlu.model_corrupt', `Not a serialized NLP.js model (${FORMAT})`, { cause });
  }
  const language = languageOf(parsed.locale);
  const nlp = createNlp(language, deps);
  try {
    nlp.import(parsed.nlp);
  } catch (cause) {
    throw new ParleyError('nlu.model_corrupt', `NLP.js could not import the model: ${messageOf(cause)}`, {
      cause,
    });
  }
  return nlpjsModel(nlp, parsed.locale, parsed.intents);
}

function nlpjsModel(nlp: Nlp, locale: string, intents: readonly string[]): TrainedModel {
  const language = languageOf(locale);
  return {
    async classify(text: string): Promise<readonly IntentScore[]> {
      const output = await nlp.classify(language, text);
      const scores = new Map<string, number>(intents.map((intent) => [intent, 0]));
      for (const { intent, score } of output.classifications ?? []) {
        if (scores.has(intent) && Number.isFinite(score)) scores.set(intent, score);
      }
      return [...scores]
        .map(([intent, score]) => ({ intent, score }))
        .sort((a, b) => b.score - a.score || (a.intent < b.intent ? -1 : 1));
    },
    serialize(): string {
      const head = JSON.stringify({ format: FORMAT, locale, intents });
      return `${head.slice(0, -1)},"nlp":${nlp.export(true)}}`;
    },
  };
}

interface EpochStatus {
  readonly iterations: number;
}

function createNlp(
  language: string,
  deps: EngineDeps,
  onEpoch: (status: EpochStatus) => void = () => undefined,
): Nlp {
  const container = containerBootstrap();
  // NLP.js logs through the container's `logger` (console by default); route it to ours.
  container.register('logger', nlpjsLogger(deps.logger), true);
  container.use(languagePlugin(language, deps.languages));
  // `nlu.log` as a function replaces NLP.js's per-epoch console log; autoSave/autoLoad off: no model.nlp file.
  return new Nlp(
    { container, autoSave: false, autoLoad: false, languages: [language], nlu: { log: onEpoch } },
    container,
  );
}

function languagePlugin(language: string, given: Readonly<Record<string, unknown>>): unknown {
  if (given[language] !== undefined) return given[language];
  if (language === 'en') return LangEn;
  const packageName = `@nlpjs/lang-${language}`;
  try {
    // Optional peer: only loaded when a corpus uses that language.
    const plugins = createRequire(__filename)(packageName) as Record<string, unknown>;
    const plugin = plugins[`Lang${language[0]?.toUpperCase() ?? ''}${language.slice(1)}`];
    if (plugin !== undefined) return plugin;
  } catch {
    // Reported below with the fix.
  }
  throw new ParleyError(
    'nlu.unsupported_locale',
    `NLU locale "${language}" needs the NLP.js language package ${packageName} (npm install ${packageName}), or a plugin in the engine's "languages" option`,
    { details: { locale: language, package: packageName } },
  );
}

function languageOf(locale: string): string {
  const language = locale.slice(0, 2).toLowerCase();
  if (!/^[a-z]{2}$/.test(language)) {
    throw new ParleyError('nlu.unsupported_locale', `"${locale}" is not a locale such as "en" or "en-US"`);
  }
  return language;
}

function nlpjsLogger(logger: NluLogger): Record<string, unknown> {
  const forward =
    (level: keyof NluLogger) =>
    (...args: unknown[]) =>
      logger[level]({ message: args.map(String).join(' ') }, `nlu.nlpjs.${level}`);
  return {
    name: 'logger',
    trace: forward('debug'),
    debug: forward('debug'),
    log: forward('info'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    fatal: forward('error'),
  };
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
