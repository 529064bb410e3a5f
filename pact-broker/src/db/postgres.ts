// PostgreSQL server storage through a `pg` pool; transactions retry on deadlock and serialisation failures.

import pg from 'pg';
import type { Db, MigratableDb, QueryResult } from './db.js';

// Counts and ids are int4 in our schema; int8 (count(*)) comes back as a number like PGlite does.
pg.types.setTypeParser(20, (v: string) => Number.parseInt(v, 10));

const RETRYABLE = new Set(['40P01', '40001']);
const MIGRATION_LOCK_KEY = 727_001;

type Exec = Db & { exec(sql: string): Promise<void> };

function clientDb(client: pg.PoolClient): Exec {
  const self: Exec = {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await client.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[] };
    },
    transaction: (fn) => fn(self),
    close: async () => {},
    exec: async (sql) => {
      await client.query(sql);
    },
  };
  return self;
}

export async function openPostgres(connectionString: string, poolSize = 10): Promise<MigratableDb> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client error (e.g. server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});

  async function inTransaction<T>(fn: (tx: Exec) => Promise<T>, before?: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        if (before) await client.query(before);
        const result = await fn(clientDb(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        const code = (err as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < 8) {
          await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
          continue;
        }
        throw err;
      } finally {
        client.release();
      }
    }
  }

  const db: MigratableDb = {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await pool.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[] };
    },
    transaction: (fn) => inTransaction(fn),
    exec: async (sql) => {
      await pool.query(sql);
    },
    // A transaction-scoped advisory lock: two brokers starting at once migrate one after the other.
    withMigrationLock: (fn) => inTransaction(fn, `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
  return db;
}
