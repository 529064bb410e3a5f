// The broker's storage: @accord/db on a PostgreSQL URL, else PGlite in a data folder, else in memory, with the broker's migrations.

import { fileURLToPath } from 'node:url';
import { type Db, type MigratableDb, migrate as migrateFolder, openDb as openStorageDb } from '@accord/db';

export type { Db, MigratableDb, QueryResult } from '@accord/db';
export { openPglite } from '@accord/db';

/** The package's migrations folder (src/db → ../../migrations, and the same from dist/db). */
const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Applies the broker's migrations (ledger `schema_migrations`); returns the names applied now. */
export function migrate(db: Db): Promise<string[]> {
  return migrateFolder(db, migrationsDir);
}

export interface StorageOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number | undefined;
  /** Without a URL or folder: a throwaway data folder rather than memory (`@accord/db`'s `throwaway`). */
  throwaway?: boolean | undefined;
}

/** Opens the configured storage without migrating it; a data folder is owned by this process until close(). */
export function openStorage(options: StorageOptions): Promise<MigratableDb> {
  return openStorageDb({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    memory: !options.databaseUrl && !options.dataDir,
    throwaway: options.throwaway,
    poolSize: options.poolSize,
    owner: 'accord-broker',
    // Every broker read is a short indexed look-up: planning it on each call cost more than running it.
    genericPlans: true,
  });
}

/** Opens the configured storage and migrates it. */
export async function openDb(options: StorageOptions): Promise<MigratableDb> {
  const db = await openStorage(options);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}
