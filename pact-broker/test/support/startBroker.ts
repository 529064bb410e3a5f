// Test helper: starts a broker on a random loopback port over PGlite or a fresh PostgreSQL database, and stops it.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { type Broker, createBroker } from '../../src/app.js';
import { type AuthConfig, type BrokerConfig, defaultConfig } from '../../src/config.js';
import type { MigratableDb } from '../../src/db/db.js';
import { openPglite } from '../../src/db/index.js';
import type { Log } from '../../src/deps.js';

export type Storage = 'pglite' | 'postgres';

/** The storage this test run uses: ACCORD_BROKER_STORAGE=postgres runs the suite against the PostgreSQL server. */
export const storage: Storage = process.env.ACCORD_BROKER_STORAGE === 'postgres' ? 'postgres' : 'pglite';

export const adminDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestBroker {
  url: string;
  broker: Broker;
  databaseUrl?: string | undefined;
  close(): Promise<void>;
}

/** Creates an empty PostgreSQL database for one test file; the returned function drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `accord_broker_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminDatabaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function startBroker(
  options: { storage?: Storage; auth?: Partial<AuthConfig>; config?: Partial<BrokerConfig>; log?: Log } = {},
): Promise<TestBroker> {
  const which = options.storage ?? storage;
  const database = which === 'postgres' ? await createTestDatabase() : undefined;
  const base = defaultConfig();
  const config: BrokerConfig = {
    ...base,
    host: '127.0.0.1',
    port: 0,
    databaseUrl: database?.url,
    ...options.config,
    auth: { ...base.auth, ...options.auth },
  };
  // In-memory PGlite starts from the migrated template dumped by globalSetup (skips initdb).
  let db: MigratableDb | undefined;
  const template = which === 'pglite' && !config.dataDir ? inject('pgliteTemplate') : undefined;
  if (template) db = await openPglite({ loadDataDir: new Blob([await readFile(template)]) });
  const broker = await createBroker(config, {
    ...(db ? { db } : {}),
    log:
      options.log ??
      ((level, message) => {
        if (level === 'error') process.stderr.write(`[broker] ${message}\n`);
      }),
  });
  return {
    url: broker.url,
    broker,
    databaseUrl: database?.url,
    async close() {
      await broker.close();
      await database?.drop();
    },
  };
}
