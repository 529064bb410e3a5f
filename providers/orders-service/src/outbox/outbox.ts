// Named query functions over the outbox table: enqueue inside the business transaction, claim/mark for the relay.
import type { Queryable } from '@accord/db';
import { routingKeyFor } from '../orders/events.js';

/** Any CloudEvents envelope the service publishes. */
export interface EventEnvelope {
  id: string;
  type: string;
  schemaversion: number;
  source: string;
  time: string;
  data: unknown;
}

export interface OutboxRow {
  seq: number;
  eventId: string;
  aggregateId: string;
  eventType: string;
  schemaVersion: number;
  routingKey: string;
  payload: EventEnvelope;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

interface Row {
  seq: number | string;
  event_id: string;
  aggregate_id: string;
  event_type: string;
  schema_version: number;
  routing_key: string;
  payload: EventEnvelope;
  sent_at: Date | string | null;
  attempts: number;
  last_error: string | null;
}

const toRow = (r: Row): OutboxRow => ({
  seq: Number(r.seq),
  eventId: r.event_id,
  aggregateId: r.aggregate_id,
  eventType: r.event_type,
  schemaVersion: r.schema_version,
  routingKey: r.routing_key,
  payload: r.payload,
  sentAt: r.sent_at === null ? null : new Date(r.sent_at).toISOString(),
  attempts: r.attempts,
  lastError: r.last_error,
});

const ENQUEUE = `
INSERT INTO outbox (event_id, aggregate_id, event_type, schema_version, routing_key, payload)
VALUES ($1, $2, $3, $4, $5, $6::jsonb)`;

/** Must run in the transaction that changes the aggregate: both rows commit or neither does. */
export async function enqueueEvent(tx: Queryable, aggregateId: string, event: EventEnvelope): Promise<void> {
  await tx.query(ENQUEUE, [
    event.id,
    aggregateId,
    event.type,
    event.schemaversion,
    routingKeyFor(event.type, event.schemaversion),
    JSON.stringify(event),
  ]);
}

// SKIP LOCKED: concurrent relays (several instances on one PostgreSQL) take disjoint batches instead of waiting.
const CLAIM_UNSENT = `
SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`;

/** Locks up to `limit` unsent rows, oldest first, for the rest of the caller's transaction. */
export async function claimUnsent(tx: Queryable, limit: number): Promise<OutboxRow[]> {
  const { rows } = await tx.query<Row>(CLAIM_UNSENT, [limit]);
  return rows.map(toRow);
}

const MARK_SENT = `
UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE seq = ANY($1::bigint[])`;

export async function markSent(tx: Queryable, seqs: readonly number[]): Promise<void> {
  if (seqs.length === 0) return;
  await tx.query(MARK_SENT, [seqs]);
}

const RECORD_FAILURE = 'UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1';

export async function recordFailure(tx: Queryable, seq: number, error: string): Promise<void> {
  await tx.query(RECORD_FAILURE, [seq, error.slice(0, 2000)]);
}

const BY_AGGREGATE = 'SELECT * FROM outbox WHERE aggregate_id = $1 ORDER BY seq';

export async function eventsForAggregate(db: Queryable, aggregateId: string): Promise<OutboxRow[]> {
  const { rows } = await db.query<Row>(BY_AGGREGATE, [aggregateId]);
  return rows.map(toRow);
}

const COUNT_UNSENT = 'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL';

export async function countUnsent(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(COUNT_UNSENT);
  return Number(rows[0]?.n ?? 0);
}
