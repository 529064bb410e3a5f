// Applies migrations/*.sql in file-name order, each once and in its own transaction, recorded in schema_migrations.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OrdersServiceError } from '../errors.js';
import type { Db } from './db.js';

// Same relative location from src/db and dist/db; `migrations/` ships beside them.
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  name: string;
  sql: string;
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(`${dir}/${name}`, 'utf8') }));
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name text PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
// Two instances starting at once on one server migrate one after the other.
const LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.orders-service-migrations'))";
const APPLIED = 'SELECT name FROM schema_migrations';
const RECORD = 'INSERT INTO schema_migrations (name) VALUES ($1)';

/** Returns the names of the migrations applied by this call. */
export async function migrate(db: Db, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  await db.exec(CREATE_LEDGER);
  const applied: string[] = [];
  for (const migration of migrations) {
    try {
      const ran = await db.transaction(async (tx) => {
        await tx.query(LOCK);
        const done = new Set((await tx.query<{ name: string }>(APPLIED)).rows.map((r) => r.name));
        if (done.has(migration.name)) return false;
        // Migration files hold several statements; the simple protocol runs them in this transaction.
        for (const statement of splitStatements(migration.sql)) await tx.query(statement);
        await tx.query(RECORD, [migration.name]);
        return true;
      });
      if (ran) applied.push(migration.name);
    } catch (cause) {
      throw new OrdersServiceError(
        'MIGRATION_FAILED',
        `migration ${migration.name} failed: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  return applied;
}

/** Splits a migration on statement-ending semicolons (our migrations have no functions or quoted semicolons). */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
