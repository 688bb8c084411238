export { computeMetrics } from './compute-metrics';
export type { Confusion, EvaluationMetrics, IntentMetrics, MetricsOptions } from './compute-metrics';
export { crossValidate } from './cross-validate';
export type { CrossValidationDeps, CrossValidationOptions } from './cross-validate';
export { DEFAULT_TARGET_PRECISION, evaluateDataset } from './evaluate-dataset';
export type { DatasetEvaluation, DatasetEvaluationDeps, DatasetEvaluationInput } from './evaluate-dataset';
export { peakRssMb, percentile, summarizeLatency } from './latency';
export type { LatencySummary } from './latency';
export {
  DATASET_NONE_INTENT,
  datasetSplit,
  datasetTrainingCorpus,
  loadNluDataset,
  nluDatasetSchema,
  parseNluDataset,
} from './nlu-dataset';
export type { ExpectedText, NluDataset } from './nlu-dataset';
export { proposeThreshold } from './propose-threshold';
export type { ThresholdOptions, ThresholdProposal } from './propose-threshold';
export { predictedIntent } from './scored-item';
export type { ScoredItem } from './scored-item';
export { scoreItems } from './score-items';
export type { ScoredRun } from './score-items';
export { stratifiedFolds } from './stratified-folds';
export type { Fold, FoldOptions } from './stratified-folds';
