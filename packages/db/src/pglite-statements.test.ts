import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type PgliteDb } from './pglite.js';
import { SessionStatements } from './pglite-statements.js';

// One new database for the file (from the machine's initdb cache); every database here starts from its dump.
let template: Blob | File;

beforeAll(async () => {
  const first = await openPglite();
  template = await first.dump();
  await first.close();
});

/** Statements the session holds prepared, as PostgreSQL lists them. */
async function prepared(db: PgliteDb): Promise<string[]> {
  const { rows } = await db.query<{ statement: string }>(
    "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'accord\\_%' ORDER BY statement",
  );
  return rows.map((r) => r.statement);
}

describe('PGlite prepared statements: the same answers as PGlite query()', () => {
  let raw: PGlite;

  beforeAll(async () => {
    raw = new PGlite({ loadDataDir: template });
    await raw.exec(`
      CREATE TABLE kinds (id int PRIMARY KEY, doc jsonb, at timestamptz, tags text[], blob bytea, ok bool, big int8);
    `);
  });

  afterAll(async () => {
    await raw?.close();
  });

  // Parameters are serialised by the type PostgreSQL inferred for them, results parsed by their column types.
  const statements: Array<[string, unknown[]]> = [
    [
      'INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [
        1,
        { a: [1, 'two'], b: null },
        new Date('2024-05-06T07:08:09.010Z'),
        ['x', 'y,z', 'q"uote'],
        new Uint8Array([0, 1, 255]),
        true,
        9007199254740993n,
      ],
    ],
    ['INSERT INTO kinds (id, doc, ok) VALUES ($1, $2, $3) RETURNING id, doc, ok', [2, [1, 2, 3], false]],
    ['SELECT * FROM kinds WHERE id = ANY($1::int[]) ORDER BY id', [[1, 2]]],
    ['SELECT id, doc->>$2 AS field FROM kinds WHERE id = $1', ['1', 'b']],
    [
      'SELECT $1::text AS t, $2::int AS n, $3::numeric AS num, $4::date AS d',
      [null, '42', 1.5, '2024-01-02'],
    ],
    ['SELECT count(*) AS n, sum(id) AS s, $1::int8 AS big FROM kinds', ['9007199254740993']],
    ['UPDATE kinds SET ok = NOT ok WHERE id = $1', [1]],
    ['SELECT 1 AS a, 2 AS a', []],
    ['DELETE FROM kinds WHERE id = $1 RETURNING id', [2]],
  ];

  it('returns the rows PGlite query() returns, for each statement run twice', async () => {
    const session = new SessionStatements(raw);
    for (const [sql, params] of statements) {
      // Both routes run on the same rows, each inside a transaction rolled back afterwards.
      for (let run = 0; run < 2; run++) {
        await raw.exec('BEGIN');
        const ours = await raw.runExclusive(() => session.query(sql, params, true));
        await raw.exec('ROLLBACK');
        const theirs = await raw.transaction(async (tx) => {
          const r = await tx.query(sql, params);
          await tx.rollback();
          return r.rows;
        });
        expect(ours).toEqual(theirs);
      }
      // The mutating ones once for real, so later statements see their rows.
      await raw.query(sql, params);
    }
    expect(session.size).toBe(statements.length);
  });

  it('fails as PGlite query() fails: the same SQLSTATE, the statement and parameters attached', async () => {
    const session = new SessionStatements(raw);
    for (const [sql, params] of [
      ['SELEC 1', []],
      ['SELECT $1::int AS n', ['not a number']],
      ['SELECT $1::int AS n', [1, 2]],
      ['INSERT INTO kinds (id) VALUES ($1)', [1]],
    ] as Array<[string, unknown[]]>) {
      const ours = await raw.runExclusive(() => session.query(sql, params, false)).catch((e: unknown) => e);
      const theirs = await raw.query(sql, params).catch((e: unknown) => e);
      // A message may name the statement: "" for PGlite's unnamed one, accord_N here.
      const unnamed = (e: unknown) =>
        (e as Error).message.replace(/prepared statement "[^"]*"/, 'prepared statement');
      expect(ours).toMatchObject({ code: (theirs as { code: string }).code, query: sql, params });
      expect(unnamed(ours)).toBe(unnamed(theirs));
    }
  });

  it('prepares at most its limit of texts; later ones run unprepared with the same results', async () => {
    const session = new SessionStatements(raw, 2);
    for (let i = 0; i < 4; i++) {
      const rows = await raw.runExclusive(() => session.query(`SELECT $1::int + ${i} AS n`, [1], false));
      expect(rows).toEqual([{ n: 1 + i }]);
    }
    expect(session.size).toBe(2);
    const { rows } = await raw.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + %'",
    );
    expect(rows[0]!.n).toBe(2);
  });
});

