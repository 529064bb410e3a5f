// Embedded PostgreSQL (PGlite) in memory or in a data folder; it has one connection, so PGlite queues work itself.
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.js';

export async function openPglite(options: { dataDir?: string | undefined; schema: string }): Promise<Db> {
  const pg = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  await pg.waitReady;
  // One connection for the life of the handle, so the search_path set here holds for every query.
  await pg.exec(
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}; SET search_path TO ${quoteIdent(options.schema)};`,
  );
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query(sql, params) {
      const result = await q.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as never[] };
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async exec(sql) {
      await pg.exec(sql);
    },
    async close() {
      await pg.close();
    },
  };
}

/** Schema names come from config, not from requests; quoting still keeps odd names valid SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
