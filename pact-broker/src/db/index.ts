// Opens the configured storage (PostgreSQL URL, else PGlite in a folder, else PGlite in memory) and migrates it.

import type { Db, MigratableDb } from './db.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export type { Db, MigratableDb, QueryResult } from './db.js';
export { migrate } from './migrate.js';

export interface StorageOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number | undefined;
}

export async function openDb(options: StorageOptions): Promise<MigratableDb> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.poolSize)
    : await openPglite(options.dataDir);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}

export type { Db as Storage };
