import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres.js';
import { migrate } from './migrate.js';
import { openPglite, type PgliteDb } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Db, MigratableDb } from './types.js';

let root: string;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'accord-db-migrate-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh migrations folder holding `files`. */
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(root, 'm-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return dir;
}

const ledger = (db: Db, table = 'schema_migrations') =>
  db
    .query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM ${table} ORDER BY applied_at, name`,
    )
    .then((r) => r.rows);

/** The same behaviour on both engines; `schemaDb` gives a database whose search_path is a new, empty schema. */
function migrateBehaviour(name: string, schemaDb: () => Promise<Db>) {
  describe(`migrate on ${name}`, () => {
    it('applies NNNN_name.sql files in number order, once, each recorded with its checksum', async () => {
      const db = await schemaDb();
      const dir = await folder({
        '2_orders.sql': 'CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers);',
        '10_index.sql': 'CREATE INDEX orders_customer ON orders (customer);',
        '1_customers.sql':
          '-- customers first\nCREATE TABLE customers (id int PRIMARY KEY);\nINSERT INTO customers VALUES (1);',
        'README.md': 'not a migration',
      });
      expect(await migrate(db, dir)).toEqual(['1_customers.sql', '2_orders.sql', '10_index.sql']);
      const rows = await ledger(db);
      expect(rows.map((r) => r.name).sort()).toEqual(['10_index.sql', '1_customers.sql', '2_orders.sql']);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
      expect(await migrate(db, dir)).toEqual([]);
      expect((await db.query('SELECT id FROM customers')).rows).toEqual([{ id: 1 }]);
    });

    it('applies only the files added since the last run', async () => {
      const db = await schemaDb();
      const dir = await folder({ '0001_a.sql': 'CREATE TABLE a (id int);' });
      expect(await migrate(db, dir)).toEqual(['0001_a.sql']);
      await writeFile(join(dir, '0002_b.sql'), 'CREATE TABLE b (id int);');
      expect(await migrate(db, dir)).toEqual(['0002_b.sql']);
    });

    it('refuses to run when an applied file changed, and applies nothing', async () => {
      const db = await schemaDb();
      const dir = await folder({ '0001_a.sql': 'CREATE TABLE a (id int);' });
      await migrate(db, dir);
      await writeFile(join(dir, '0001_a.sql'), 'CREATE TABLE a (id int, extra text);');
      await writeFile(join(dir, '0002_b.sql'), 'CREATE TABLE b (id int);');
      await expect(migrate(db, dir)).rejects.toMatchObject({
        code: 'migration_changed',
        migration: '0001_a.sql',
        message: expect.stringMatching(/^migration 0001_a\.sql was changed after it was applied/),
      });
      const b =
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'b'";
      expect((await db.query(b)).rows).toEqual([]);
    });

    it('takes a file checked out with CRLF line endings as unchanged', async () => {
      const db = await schemaDb();
      const dir = await folder({ '0001_a.sql': '-- a\nCREATE TABLE a (id int);\n' });
      await migrate(db, dir);
      await writeFile(join(dir, '0001_a.sql'), '-- a\r\nCREATE TABLE a (id int);\r\n');
      expect(await migrate(db, dir)).toEqual([]);
    });

    it('brings a ledger from before checksums forward and checks files from then on', async () => {
      const db = await schemaDb();
      const dir = await folder({ '0001_a.sql': 'CREATE TABLE a (id int);' });
      // The ledger the broker and orders-service wrote before this package: name and applied_at only.
      await db.exec(`
        CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE a (id int);
        INSERT INTO schema_migrations (name) VALUES ('0001_a.sql');
      `);
      expect(await migrate(db, dir)).toEqual([]);
      expect((await ledger(db))[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
      await writeFile(join(dir, '0001_a.sql'), 'CREATE TABLE a (id bigint);');
      await expect(migrate(db, dir)).rejects.toMatchObject({ code: 'migration_changed' });
    });

    it('rolls a failing migration back whole, records nothing for it, and keeps the ones before', async () => {
      const db = await schemaDb();
      const dir = await folder({
        '0001_a.sql': 'CREATE TABLE a (id int);',
        '0002_broken.sql': 'CREATE TABLE half (id int);\nINSERT INTO no_such_table VALUES (1);',
        '0003_c.sql': 'CREATE TABLE c (id int);',
      });
      const err = await migrate(db, dir).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'migration_failed', migration: '0002_broken.sql' });
      expect((err as Error).message).toMatch(
        /^migration 0002_broken\.sql failed: relation "no_such_table" does not exist/,
      );
      expect((await ledger(db)).map((r) => r.name)).toEqual(['0001_a.sql']);
      const tables = await db.query<{ t: string }>(
        'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1',
      );
      expect(tables.rows.map((r) => r.t)).toEqual(['a', 'schema_migrations']);
    });

    it('keeps separate ledgers for separate sets of migrations in one schema', async () => {
      const db = await schemaDb();
      const service = await folder({ '001_shipments.sql': 'CREATE TABLE shipments (id int);' });
      const library = await folder({ '001_ledger.sql': 'CREATE TABLE processed (id int);' });
      expect(await migrate(db, service)).toEqual(['001_shipments.sql']);
      expect(await migrate(db, library, { ledgerTable: 'library_migrations' })).toEqual(['001_ledger.sql']);
      expect((await ledger(db)).map((r) => r.name)).toEqual(['001_shipments.sql']);
      expect((await ledger(db, 'library_migrations')).map((r) => r.name)).toEqual(['001_ledger.sql']);
    });

    it('refuses badly named and duplicate-numbered files with migration_invalid', async () => {
      const db = await schemaDb();
      await expect(migrate(db, await folder({ 'create tables.sql': 'SELECT 1;' }))).rejects.toMatchObject({
        code: 'migration_invalid',
        message: 'migration file create tables.sql is not named NNNN_name.sql',
      });
      await expect(
        migrate(db, await folder({ '0001_a.sql': 'SELECT 1;', '1_b.sql': 'SELECT 1;' })),
      ).rejects.toMatchObject({
        code: 'migration_invalid',
        message: 'migrations 0001_a.sql and 1_b.sql have the same number',
      });
      await expect(migrate(db, join(root, 'missing'))).rejects.toMatchObject({ code: 'migration_invalid' });
      await expect(migrate(db, await folder({}), { ledgerTable: 'x; DROP' })).rejects.toMatchObject({
        code: 'migration_invalid',
      });
    });
  });
}

describe('PGlite', () => {
  let db: PgliteDb;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db?.close();
  });
  migrateBehaviour('PGlite', async () => {
    const schema = `m${++n}`;
    await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema};`);
    return db;
  });
});

describe('PostgreSQL', () => {
  let database: TestDatabase;
  const open: MigratableDb[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const db of open) await db.close();
    await database?.drop();
  });
  const schemaDb = async () => {
    const db = await openPostgres({ url: database.url, poolSize: 2, schema: `m${++n}` });
    open.push(db);
    return db;
  };
  migrateBehaviour('PostgreSQL', schemaDb);

  it('lets several processes start at once: each migration runs exactly once', async () => {
    const schema = `m${++n}`;
    const dir = await folder({
      '0001_events.sql': 'CREATE TABLE events (n int);',
      '0002_first.sql': 'INSERT INTO events VALUES (1);',
      '0003_second.sql': 'INSERT INTO events VALUES (2);',
    });
    // Separate pools stand in for separate processes: separate sessions racing for the same ledger.
    const starters = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const db = await openPostgres({ url: database.url, poolSize: 1, schema });
        open.push(db);
        return db;
      }),
    );
    const applied = await Promise.all(starters.map((db) => migrate(db, dir)));
    expect(applied.flat().sort()).toEqual(['0001_events.sql', '0002_first.sql', '0003_second.sql']);
    expect((await starters[0]!.query('SELECT n FROM events ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
