// Public API of @accord/db: the storage types, the PGlite and PostgreSQL adapters, migrations, the data folder lock.
export {
  acquireDataDirLock,
  type DataDirHolder,
  type DataDirLock,
  describeHolder,
  LOCK_FILE,
  readDataDirHolder,
} from './data-dir-lock.js';
export { DbError, type DbErrorCode, isDbError } from './errors.js';
export { loadMigrations, type MigrateOptions, type MigrationFile, migrate } from './migrate.js';
export { type OpenDbOptions, openDb } from './open.js';
export { openPglite, type PgliteDb, type PgliteOptions } from './pglite.js';
export { openPostgres, type PostgresOptions, redactUrl } from './postgres.js';
export type { Db, MigratableDb, PoolStats, Queryable, QueryResult } from './types.js';
