// Embedded PostgreSQL (PGlite), in memory or in a data folder; one connection, so work is serialised by a mutex.

import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, MigratableDb, QueryResult } from './db.js';

/** A FIFO lock: PGlite has one session, so a transaction must not interleave with other statements. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  /** Work queued or running. */
  pending = 0;
  run<T>(fn: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(fn).finally(() => {
      this.pending--;
    });
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

function txDb(tx: Transaction): Db & { exec(sql: string): Promise<void> } {
  const self: Db & { exec(sql: string): Promise<void> } = {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await tx.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    },
    transaction: (fn) => fn(self),
    close: async () => {},
    exec: async (sql) => {
      await tx.exec(sql);
    },
  };
  return self;
}

/** `loadDataDir` starts from a dump (`dumpDataDir`) instead of running initdb: much faster for throwaway databases. */
export type PgliteDb = MigratableDb & { dump(): Promise<Blob | File> };

export async function openPglite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob | File } = {},
): Promise<PgliteDb> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pg = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  await pg.waitReady;
  const lock = new Lock();
  const db: PgliteDb = {
    kind: 'pglite',
    query: <T>(sql: string, params?: unknown[]) =>
      lock.run(async () => {
        const r = await pg.query<T>(sql, params as unknown[] | undefined);
        return { rows: r.rows } as QueryResult<T>;
      }),
    transaction: <T>(fn: (tx: Db) => Promise<T>) => lock.run(() => pg.transaction((tx) => fn(txDb(tx)))),
    exec: (sql) =>
      lock.run(async () => {
        await pg.exec(sql);
      }),
    withMigrationLock: (fn) => lock.run(() => pg.transaction((tx) => fn(txDb(tx)))),
    dump: () => lock.run(() => pg.dumpDataDir('none')),
    poolStats: () => ({ total: 1, idle: lock.pending === 0 ? 1 : 0, waiting: Math.max(0, lock.pending - 1) }),
    close: () => lock.run(() => pg.close()),
  };
  return db;
}
