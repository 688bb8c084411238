export { buildIntentMatcher } from './build-intent-matcher';
export type { BuildIntentMatcherInput, BuiltIntentMatcher } from './build-intent-matcher';
export { createIntentMatcher } from './create-intent-matcher';
export type { IntentMatcherDeps } from './create-intent-matcher';
export { catalogToCorpus } from './intent-catalog';
export type { CatalogFile, CatalogIntent, IntentCatalog } from './intent-catalog';
export {
  answerQuickReplySchema,
  answerSchema,
  intentActionSchema,
  intentDefinitionSchema,
  intentFileSchema,
} from './intent-file';
export type { Answer, AnswerQuickReply, IntentAction, IntentDefinition, IntentFile } from './intent-file';
export { formatIntentProblem, intentProblemsError } from './intent-file-problem';
export type { IntentFileProblem, IntentFileProblemCode } from './intent-file-problem';
export type { IntentMatcher } from './intent-matcher';
export { loadIntents } from './load-intents';
export { createModelCache } from './model-cache';
export type { ModelCache, ModelCacheOptions } from './model-cache';
export { modelCacheKey } from './model-cache-key';
export { createNlpjsEngine } from './nlpjs-engine';
export type { NlpjsEngineOptions } from './nlpjs-engine';
export type {
  NluEngine,
  TrainedModel,
  TrainingCorpus,
  TrainingExample,
  TrainingProgress,
} from './nlu-engine';
export { silentNluLogger } from './nlu-logger';
export type { NluLogger } from './nlu-logger';
export { hasWordCharacters, normalizeUtterance } from './normalize-utterance';
export { parseIntentFiles } from './parse-intent-files';
export type { IntentFileSource } from './parse-intent-files';
export {
  createLinearEngine,
  LINEAR_DEFAULT_THRESHOLD,
  linearModelPayloadSchema,
  linearSettingsSchema,
} from './linear';
export type {
  LinearEngineDeps,
  LinearEngineOptions,
  LinearModel,
  LinearModelPayload,
  LinearSettings,
} from './linear';
export {
  computeMetrics,
  crossValidate,
  DATASET_NONE_INTENT,
  datasetSplit,
  datasetTrainingCorpus,
  DEFAULT_TARGET_PRECISION,
  evaluateDataset,
  loadNluDataset,
  nluDatasetSchema,
  parseNluDataset,
  peakRssMb,
  percentile,
  predictedIntent,
  proposeThreshold,
  scoreItems,
  stratifiedFolds,
  summarizeLatency,
} from './evaluate';
export type {
  Confusion,
  CrossValidationDeps,
  CrossValidationOptions,
  DatasetEvaluation,
  DatasetEvaluationDeps,
  DatasetEvaluationInput,
  EvaluationMetrics,
  ExpectedText,
  Fold,
  FoldOptions,
  IntentMetrics,
  LatencySummary,
  MetricsOptions,
  NluDataset,
  ScoredItem,
  ScoredRun,
  ThresholdOptions,
  ThresholdProposal,
} from './evaluate';
