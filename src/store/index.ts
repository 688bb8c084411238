export { QUERY_LIMITS, resolveQueryLimit } from './store';
export type {
  ContactKey,
  DeadJob,
  DeliveryUpdate,
  JobStore,
  StoredJob,
  EventQuery,
  MessageQuery,
  Store,
  Turn,
  TurnRejection,
} from './store';
export { createSqliteStore, sqliteMigrations } from './sqlite';
export type { SqliteMigration, SqliteStoreOptions } from './sqlite';
export { createMongoStore, databaseOfUri, redactMongoUri } from './mongo';
export type { MongoStoreOptions } from './mongo';
export { TRANSFER_KINDS, transferRecordSchema } from './transfer-store';
export type { TransferKind, TransferPage, TransferRecord, TransferStore } from './transfer-store';
export { TRANSFER_FORMAT_VERSION, exportStore, transferHeaderSchema } from './export-store';
export type { ExportOptions, TransferCounts, TransferHeader } from './export-store';
export { importStore } from './import-store';
export type { ImportOptions, ImportSummary } from './import-store';
export {
  DERIVED_METRICS,
  KPI_DIMENSIONS,
  RESPONSE_BINS_PER_OCTAVE,
  ROLLUP_QUARTER_MS,
  responseBinMetric,
  responseBinValue,
  responseTimeBin,
} from './analytics-store';
export type {
  AnalyticsStore,
  CounterQuery,
  CounterSum,
  DimensionFilter,
  DistinctCount,
  DistinctQuery,
  DuplicateConversion,
  KpiDimension,
  Population,
  SpendEntry,
  SpendQuery,
  TimeRange,
  UnmatchedText,
} from './analytics-store';
export type {
  Broadcast,
  BroadcastProgress,
  BroadcastSpec,
  ContactFilter,
  ContactList,
  ListStore,
  SkipReason,
} from './list-store';
export type {
  InboxAction,
  InboxDecision,
  InboxDecisionQuery,
  InboxStatus,
  InboxStore,
  InboxVerdict,
} from './inbox-store';
