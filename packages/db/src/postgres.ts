// A PostgreSQL server through a `pg` pool; transactions are retried on serialization failures and deadlocks.
import pg from 'pg';
import { DbError } from './errors.js';
import { quoteIdent, validSchema } from './sql.js';
import type { Db, MigratableDb, QueryResult } from './types.js';

export interface PostgresOptions {
  /** postgres:// or postgresql:// URL. */
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number | undefined;
  /** Schema to create and use for every connection (search_path); default the server's. */
  schema?: string | undefined;
  /** How long the start-up connection may take before openPostgres gives up (default 10 000 ms). */
  connectTimeoutMs?: number | undefined;
  /**
   * Plan prepared statements once per connection, never per call (`plan_cache_mode = force_generic_plan`). By
   * default PostgreSQL re-plans a statement whose parameters are arrays on every call, which for a short indexed
   * look-up costs several times its execution; worth it where every statement is such a look-up. Also turns JIT
   * off, as generic plans' cost estimates are high enough to trigger it.
   */
  genericPlans?: boolean | undefined;
}

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 8;

// int8 (count(*), bigserial) as a number when it fits, else a bigint: what PGlite returns, so the two agree.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') {
      return (value: string) => {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : BigInt(value);
      };
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** The URL without its password (and query), for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}${u.password ? ':***' : ''}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

function connectionReason(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  switch (e.code ?? e.errors?.[0]?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ECONNRESET':
      return 'the server closed the connection';
  }
  const message = (e.message ?? String(err)).split('\n')[0]!;
  return /timeout/i.test(message) ? `no answer within ${timeoutMs} ms` : message;
}

async function createSchema(client: pg.Client, schema: string, where: string): Promise<void> {
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  } catch (err) {
    // IF NOT EXISTS is not atomic: a process starting at the same moment may create it first.
    const code = (err as { code?: string }).code;
    if (code === '23505' || code === '42P06') return;
    throw new DbError(
      'connection_failed',
      `cannot create schema ${schema} in PostgreSQL at ${where}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}

/**
 * Parameterised statements are prepared once per connection under a name (the server parses and plans them
 * once, not on every call: for a short look-up, planning is most of its cost). The first `MAX_PREPARED` distinct
 * texts of a pool get names; later ones run unnamed, so SQL built with a varying shape cannot grow the server's
 * per-connection statement cache without bound.
 */
export class StatementNames {
  readonly #names = new Map<string, string>();
  #generation = 0;
  constructor(private readonly max = MAX_PREPARED) {}

  config(text: string, values: unknown[] | undefined): pg.QueryConfig {
    if (values === undefined) return { text };
    let name = this.#names.get(text);
    if (name === undefined && this.#names.size < this.max) {
      name = `accord_${this.#generation}_${this.#names.size}`;
      this.#names.set(text, name);
    }
    return name === undefined ? { text, values } : { name, text, values };
  }

  /**
   * Forgets every name, so each text is prepared afresh under a new one on every connection: after a schema change
   * (another process's migration) a statement prepared before it may no longer run.
   */
  renew(): void {
    this.#names.clear();
    this.#generation++;
  }
}

/** A statement prepared before a change to a table it reads (`SELECT *` after ADD COLUMN) fails this way for good. */
export function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}

const MAX_PREPARED = 500;

/**
 * A transaction's handle on its connection. The connection pipelines, and statements issued together (in the same
 * run of JavaScript, e.g. under Promise.all) go out in one socket write. BEGIN is not sent on its own: it goes in
 * the write of the transaction's first statement, which does not wait for BEGIN's answer, one round trip instead of
 * two; a transaction that runs no statement sends nothing. `began` says whether BEGIN was sent, so the caller knows
 * whether there is a transaction to end.
 */
function transactionDb(client: pg.PoolClient, names: StatementNames): { db: Db; began: () => boolean } {
  let began = false;
  let corked = false;
  const stream = client.connection.stream;
  const send = (config: pg.QueryConfig | string): Promise<pg.QueryResult> => {
    if (!corked) {
      // Written once the statements issued alongside this one are buffered too (each is buffered synchronously).
      corked = true;
      stream.cork();
      queueMicrotask(() => {
        corked = false;
        stream.uncork();
      });
    }
    if (began) return client.query(config as pg.QueryConfig);
    began = true;
    // BEGIN fails only with the connection, and then so does the statement written after it.
    const begin = client.query('BEGIN');
    const statement = client.query(config as pg.QueryConfig);
    return Promise.all([begin, statement]).then(([, r]) => r);
  };
  const db: Db = {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await send(names.config(sql, params));
      return { rows: r.rows as T[] };
    },
    transaction: (fn) => fn(db),
    async exec(sql) {
      await send(sql);
    },
  };
  return { db, began: () => began };
}

