// The storage interface every query function takes: one shape for embedded PGlite and for a PostgreSQL pool.

export interface QueryResult<T> {
  rows: T[];
}

export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. Nested calls reuse the outer one. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What the migration runner needs beyond `Db`: multi-statement scripts and a cross-process lock. */
export interface MigratableDb extends Db {
  exec(sql: string): Promise<void>;
  withMigrationLock<T>(fn: (tx: Db & { exec(sql: string): Promise<void> }) => Promise<T>): Promise<T>;
  readonly kind: 'pglite' | 'postgres';
  /** Connections in the pool, idle ones, and callers waiting for one (PGlite: one connection and its queue). */
  poolStats(): { total: number; idle: number; waiting: number };
}
