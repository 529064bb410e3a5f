// Opens the storage a config asks for: a PostgreSQL server by URL, else PGlite in a data folder, else PGlite in memory.
import { DbError } from './errors.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { MigratableDb } from './types.js';

export interface OpenDbOptions {
  /** PostgreSQL server URL; takes precedence over dataDir. */
  databaseUrl?: string | undefined;
  /** PGlite data folder, owned by this process until close(). */
  dataDir?: string | undefined;
  /** PGlite in memory: must be asked for, so a forgotten URL or folder does not silently lose data. */
  memory?: boolean | undefined;
  /** With `memory`: PGlite in a throwaway data folder instead (see `PgliteOptions.throwaway`). */
  throwaway?: boolean | undefined;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number | undefined;
  /** Schema to create and use (search_path) on either engine; default the engine's. */
  schema?: string | undefined;
  /** Name recorded in a data folder's lock, e.g. "accord-broker". */
  owner?: string | undefined;
  /** PostgreSQL: how long the start-up connection may take (default 10 000 ms). */
  connectTimeoutMs?: number | undefined;
  /** Plan each prepared statement once per connection or PGlite session (see `PostgresOptions.genericPlans`). */
  genericPlans?: boolean | undefined;
}

export async function openDb(options: OpenDbOptions): Promise<MigratableDb> {
  if (options.databaseUrl) {
    return openPostgres({
      url: options.databaseUrl,
      poolSize: options.poolSize,
      schema: options.schema,
      connectTimeoutMs: options.connectTimeoutMs,
      genericPlans: options.genericPlans,
    });
  }
  // The owner names a folder's lock; in memory there is none, so it goes unused.
  const pglite = { schema: options.schema, owner: options.owner, genericPlans: options.genericPlans };
  if (options.dataDir) return openPglite({ ...pglite, dataDir: options.dataDir });
  if (options.memory) return openPglite({ ...pglite, throwaway: options.throwaway });
  throw new DbError('invalid_options', 'openDb needs a databaseUrl, a dataDir, or memory: true');
}
