// The behaviour both adapters promise, as one suite: queries, transactions, nesting, isolation from plain queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigratableDb } from '../../src/index.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function dbBehaviour(name: string, open: () => Promise<MigratableDb>): void {
  describe(`${name}: the Db interface`, () => {
    let db: MigratableDb;

    beforeAll(async () => {
      db = await open();
      await db.exec(`
        CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL);
        CREATE TABLE counter (n int NOT NULL);
        INSERT INTO counter VALUES (0);
      `);
    });

    afterAll(async () => {
      await db?.close();
    });

    it('runs parameterised queries and returns rows; int8 comes back as a number', async () => {
      await db.query('INSERT INTO items VALUES ($1, $2), ($3, $4)', [1, 'one', 2, 'two']);
      const { rows } = await db.query<{ id: number; label: string }>(
        'SELECT id, label FROM items WHERE id = ANY($1::int[]) ORDER BY id',
        [[1, 2]],
      );
      expect(rows).toEqual([
        { id: 1, label: 'one' },
        { id: 2, label: 'two' },
      ]);
      const count = await db.query<{ n: unknown; big: unknown }>(
        "SELECT count(*) AS n, '9007199254740993'::int8 AS big FROM items",
      );
      expect(count.rows[0]).toEqual({ n: 2, big: 9007199254740993n });
      await db.query('DELETE FROM items');
    });

    it('commits a transaction that resolves and rolls back one that throws, nested calls included', async () => {
      const value = await db.transaction(async (tx) => {
        await tx.query("INSERT INTO items VALUES (10, 'kept')");
        return tx.transaction(async (inner) => {
          await inner.query("INSERT INTO items VALUES (11, 'kept too')");
          return 'result';
        });
      });
      expect(value).toBe('result');
      const failure = new Error('handler failed');
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO items VALUES (12, 'gone')");
          await tx.transaction(async (inner) => {
            await inner.query("INSERT INTO items VALUES (13, 'gone too')");
          });
          throw failure;
        }),
      ).rejects.toBe(failure);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM items ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual([10, 11]);
      await db.query('DELETE FROM items');
    });

    it('rolls back a transaction whose statement fails, and the handle keeps working', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO items VALUES (20, 'gone')");
          await tx.query("INSERT INTO items VALUES (20, 'duplicate key')");
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect((await db.query('SELECT id FROM items')).rows).toEqual([]);
    });

    it('runs statements a transaction issues together in order, each answered with its own rows', async () => {
      const got = await db.transaction((tx) =>
        Promise.all([
          tx.query("INSERT INTO items VALUES ($1, 'together') RETURNING id", [30]),
          tx.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE id = $1', [30]),
          tx.query<{ n: number }>('SELECT $1::int + 1 AS n', [41]),
        ]),
      );
      expect(got.map((r) => r.rows)).toEqual([[{ id: 30 }], [{ n: 1 }], [{ n: 42 }]]);
      await db.query('DELETE FROM items');
    });

    it('withSession keeps session state across its statements and returns what fn returns', async () => {
      const got = await db.withSession(async (session) => {
        await session.query("SET application_name = 'accord-session-test'");
        const { rows } = await session.query<{ name: string }>('SELECT current_setting($1) AS name', [
          'application_name',
        ]);
        await session.query('RESET application_name');
        return rows[0]!.name;
      });
      expect(got).toBe('accord-session-test');
    });

    it('runs multi-statement scripts with exec, also inside a transaction', async () => {
      await db.transaction(async (tx) => {
        await tx.exec("INSERT INTO items VALUES (30, 'a'); INSERT INTO items VALUES (31, 'b');");
      });
      expect((await db.query('SELECT id FROM items ORDER BY id')).rows).toEqual([{ id: 30 }, { id: 31 }]);
      await db.query('DELETE FROM items');
    });

    it('never shows a plain query the writes of a transaction still open, nor of one rolled back', async () => {
      let inside!: () => void;
      const written = new Promise<void>((r) => {
        inside = r;
      });
      const tx = db
        .transaction(async (t) => {
          await t.query("INSERT INTO items VALUES (40, 'uncommitted')");
          inside();
          await tick(50);
          throw new Error('roll it back');
        })
        .catch((err: Error) => err.message);
      await written;
      const during = await db.query('SELECT id FROM items WHERE id = 40');
      expect(during.rows).toEqual([]);
      expect(await tx).toBe('roll it back');
      expect((await db.query('SELECT id FROM items WHERE id = 40')).rows).toEqual([]);
    });

    it('keeps concurrent read-modify-write transactions from losing updates (with a row lock)', async () => {
      await db.query('UPDATE counter SET n = 0');
      await Promise.all(
        Array.from({ length: 8 }, () =>
          db.transaction(async (tx) => {
            const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter FOR UPDATE');
            await tick(5);
            await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
          }),
        ),
      );
      expect((await db.query('SELECT n FROM counter')).rows).toEqual([{ n: 8 }]);
    });

    it('close() waits for the work in flight and may be called twice', async () => {
      const other = await open();
      await other.exec('CREATE TABLE IF NOT EXISTS closing (n int)');
      const work = other.transaction(async (tx) => {
        await tick(30);
        await tx.query('INSERT INTO closing VALUES (1)');
        return 'done';
      });
      await tick(5);
      const [result] = await Promise.all([work, other.close(), other.close()]);
      expect(result).toBe('done');
      await expect(other.query('SELECT 1')).rejects.toThrow();
    });
  });
}
