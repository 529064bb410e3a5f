import { type MigratableDb, openPglite, openPostgres } from '@accord/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyStoreContract } from '../../test/support/idempotency-contract.js';
import {
  createPostgresIdempotencyStore,
  idempotencyMigrationSql,
  migrateIdempotencyStore,
} from './postgres.js';

// Read once at the edge of the test file; CI and local runs both have the server on this URL.
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `accord_tr_${process.pid}_${Date.now().toString(36)}`;

describe('PostgreSQL (server)', () => {
  let admin: pg.Client;
  let db: MigratableDb;
  let applied: string[];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    // Every pooled connection works inside the run's own schema.
    db = await openPostgres({ url: DATABASE_URL, schema: SCHEMA, poolSize: 4 });
    applied = await migrateIdempotencyStore(db);
  });

  afterAll(async () => {
    await db?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin?.end();
  });

  it('migrates once into the selected schema, recording it in its own ledger', async () => {
    expect(applied).toEqual(['001_processed_messages.sql']);
    expect(await migrateIdempotencyStore(db)).toEqual([]);
    const { rows } = await admin.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [SCHEMA],
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      'accord_idempotency_migrations',
      'accord_processed_messages',
    ]);
  });

  idempotencyStoreContract('@accord/db on PostgreSQL', () => ({
    store: createPostgresIdempotencyStore(db),
    expiredLeaseMs: 0,
  }));

  it('also takes a plain pg Pool as its Queryable', async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${SCHEMA}`, max: 1 });
    try {
      const store = createPostgresIdempotencyStore(pool);
      expect(await store.claim(`pool-${Date.now()}`, 'billing')).toMatchObject({ status: 'claimed' });
    } finally {
      await pool.end();
    }
  });
});

describe('PostgreSQL (PGlite, in memory)', () => {
  let db: MigratableDb;
  let applied: string[];

  beforeAll(async () => {
    db = await openPglite();
    // What migrateIdempotencyStore did before the ledger: run the one statement, record nothing.
    await db.exec(idempotencyMigrationSql());
    await createPostgresIdempotencyStore(db).claim('kept', 'billing');
    applied = await migrateIdempotencyStore(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('adopts a table created before the migration ledger existed, keeping its rows', async () => {
    expect(applied).toEqual(['001_processed_messages.sql']);
    expect(await createPostgresIdempotencyStore(db).claim('kept', 'billing')).toEqual({
      status: 'in-progress',
    });
  });

  it('ships the migration as one idempotent statement', () => {
    expect(idempotencyMigrationSql()).toMatch(/CREATE TABLE IF NOT EXISTS accord_processed_messages/);
  });

  idempotencyStoreContract('@accord/db on PGlite', () => ({
    store: createPostgresIdempotencyStore(db),
    expiredLeaseMs: 0,
  }));
});
