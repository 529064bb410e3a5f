// The storage interface every query function takes: one shape for embedded PGlite and for a PostgreSQL pool.
import type { DataDirLock } from './data-dir-lock.js';

export interface QueryResult<T> {
  rows: T[];
}

/** One method: what a repository that only reads and writes rows needs. */
export interface Queryable {
  // `any` as the default row type so that a `pg` Pool or Client and a raw PGlite also fit this interface.
  // biome-ignore lint/suspicious/noExplicitAny: rows are typed by the caller's type argument
  query<T = any>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/** A database or a transaction on it. */
export interface Db extends Queryable {
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws. A call on a
   * transaction's handle joins that transaction. On PostgreSQL the whole of `fn` is run again (up to 8 times)
   * when the transaction fails with a serialization failure or a deadlock, so `fn` must only touch the database.
   * Inside `fn`, use `tx`: the outer handle does not see the transaction's writes and, on PGlite, waits for it.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A database this process opened: what `openDb` returns and `migrate` runs on. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface MigratableDb extends Db {
  readonly kind: 'pglite' | 'postgres';
  /** The lock on the PGlite data folder this handle owns; undefined in memory and on PostgreSQL. */
  readonly dataDirLock: DataDirLock | undefined;
  /** Connections, idle ones, and callers waiting for one (PGlite: one session and the work queued behind it). */
  poolStats(): PoolStats;
  /**
   * Runs `fn` on one connection held for the whole call, for session state that must outlive a statement (a
   * session-level advisory lock). PostgreSQL: a connection of its own beside the pool, so it neither waits for nor
   * starves the pool, closed afterwards, which also ends whatever session state `fn` left behind. PGlite: its one
   * session, shared with every other caller; state `fn` sets there stays until `fn` undoes it.
   */
  withSession<T>(fn: (session: Queryable) => Promise<T>): Promise<T>;
  /** Waits for the work in flight, closes the database and releases the data folder. Safe to call twice. */
  close(): Promise<void>;
}
