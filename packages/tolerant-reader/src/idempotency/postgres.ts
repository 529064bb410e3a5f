// PostgreSQL IdempotencyStore over any `{ query(sql, params) }` client: an @accord/db handle, a pg Pool/Client, or PGlite.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Db, migrate, type Queryable } from '@accord/db';
import { type ClaimOptions, type ClaimOutcome, DEFAULT_LEASE_MS, type IdempotencyStore } from './store.js';

/** The one method the store needs (declared in @accord/db); `pg` Pool/Client and PGlite have it too. */
export type { Queryable } from '@accord/db';

// Same relative location from src/idempotency and dist/idempotency; `migrations/` ships with the package.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const MIGRATION_URL = new URL('../../migrations/001_processed_messages.sql', import.meta.url);

// Which of this package's migrations ran: kept apart from the service's own `schema_migrations` in the same
// schema, so the two sets of files never mistake each other's names.
const MIGRATIONS_LEDGER = 'accord_idempotency_migrations';

let migrationSql: string | undefined;

/** The SQL that creates the ledger table (idempotent: CREATE TABLE IF NOT EXISTS), for your migration tool. */
export function idempotencyMigrationSql(): string {
  migrationSql ??= readFileSync(MIGRATION_URL, 'utf8');
  return migrationSql;
}

/**
 * Applies the store's migrations with @accord/db's `migrate` (in the schema the handle's search_path selects),
 * recorded in `accord_idempotency_migrations`; returns the names applied now. Tables created before the ledger
 * existed are kept: the migration is `CREATE TABLE IF NOT EXISTS`.
 */
export function migrateIdempotencyStore(db: Db): Promise<string[]> {
  return migrate(db, MIGRATIONS_DIR, { ledgerTable: MIGRATIONS_LEDGER });
}

// A fresh claim inserts; a claim on an expired in-progress lease (crashed worker) takes it over in the
// same statement, so two workers can never both win. Done rows and live leases are left alone.
const CLAIM_SQL = `
INSERT INTO accord_processed_messages AS m (consumer, message_id, status, claim_token, claimed_at, lease_until)
VALUES ($1, $2, 'in_progress', $3, now(), now() + ($4::double precision * interval '1 millisecond'))
ON CONFLICT (consumer, message_id) DO UPDATE
  SET claim_token = EXCLUDED.claim_token,
      claimed_at = EXCLUDED.claimed_at,
      lease_until = EXCLUDED.lease_until,
      attempts = m.attempts + 1
  WHERE m.status = 'in_progress' AND m.lease_until <= now()
RETURNING attempts`;

const STATUS_SQL = `
SELECT status FROM accord_processed_messages WHERE consumer = $1 AND message_id = $2`;

const MARK_DONE_SQL = `
UPDATE accord_processed_messages SET status = 'done', done_at = now()
WHERE consumer = $1 AND message_id = $2 AND claim_token = $3 AND status = 'in_progress'
RETURNING 1 AS ok`;

const RELEASE_SQL = `
UPDATE accord_processed_messages SET lease_until = now()
WHERE consumer = $1 AND message_id = $2 AND claim_token = $3 AND status = 'in_progress'
RETURNING 1 AS ok`;

const PRUNE_SQL = `
DELETE FROM accord_processed_messages WHERE status = 'done' AND done_at < $1
RETURNING 1 AS ok`;

async function insertClaim(
  db: Queryable,
  consumer: string,
  messageId: string,
  token: string,
  leaseMs: number,
) {
  const { rows } = await db.query(CLAIM_SQL, [consumer, messageId, token, leaseMs]);
  return rows[0] as { attempts: number } | undefined;
}

async function currentStatus(db: Queryable, consumer: string, messageId: string) {
  const { rows } = await db.query(STATUS_SQL, [consumer, messageId]);
  return (rows[0] as { status: 'in_progress' | 'done' } | undefined)?.status;
}

export function createPostgresIdempotencyStore(db: Queryable): IdempotencyStore {
  return {
    async claim(messageId: string, consumer: string, options: ClaimOptions = {}): Promise<ClaimOutcome> {
      const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
      // Two rounds cover the only race left: the row vanished (pruned) between our two statements.
      for (let round = 0; round < 2; round++) {
        const token = randomUUID();
        const claimed = await insertClaim(db, consumer, messageId, token, leaseMs);
        if (claimed !== undefined) return { status: 'claimed', token, attempts: Number(claimed.attempts) };
        const status = await currentStatus(db, consumer, messageId);
        if (status === 'done') return { status: 'done' };
        if (status === 'in_progress') return { status: 'in-progress' };
      }
      return { status: 'in-progress' };
    },
    async markDone(messageId, consumer, token) {
      const { rows } = await db.query(MARK_DONE_SQL, [consumer, messageId, token]);
      return rows.length === 1;
    },
    async release(messageId, consumer, token) {
      await db.query(RELEASE_SQL, [consumer, messageId, token]);
    },
    async prune(olderThan) {
      const { rows } = await db.query(PRUNE_SQL, [olderThan.toISOString()]);
      return rows.length;
    },
  };
}
