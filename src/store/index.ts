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
