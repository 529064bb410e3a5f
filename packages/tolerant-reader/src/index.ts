// Public API of @accord/tolerant-reader: tolerant reading of events and HTTP bodies across version skew.
export {
  type CatalogContract,
  type CatalogSource,
  type CompatibilityMode,
  type ContractKind,
  type InlineContract,
  inlineCatalog,
  type JsonSchema,
} from './catalog.js';
export { defaultCatalog } from './default-catalog.js';
export {
  isReadError,
  READ_ERROR_CODES,
  ReadError,
  type ReadErrorCode,
  type ReadErrorInit,
} from './errors.js';
export {
  createEventReader,
  type EventReader,
  type EventReaderOptions,
  type EventUnion,
} from './event-reader.js';
export { isJsonContentType, type ResponseReadOptions, readResponse } from './http.js';
export { createMemoryIdempotencyStore, type MemoryIdempotencyStoreOptions } from './idempotency/memory.js';
export {
  createPostgresIdempotencyStore,
  idempotencyMigrationSql,
  migrateIdempotencyStore,
  type Queryable,
} from './idempotency/postgres.js';
export {
  type ClaimOptions,
  type ClaimOutcome,
  type IdempotencyStore,
  type ProcessOnceOptions,
  type ProcessOutcome,
  processOnce,
} from './idempotency/store.js';
export {
  createReader,
  type Reader,
  type ReaderOptions,
  type ReadOptions,
  type ReadPath,
  type ReadResult,
  type TypedReaderOptions,
} from './reader.js';
export type { UnknownProperty } from './schema/projector.js';
export type {
  ContractName,
  ContractType,
  ContractTypes,
  UntypedUpcasterRegistry,
  Upcaster,
  UpcasterRegistry,
  VersionOf,
  WithPassThrough,
} from './types.js';
