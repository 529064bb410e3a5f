import { PGlite } from '@electric-sql/pglite';
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
  let pool: pg.Pool;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    // Every pooled connection works inside the run's own schema.
    pool = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${SCHEMA}`, max: 4 });
    await migrateIdempotencyStore(pool);
    await migrateIdempotencyStore(pool); // the migration is repeatable
  });

  afterAll(async () => {
    await pool?.end();
    await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin?.end();
  });

  it('creates the ledger table in the selected schema', async () => {
    const { rows } = await admin.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [SCHEMA],
    );
    expect(rows.map((r) => r.table_name)).toEqual(['accord_processed_messages']);
  });

  idempotencyStoreContract('pg Pool', () => ({
    store: createPostgresIdempotencyStore(pool),
    expiredLeaseMs: 0,
  }));
});

describe('PostgreSQL (PGlite, in memory)', () => {
  let db: PGlite;

  beforeAll(async () => {
    db = new PGlite();
    await migrateIdempotencyStore(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('ships the migration as one idempotent statement', () => {
    expect(idempotencyMigrationSql()).toMatch(/CREATE TABLE IF NOT EXISTS accord_processed_messages/);
  });

  idempotencyStoreContract('PGlite', () => ({
    store: createPostgresIdempotencyStore(db),
    expiredLeaseMs: 0,
  }));
});
