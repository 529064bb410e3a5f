// Applies a folder of NNNN_name.sql files in order, each once and in its own transaction, recorded in a ledger table.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DbError } from './errors.js';
import { quoteIdent, validSchema } from './sql.js';
import type { Db } from './types.js';

export interface MigrateOptions {
  /**
   * The ledger table, in the schema the search_path selects (default `schema_migrations`). Two sets of
   * migrations in one schema (a service's own and a library's) each need their own ledger.
   */
  ledgerTable?: string | undefined;
}

export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 of the file with line endings normalised, so a checkout with CRLF endings matches. */
  checksum: string;
}

const NAME = /^(\d+)_[A-Za-z0-9_-]+\.sql$/;

/** Reads a migrations folder: every `NNNN_name.sql`, ordered by number; anything else ending in .sql is an error. */
export async function loadMigrations(dir: string): Promise<MigrationFile[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    throw new DbError(
      'migration_invalid',
      `cannot read the migrations folder ${dir}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const files = entries.filter((f) => f.endsWith('.sql'));
  const bad = files.find((f) => !NAME.test(f));
  if (bad !== undefined) {
    throw new DbError('migration_invalid', `migration file ${bad} is not named NNNN_name.sql`, {
      migration: bad,
    });
  }
  const numbered = files
    .map((name) => ({ name, n: Number(NAME.exec(name)![1]) }))
    .sort((a, b) => a.n - b.n || a.name.localeCompare(b.name));
  for (let i = 1; i < numbered.length; i++) {
    if (numbered[i]!.n === numbered[i - 1]!.n) {
      throw new DbError(
        'migration_invalid',
        `migrations ${numbered[i - 1]!.name} and ${numbered[i]!.name} have the same number`,
        { migration: numbered[i]!.name },
      );
    }
  }
  return Promise.all(
    numbered.map(async ({ name }) => {
      const sql = await readFile(join(dir, name), 'utf8');
      const checksum = createHash('sha256').update(sql.replaceAll('\r\n', '\n')).digest('hex');
      return { name, sql, checksum };
    }),
  );
}

/**
 * Applies the migrations in `dir` that the ledger does not list and returns their names. Several processes may
 * run this at once on one database: a transaction-scoped advisory lock (per schema and ledger) makes them take
 * turns. Refuses to start (DbError `migration_changed`) when a file that was applied has changed since.
 * A migration runs in a transaction, so it cannot use statements that refuse one (CREATE INDEX CONCURRENTLY).
 */
export async function migrate(db: Db, dir: string, options: MigrateOptions = {}): Promise<string[]> {
  const ledger = options.ledgerTable ?? 'schema_migrations';
  if (!validSchema(ledger)) {
    throw new DbError(
      'migration_invalid',
      `ledger table must be a lower-case SQL identifier, got "${ledger}"`,
    );
  }
  const table = quoteIdent(ledger);
  const migrations = await loadMigrations(dir);
  const lock = (tx: Db) =>
    tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.' || $1))", [ledger]);

  const pending = await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), checksum text);
       ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS checksum text;`,
    );
    const { rows } = await tx.query<{ name: string; checksum: string | null }>(
      `SELECT name, checksum FROM ${table}`,
    );
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const m of migrations) {
      if (!applied.has(m.name)) continue;
      const recorded = applied.get(m.name);
      if (recorded === null) {
        // Ledgers written before checksums were kept: the file as it is now is taken as the applied one.
        await tx.query(`UPDATE ${table} SET checksum = $2 WHERE name = $1`, [m.name, m.checksum]);
      } else if (recorded !== m.checksum) {
        throw new DbError(
          'migration_changed',
          `migration ${m.name} was changed after it was applied (${ledger} has checksum ${recorded!.slice(0, 12)}, the file ${m.checksum.slice(0, 12)}); restore it and put the change in a new migration`,
          { migration: m.name },
        );
      }
    }
    return migrations.filter((m) => !applied.has(m.name));
  });

  const done: string[] = [];
  for (const m of pending) {
    const ran = await db
      .transaction(async (tx) => {
        await lock(tx);
        // Another process may have applied it while this one waited for the lock.
        const { rows } = await tx.query(`SELECT 1 FROM ${table} WHERE name = $1`, [m.name]);
        if (rows.length > 0) return false;
        await tx.exec(m.sql);
        await tx.query(`INSERT INTO ${table} (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        return true;
      })
      .catch((err: unknown) => {
        throw new DbError('migration_failed', `migration ${m.name} failed: ${(err as Error).message}`, {
          cause: err,
          migration: m.name,
        });
      });
    if (ran) done.push(m.name);
  }
  return done;
}
