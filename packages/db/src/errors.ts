// The package's one error class: a stable `code` per failure, so callers (a CLI, a service) branch on codes, not messages.
import type { DataDirHolder } from './data-dir-lock.js';

export type DbErrorCode =
  | 'invalid_options' // openDb/openPostgres/openPglite called with options that cannot work (e.g. not a postgres:// URL)
  | 'connection_failed' // the PostgreSQL server cannot be reached or refuses the connection
  | 'data_dir_locked' // another live process owns the PGlite data folder
  | 'data_dir_invalid' // the data folder is not a directory, not writable, not a PGlite folder, or damaged
  | 'migration_invalid' // the migrations folder cannot be read or holds a badly named or duplicate file
  | 'migration_changed' // an applied migration file no longer matches the checksum recorded in the ledger
  | 'migration_failed'; // a migration's SQL failed (its transaction was rolled back)

export class DbError extends Error {
  override readonly name = 'DbError';
  readonly code: DbErrorCode;
  /** The data folder concerned (data_dir_* codes). */
  readonly dataDir: string | undefined;
  /** Who owns the data folder (data_dir_locked). */
  readonly holder: DataDirHolder | undefined;
  /** The migration file concerned (migration_* codes). */
  readonly migration: string | undefined;

  constructor(
    code: DbErrorCode,
    message: string,
    options: { cause?: unknown; dataDir?: string; holder?: DataDirHolder; migration?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.dataDir = options.dataDir;
    this.holder = options.holder;
    this.migration = options.migration;
  }
}

export function isDbError(value: unknown, code?: DbErrorCode): value is DbError {
  return value instanceof DbError && (code === undefined || value.code === code);
}
