// PostgreSQL server storage through a `pg` pool; every connection uses the service's own schema.
import pg from 'pg';
import type { Db, Queryable } from './db.js';
import { quoteIdent } from './pglite.js';

// int8 (bigint amounts, bigserial) as numbers, the way PGlite returns them; our values stay far below 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export async function openPostgres(options: { url: string; schema: string; poolSize?: number }): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    options: `-c search_path=${quoteIdent(options.schema)}`,
    types,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
  const asQueryable = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query(sql, params) {
      const result = await client.query(sql, params);
      return { rows: result.rows };
    },
  });
  return {
    kind: 'postgres',
    ...asQueryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(asQueryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}
