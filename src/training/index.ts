export { clusterTexts } from './cluster-texts';
export { contactInboxKeys } from './contact-inbox-keys';
export type { ClusterOptions, ClusterText } from './cluster-texts';
export { kindOf } from './build-inbox';
export type { InboxEntry, InboxItem, KindRules } from './build-inbox';
export {
  fileVersion,
  insertIntent,
  insertUtterances,
  readIntentDirectory,
  resolveIntentFile,
  writeFileAtomic,
} from './intent-file-writer';
export type { IntentDirectory, IntentFileText } from './intent-file-writer';
export { findJsonArray } from './json-array-span';
export type { JsonArraySpan } from './json-array-span';
export { scanNluMessages } from './scan-nlu-messages';
export type { OptionalRange, ScanScope } from './scan-nlu-messages';
export { createTrainingService, DEFAULT_NEW_INTENT_FILE } from './training-service';
export type {
  ActionResult,
  InboxPage,
  ReloadOutcome,
  TrainingDeps,
  TrainingIntent,
  TrainingIntents,
  TrainingReport,
  TrainingService,
} from './training-service';
export {
  assignRequestSchema,
  createIntentRequestSchema,
  inboxKindSchema,
  inboxQuerySchema,
  textsRequestSchema,
  trainingReportQuerySchema,
  validateRequestSchema,
} from './training-schemas';
export type {
  AssignRequest,
  CreateIntentRequest,
  InboxKind,
  InboxQuery,
  TextsRequest,
  TrainingReportQuery,
  ValidateRequest,
} from './training-schemas';