describe('PGlite prepared statements: schema changes', () => {
  let db: PgliteDb;

  beforeAll(async () => {
    db = await openPglite({ loadDataDir: template });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('prepares a text once and reuses it', async () => {
    await db.exec('CREATE TABLE once (id int)');
    for (let i = 0; i < 3; i++) await db.query('INSERT INTO once VALUES ($1)', [i]);
    expect(await prepared(db)).toContain('INSERT INTO once VALUES ($1)');
    const list = await prepared(db);
    expect(list.filter((s) => s === 'INSERT INTO once VALUES ($1)')).toHaveLength(1);
  });

  it('prepares again after a change it cannot see (a DO block), outside a transaction', async () => {
    await db.exec('CREATE TABLE hidden (id int); INSERT INTO hidden VALUES (1);');
    expect((await db.query('SELECT * FROM hidden')).rows).toEqual([{ id: 1 }]);
    // The command tag is DO, so the statement cache cannot tell; PostgreSQL refuses the old plan (0A000).
    await db.query(`DO $$ BEGIN EXECUTE 'ALTER TABLE hidden ADD COLUMN label text'; END $$`);
    expect((await db.query('SELECT * FROM hidden')).rows).toEqual([{ id: 1, label: null }]);
  });

  it('runs a transaction again from the start when such a statement aborted it', async () => {
    await db.exec('CREATE TABLE hidden_tx (id int); INSERT INTO hidden_tx VALUES (1);');
    expect((await db.query('SELECT * FROM hidden_tx')).rows).toEqual([{ id: 1 }]);
    await db.query(`DO $$ BEGIN EXECUTE 'ALTER TABLE hidden_tx ADD COLUMN label text'; END $$`);
    let runs = 0;
    const rows = await db.transaction(async (tx) => {
      runs++;
      await tx.query("INSERT INTO hidden_tx VALUES (2, 'two')");
      return (await tx.query('SELECT * FROM hidden_tx')).rows;
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        { id: 1, label: null },
        { id: 2, label: 'two' },
      ]),
    );
    expect(runs).toBe(2);
    // The first run's insert was rolled back with it.
    expect((await db.query('SELECT count(*)::int AS n FROM hidden_tx')).rows).toEqual([{ n: 2 }]);
  });

  it('sees a change made through it at once, inside the same transaction (exec and query)', async () => {
    await db.exec('CREATE TABLE seen (id int); INSERT INTO seen VALUES (1);');
    expect((await db.query('SELECT * FROM seen')).rows).toEqual([{ id: 1 }]);
    let runs = 0;
    const got = await db.transaction(async (tx) => {
      runs++;
      const before = (await tx.query('SELECT * FROM seen')).rows;
      await tx.exec('ALTER TABLE seen ADD COLUMN a int');
      const afterExec = (await tx.query('SELECT * FROM seen')).rows;
      await tx.query('ALTER TABLE seen RENAME COLUMN a TO b');
      const afterQuery = (await tx.query('SELECT * FROM seen')).rows;
      return { before, afterExec, afterQuery };
    });
    expect(got).toEqual({
      before: [{ id: 1 }],
      afterExec: [{ id: 1, a: null }],
      afterQuery: [{ id: 1, b: null }],
    });
    expect(runs).toBe(1);
  });

  it('keeps working after DISCARD ALL drops the session prepared statements', async () => {
    await db.query('SELECT 1 AS one');
    await db.query('DISCARD ALL');
    expect(await prepared(db)).not.toContain('SELECT 1 AS one');
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('aborts a transaction on a failed prepared statement as before: later statements fail with 25P02', async () => {
    await db.exec('CREATE TABLE unique_ids (id int PRIMARY KEY)');
    await db.query('INSERT INTO unique_ids VALUES ($1)', [1]);
    const codes: string[] = [];
    await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO unique_ids VALUES ($1)', [1]).catch((e: { code: string }) => {
          codes.push(e.code);
        });
        await tx.query('SELECT id FROM unique_ids WHERE id = $1', [1]);
      })
      .catch((e: { code: string }) => codes.push(e.code));
    expect(codes).toEqual(['23505', '25P02']);
    expect((await db.query('SELECT id FROM unique_ids')).rows).toEqual([{ id: 1 }]);
  });
});
