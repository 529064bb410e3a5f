// Named prepared statements on PGlite's one session: each distinct SQL text is parsed and planned once, then only bound
// and executed, in one call into PostgreSQL's WebAssembly instead of the six that PGlite's query() makes.
import { messages as backend, type PGlite, parse, protocol } from '@electric-sql/pglite';

const { serialize } = protocol;

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

/** Distinct SQL texts kept prepared at once; later ones are parsed on every call (unnamed), as by PGlite's query(). */
export const MAX_PREPARED = 500;

interface Statement {
  /** '' for the unnamed statement, which the next Parse replaces. */
  readonly name: string;
  /** Parameter type OIDs as PostgreSQL inferred them: they choose each value's serialiser, as in PGlite's query(). */
  readonly paramTypes: readonly number[];
  /** The statement's RowDescription (absent when it returns no rows): what Describe Portal would say on every call. */
  readonly rows: BackendMessage | undefined;
}

// Names are unique in the process, so that two caches on one PGlite (tests do that) never take each other's.
let nextName = 0;

/** Statements whose command tag means the schema (or the session's statements) may have changed under the cache. */
const SCHEMA_CHANGE = /^(CREATE|ALTER|DROP|DISCARD|DEALLOCATE)\b/;

/**
 * A statement prepared before a schema change that alters its result (`SELECT *` after ADD COLUMN, a renamed column)
 * fails this way until it is prepared again; `26000` is one of ours that the session no longer has.
 */
export function isStaleStatement(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e.code === '0A000') return /cached plan must not change result type/.test(e.message ?? '');
  return e.code === '26000' && /prepared statement "accord_/.test(e.message ?? '');
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The session's prepared statements. Every method must run while the caller holds PGlite's query mutex
 * (`runExclusive`), so that no other protocol messages fall between a statement's Parse and its Bind.
 */
export class SessionStatements {
  readonly #pg: PGlite;
  readonly #max: number;
  readonly #statements = new Map<string, Statement>();
  /** Names forgotten but not yet closed in the session; closed at the front of the next message batch. */
  #toClose: string[] = [];
  /** Bumped whenever a stale statement was met, so a transaction can tell that it failed for that reason. */
  staleSeen = 0;

  constructor(pg: PGlite, max = MAX_PREPARED) {
    this.#pg = pg;
    this.#max = max;
  }

  /** How many SQL texts are prepared now. */
  get size(): number {
    return this.#statements.size;
  }

  /**
   * Runs one statement and returns its rows. `inTransaction`: inside PGlite's transaction(), where PGlite does not
   * sync the file system after each statement. A statement found stale is prepared again and, outside a transaction
   * block, run again; inside one it has aborted the transaction, so the error goes to the caller (see `staleSeen`).
   */
  async query<T>(sql: string, params: unknown[], inTransaction: boolean): Promise<T[]> {
    try {
      return await this.#run<T>(sql, params, inTransaction);
    } catch (err) {
      if (!isStaleStatement(err)) throw decorated(err, sql, params);
      this.staleSeen++;
      // The change that made this one stale may have touched others: prepare them all afresh, as on PostgreSQL.
      this.forgetAll();
      if (this.#pg.isInTransaction()) throw decorated(err, sql, params);
      return this.#run<T>(sql, params, inTransaction).catch((again: unknown) => {
        throw decorated(again, sql, params);
      });
    }
  }

  /** Drops every prepared statement (after a script, which may have changed the schema); each is prepared again. */
  forgetAll(): void {
    for (const s of this.#statements.values()) if (s.name !== '') this.#toClose.push(s.name);
    this.#statements.clear();
  }

  async #run<T>(sql: string, params: unknown[], inTransaction: boolean): Promise<T[]> {
    const statement = this.#statements.get(sql) ?? (await this.#prepare(sql));
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serialise = this.#pg.serializers[statement.paramTypes[i]!];
      return serialise ? serialise(param) : (param as { toString(): string }).toString();
    });
    const messages = await this.#pg.execProtocolStream(
      concat([
        ...this.#closing(),
        serialize.bind({ statement: statement.name, values: values as string[] }),
        serialize.execute(),
        serialize.sync(),
      ]),
      // What PGlite's query() does: sync the file system after a statement unless inside its transaction().
      { syncToFs: !inTransaction },
    );
    if (statement.rows !== undefined) messages.unshift(statement.rows);
    const [result] = parse.parseResults(messages, this.#pg.parsers);
    const done = messages.findLast((m) => m.name === 'commandComplete') as { text?: string } | undefined;
    if (done?.text !== undefined && SCHEMA_CHANGE.test(done.text)) this.forgetAll();
    return result!.rows as T[];
  }

  async #prepare(sql: string): Promise<Statement> {
    const name = this.#statements.size < this.#max ? `accord_${nextName++}` : '';
    const messages = await this.#pg.execProtocolStream(
      concat([
        ...this.#closing(),
        serialize.parse({ name, text: sql }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const statement: Statement = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      rows: messages.find((m) => m.name === 'rowDescription'),
    };
    if (name !== '') this.#statements.set(sql, statement);
    return statement;
  }

  /** Close messages for the forgotten statements (Close succeeds even in an aborted transaction). */
  #closing(): Uint8Array[] {
    if (this.#toClose.length === 0) return [];
    const closes = this.#toClose.map((name) => serialize.close({ type: 'S', name }));
    this.#toClose = [];
    return closes;
  }
}

/** What PGlite's query() adds to a PostgreSQL error: the statement and its parameters. */
function decorated(err: unknown, sql: string, params: unknown[]): unknown {
  if (err instanceof backend.DatabaseError)
    Object.assign(err, { query: sql, params, queryOptions: undefined });
  return err;
}