export async function openPostgres(options: PostgresOptions): Promise<MigratableDb> {
  const where = redactUrl(options.url);
  let protocol: string | undefined;
  try {
    protocol = new URL(options.url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    // Not echoed: a malformed URL may still hold a password.
    throw new DbError(
      'invalid_options',
      'the database URL must look like postgres://user@host:5432/database',
    );
  }
  if (options.schema !== undefined && !validSchema(options.schema)) {
    throw new DbError(
      'invalid_options',
      `schema must be a lower-case SQL identifier, got "${options.schema}"`,
    );
  }
  const settings = [
    ...(options.schema === undefined ? [] : [`-c search_path=${quoteIdent(options.schema)}`]),
    // A generic plan's cost counts the branches a parameter switches off at run time, which can cross
    // jit_above_cost: JIT then compiled a 0.3 ms look-up for about 0.6 s on every call.
    ...(options.genericPlans ? ['-c plan_cache_mode=force_generic_plan', '-c jit=off'] : []),
  ];
  const connectionSettings = settings.length === 0 ? {} : { options: settings.join(' ') };
  const timeoutMs = options.connectTimeoutMs ?? 10_000;

  // One connection first, with a time limit, so a wrong URL fails here with one clear reason instead of on the
  // first request; the pool itself waits as long as it takes (its waits also cover a busy pool).
  const check = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: timeoutMs });
  check.on('error', () => {});
  try {
    await check.connect().catch((err: unknown) => {
      throw new DbError(
        'connection_failed',
        `cannot connect to PostgreSQL at ${where}: ${connectionReason(err, timeoutMs)}`,
        { cause: err },
      );
    });
    if (options.schema !== undefined) await createSchema(check, options.schema, where);
  } finally {
    await check.end().catch(() => {});
  }

  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // A statement may be written before the previous one is answered (BEGIN with a transaction's first statement).
    pipeline: true,
    types,
    ...connectionSettings,
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});

  const names = new StatementNames();
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    dataDirLock: undefined,
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await pool.query(names.config(sql, params)).catch((err: unknown) => {
        if (!isStalePlan(err)) throw err;
        names.renew();
        return pool.query(names.config(sql, params));
      });
      return { rows: r.rows as T[] };
    },
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        const tx = transactionDb(client, names);
        try {
          const result = await fn(tx.db);
          if (tx.began()) await client.query('COMMIT');
          return result;
        } catch (err) {
          // A failed ROLLBACK means the connection itself is gone: it must not go back to the pool.
          if (tx.began())
            await client.query('ROLLBACK').catch(() => {
              broken = true;
            });
          const code = (err as { code?: string }).code;
          // A statement prepared before a schema change aborted the transaction: run it again under new names.
          const stale = isStalePlan(err);
          if (stale) names.renew();
          if (((code !== undefined && RETRYABLE.has(code)) || stale) && attempt < MAX_ATTEMPTS) {
            // Jittered backoff so the transactions that collided do not collide again.
            await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
            continue;
          }
          throw err;
        } finally {
          client.release(broken);
        }
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async withSession(fn) {
      const client = new pg.Client({
        connectionString: options.url,
        connectionTimeoutMillis: timeoutMs,
        types,
        ...connectionSettings,
      });
      // A connection lost while idle between statements surfaces on the next query, not as a process crash.
      client.on('error', () => {});
      await client.connect().catch((err: unknown) => {
        throw new DbError(
          'connection_failed',
          `cannot connect to PostgreSQL at ${where}: ${connectionReason(err, timeoutMs)}`,
          { cause: err },
        );
      });
      try {
        return await fn({
          async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
            const r = await client.query(sql, params);
            return { rows: r.rows as T[] };
          },
        });
      } finally {
        await client.end().catch(() => {});
      }
    },
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}
