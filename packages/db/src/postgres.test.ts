import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBehaviour } from '../test/support/behaviour.js';
import { adminUrl, createTestDatabase, type TestDatabase } from '../test/support/postgres.js';
import { openPostgres, redactUrl, StatementNames } from './postgres.js';
import type { Db, MigratableDb } from './types.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

dbBehaviour('PostgreSQL', () => openPostgres({ url: database.url, poolSize: 4 }));

describe('PostgreSQL sessions', () => {
  it('withSession holds a session advisory lock on its own connection, even with a pool of one, and frees it after', async () => {
    const db = await openPostgres({ url: database.url, poolSize: 1 });
    const other = await openPostgres({ url: database.url, poolSize: 1 });
    const key = 4242;
    try {
      const tryLock = async () =>
        (await other.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows[0]!.ok;
      await db.withSession(async (session) => {
        await session.query('SELECT pg_advisory_lock($1)', [key]);
        // The pool's one connection is free for other work while the session holds its lock.
        expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        expect(await tryLock()).toBe(false);
      });
      // Closing the session's connection ended the lock without an explicit unlock.
      expect(await tryLock()).toBe(true);
      await other.query('SELECT pg_advisory_unlock($1)', [key]);
    } finally {
      await db.close();
      await other.close();
    }
  });
});

describe('PostgreSQL transactions', () => {
  let db: MigratableDb;

  beforeAll(async () => {
    db = await openPostgres({ url: database.url, poolSize: 4, schema: 'retries' });
    await db.exec('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
  });

  afterAll(async () => {
    await db?.close();
  });

  async function reset() {
    await db.exec('TRUNCATE accounts; INSERT INTO accounts VALUES (1, 100), (2, 100);');
  }

  it('runs the first statement inside the transaction although BEGIN is sent with it, unanswered', async () => {
    // A setting local to the transaction, set by the first statement, is still there for the second.
    const seen = await db.transaction(async (tx) => {
      await tx.query("SELECT set_config('accord.probe', $1, true)", ['in the transaction']);
      return (await tx.query<{ v: string }>("SELECT current_setting('accord.probe', true) AS v")).rows[0]!.v;
    });
    expect(seen).toBe('in the transaction');
    await reset();
    // The first statement's write is undone when the transaction fails later.
    await expect(
      db.transaction(async (tx) => {
        await tx.query('UPDATE accounts SET balance = $1 WHERE id = 1', [0]);
        await tx.query('SELECT 1 / $1::int', [0]);
      }),
    ).rejects.toMatchObject({ code: '22012' });
    // A first statement that fails ends the transaction too, and the connections stay usable.
    await expect(db.transaction((tx) => tx.query('SELECT 1 / $1::int', [0]))).rejects.toMatchObject({
      code: '22012',
    });
    // A transaction that runs no statement sends nothing and returns what fn returns.
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => db.transaction(async () => n)))).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect((await db.query('SELECT balance FROM accounts WHERE id = 1')).rows).toEqual([{ balance: 100 }]);
  });

  it('answers statements issued together in a transaction (one write) each with its own rows, in order', async () => {
    await reset();
    const got = await db.transaction((tx) =>
      Promise.all([
        tx.query<{ balance: number }>(
          'UPDATE accounts SET balance = balance + $1 WHERE id = 1 RETURNING balance',
          [5],
        ),
        tx.query<{ balance: number }>('SELECT balance FROM accounts WHERE id = $1', [1]),
        tx.query<{ n: number }>('SELECT $1::int * 2 AS n', [21]),
      ]),
    );
    expect(got.map((r) => r.rows)).toEqual([[{ balance: 105 }], [{ balance: 105 }], [{ n: 42 }]]);
    // One of them failing fails the transaction, and the others' writes are undone.
    const failing = db.transaction((tx) =>
      Promise.all([
        tx.query('UPDATE accounts SET balance = 0 WHERE id = $1', [2]),
        tx.query('SELECT 1 / $1::int', [0]),
        tx.query('SELECT 1'),
      ]),
    );
    await expect(failing).rejects.toMatchObject({ code: '22012' });
    expect((await db.query('SELECT balance FROM accounts WHERE id = 2')).rows).toEqual([{ balance: 100 }]);
  });

  it('runs a transaction again after a deadlock, so both callers succeed', async () => {
    await reset();
    const attempts = [0, 0];
    let meet!: () => void;
    const bothLocked = new Promise<void>((r) => {
      meet = r;
    });
    let locked = 0;
    // Each takes one row, waits until the other holds the other row, then wants it: a deadlock on the first try.
    const transfer = (index: number, first: number, second: number) =>
      db.transaction(async (tx: Db) => {
        attempts[index]!++;
        await tx.query("SET LOCAL deadlock_timeout = '50ms'");
        await tx.query('UPDATE accounts SET balance = balance - 10 WHERE id = $1', [first]);
        if (attempts[index] === 1) {
          if (++locked === 2) meet();
          await bothLocked;
        }
        await tx.query('UPDATE accounts SET balance = balance + 10 WHERE id = $1', [second]);
      });
    await Promise.all([transfer(0, 1, 2), transfer(1, 2, 1)]);
    expect(attempts[0]! + attempts[1]!).toBe(3);
    expect((await db.query('SELECT id, balance FROM accounts ORDER BY id')).rows).toEqual([
      { id: 1, balance: 100 },
      { id: 2, balance: 100 },
    ]);
  });

  it('runs a serializable transaction again after a serialization failure', async () => {
    await reset();
    let attempts = 0;
    let readers = 0;
    let meet!: () => void;
    const bothRead = new Promise<void>((r) => {
      meet = r;
    });
    // Write skew: each reads the sum, then withdraws from its own row; SERIALIZABLE lets only one commit at first.
    const withdraw = (id: number) =>
      db.transaction(async (tx) => {
        attempts++;
        await tx.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
        const { rows } = await tx.query<{ total: number }>('SELECT sum(balance)::int AS total FROM accounts');
        if (attempts <= 2) {
          if (++readers === 2) meet();
          await bothRead;
        }
        if (rows[0]!.total >= 150) {
          await tx.query('UPDATE accounts SET balance = balance - 150 WHERE id = $1', [id]);
        }
      });
    await Promise.all([withdraw(1), withdraw(2)]);
    expect(attempts).toBe(3);
    const { rows } = await db.query<{ total: number }>('SELECT sum(balance)::int AS total FROM accounts');
    // The retried one saw the first withdrawal and withdrew nothing.
    expect(rows[0]!.total).toBe(50);
  });

  it('does not retry other failures', async () => {
    let attempts = 0;
    await expect(
      db.transaction(async (tx) => {
        attempts++;
        await tx.query('SELECT 1 / 0');
      }),
    ).rejects.toMatchObject({ code: '22012' });
    expect(attempts).toBe(1);
  });

  it('uses the schema it is given on every pooled connection', async () => {
    const { rows } = await db.query<{ schema: string }>(
      "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'accounts'",
    );
    expect(rows).toEqual([{ schema: 'retries' }]);
    const paths = await Promise.all(
      Array.from({ length: 4 }, () =>
        db.transaction((tx) => tx.query<{ s: string }>('SELECT current_schema() AS s')),
      ),
    );
    expect(paths.map((p) => p.rows[0]!.s)).toEqual(['retries', 'retries', 'retries', 'retries']);
  });
});

describe('PostgreSQL connection errors', () => {
  let silent: Server;
  let silentPort: number;

  beforeAll(async () => {
    // Accepts TCP connections, reads, never answers: a server that hangs.
    silent = createServer((socket) => socket.resume());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentPort = (silent.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((r) => silent.close(r));
  });

  it('fails with connection_failed and one line when nothing listens', async () => {
    await expect(openPostgres({ url: 'postgres://postgres@127.0.0.1:1/test' })).rejects.toMatchObject({
      code: 'connection_failed',
      message: 'cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/test: connection refused',
    });
  });

  it('names a database that does not exist', async () => {
    const url = new URL(adminUrl);
    url.pathname = '/accord_db_no_such_database';
    await expect(openPostgres({ url: url.toString() })).rejects.toMatchObject({
      code: 'connection_failed',
      message: expect.stringMatching(/: database "accord_db_no_such_database" does not exist$/),
    });
  });

  it('gives up on a server that does not answer within connectTimeoutMs', async () => {
    await expect(
      openPostgres({ url: `postgres://postgres@127.0.0.1:${silentPort}/test`, connectTimeoutMs: 200 }),
    ).rejects.toMatchObject({
      code: 'connection_failed',
      message: `cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:${silentPort}/test: no answer within 200 ms`,
    });
  });

  it('refuses what is not a postgres:// URL with invalid_options', async () => {
    for (const url of ['not a url', 'mysql://root@localhost/db', '127.0.0.1:5432/broker']) {
      await expect(openPostgres({ url })).rejects.toMatchObject({
        code: 'invalid_options',
        message: 'the database URL must look like postgres://user@host:5432/database',
      });
    }
  });

  it('never prints the password', () => {
    expect(redactUrl('postgres://app:s3cret@db.internal:5432/broker?sslmode=require')).toBe(
      'postgres://app:***@db.internal:5432/broker',
    );
  });
});

describe('PostgreSQL prepared statements', () => {
  it('prepares a parameterised statement once per connection and reuses it; genericPlans plans it once', async () => {
    const db = await openPostgres({ url: database.url, poolSize: 1, schema: 'plans', genericPlans: true });
    try {
      const sql = 'SELECT $1::int[] @> ARRAY[$2::int] AS found';
      for (let i = 0; i < 7; i++) {
        expect((await db.query<{ found: boolean }>(sql, [[1, 2, i], i])).rows).toEqual([{ found: true }]);
      }
      const { rows } = await db.query<{ generic_plans: number; custom_plans: number }>(
        'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1',
        [sql],
      );
      expect(rows).toEqual([{ generic_plans: 7, custom_plans: 0 }]);
      // JIT off: generic plans' cost estimates would otherwise have it compile short look-ups.
      expect((await db.query<{ s: string }>("SELECT current_setting('jit') AS s", [])).rows[0]!.s).toBe(
        'off',
      );
      // The schema setting still applies beside the plan setting.
      expect(
        (await db.query<{ s: string }>("SELECT current_setting('search_path') AS s", [])).rows[0]!.s,
      ).toBe('"plans"');
    } finally {
      await db.close();
    }
  });

  it('prepares statements afresh after a schema change made their result type stale, inside transactions too', async () => {
    const db = await openPostgres({ url: database.url, poolSize: 1, schema: 'stale', genericPlans: true });
    try {
      await db.exec('CREATE TABLE IF NOT EXISTS things (id int PRIMARY KEY); INSERT INTO things VALUES (1);');
      const sql = 'SELECT * FROM things WHERE id = $1';
      expect((await db.query(sql, [1])).rows).toEqual([{ id: 1 }]);
      // What another process's migration does while this one holds prepared statements.
      await db.exec('ALTER TABLE things ADD COLUMN label text');
      expect((await db.query(sql, [1])).rows).toEqual([{ id: 1, label: null }]);
      const again = 'SELECT * FROM things WHERE id = $1 AND true';
      expect((await db.query(again, [1])).rows).toEqual([{ id: 1, label: null }]);
      await db.exec('ALTER TABLE things ADD COLUMN size int');
      const inTx = await db.transaction(async (tx) => (await tx.query(again, [1])).rows);
      expect(inTx).toEqual([{ id: 1, label: null, size: null }]);
    } finally {
      await db.close();
    }
  });

  it('names only the first texts up to the cap, so statements built with a varying shape run unnamed', () => {
    const names = new StatementNames(2);
    expect(names.config('SELECT $1', [1]).name).toBeDefined();
    expect(names.config('SELECT $1', [2]).name).toBe(names.config('SELECT $1', [3]).name);
    expect(names.config('SELECT $1 + 1', [1]).name).toBeDefined();
    expect(names.config('SELECT $1 + 2', [1]).name).toBeUndefined();
    expect(names.config('SELECT 1', undefined).name).toBeUndefined();
  });
});
