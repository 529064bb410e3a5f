// SQL for webhooks, the delivery outbox (claim with FOR UPDATE SKIP LOCKED and a lease) and execution logs.

import type { Db } from '../db/db.js';
import type { RenderedRequest, TemplateContext, WebhookRequest } from './template.js';

export interface WebhookRow {
  id: number;
  uuid: string;
  description: string | null;
  consumer_id: number | null;
  provider_id: number | null;
  consumer_name: string | null;
  provider_name: string | null;
  consumer_label: string | null;
  provider_label: string | null;
  events: string[];
  request: WebhookRequest;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const WEBHOOK = `SELECT w.id, w.uuid, w.description, w.consumer_id, w.provider_id, c.name AS consumer_name, p.name AS provider_name,
       w.consumer_label, w.provider_label, w.events, w.request, w.enabled, w.created_at, w.updated_at
  FROM webhooks w
  LEFT JOIN pacticipants c ON c.id = w.consumer_id
  LEFT JOIN pacticipants p ON p.id = w.provider_id`;

export async function listWebhooks(
  db: Db,
  filter: { consumerId?: number | undefined; providerId?: number | undefined } = {},
): Promise<WebhookRow[]> {
  return (
    await db.query<WebhookRow>(
      `${WEBHOOK} WHERE ($1::int IS NULL OR w.consumer_id = $1) AND ($2::int IS NULL OR w.provider_id = $2) ORDER BY w.id`,
      [filter.consumerId ?? null, filter.providerId ?? null],
    )
  ).rows;
}

export async function findWebhook(db: Db, uuid: string): Promise<WebhookRow | undefined> {
  return (await db.query<WebhookRow>(`${WEBHOOK} WHERE w.uuid = $1`, [uuid])).rows[0];
}

/**
 * Enabled webhooks for an event between these pacticipants, after the official matching rules: a webhook names
 * each side by pacticipant, by label (matched against the side's current labels) or not at all (any).
 */
/** Whether an enabled webhook for one of `events` could match one of these consumers (before any label check). */
export async function anyWebhookFor(db: Db, events: string[], consumerIds: number[]): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM webhooks WHERE enabled AND events && $1::text[]
        AND (consumer_id IS NULL OR consumer_id = ANY($2::int[])) LIMIT 1`,
    [events, consumerIds],
  );
  return rows.length > 0;
}

export async function matchingWebhooks(
  db: Db,
  events: string[],
  consumerId: number,
  providerId: number,
): Promise<WebhookRow[]> {
  return (
    await db.query<WebhookRow>(
      `${WEBHOOK} WHERE w.enabled AND w.events && $1::text[]
          AND CASE WHEN w.consumer_id IS NOT NULL THEN w.consumer_id = $2
                   WHEN w.consumer_label IS NOT NULL THEN EXISTS (
                     SELECT 1 FROM labels l WHERE l.pacticipant_id = $2 AND l.name = w.consumer_label)
                   ELSE true END
          AND CASE WHEN w.provider_id IS NOT NULL THEN w.provider_id = $3
                   WHEN w.provider_label IS NOT NULL THEN EXISTS (
                     SELECT 1 FROM labels l WHERE l.pacticipant_id = $3 AND l.name = w.provider_label)
                   ELSE true END
        ORDER BY w.id`,
      [events, consumerId, providerId],
    )
  ).rows;
}

/** A pacticipant's label names joined with ", " (${pactbroker.consumerLabels} / providerLabels). */
export async function labelList(db: Db, pacticipantId: number): Promise<string> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT name FROM labels WHERE pacticipant_id = $1 ORDER BY name',
    [pacticipantId],
  );
  return rows.map((r) => r.name).join(', ');
}

export interface WebhookFields {
  description: string | null;
  consumerId: number | null;
  providerId: number | null;
  consumerLabel: string | null;
  providerLabel: string | null;
  events: string[];
  request: WebhookRequest;
  enabled: boolean;
}

export async function insertWebhook(db: Db, uuid: string, f: WebhookFields): Promise<void> {
  await db.query(
    `INSERT INTO webhooks (uuid, description, consumer_id, provider_id, events, request, enabled, consumer_label, provider_label)
     VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7, $8, $9)`,
    [
      uuid,
      f.description,
      f.consumerId,
      f.providerId,
      f.events,
      JSON.stringify(f.request),
      f.enabled,
      f.consumerLabel,
      f.providerLabel,
    ],
  );
}

export async function updateWebhook(db: Db, id: number, f: WebhookFields): Promise<void> {
  await db.query(
    `UPDATE webhooks SET description = $2, consumer_id = $3, provider_id = $4, events = $5::text[], request = $6::jsonb,
            enabled = $7, consumer_label = $8, provider_label = $9, updated_at = clock_timestamp() WHERE id = $1`,
    [
      id,
      f.description,
      f.consumerId,
      f.providerId,
      f.events,
      JSON.stringify(f.request),
      f.enabled,
      f.consumerLabel,
      f.providerLabel,
    ],
  );
}

export async function deleteWebhook(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM webhooks WHERE id = $1', [id]);
}

export interface NewDelivery {
  uuid: string;
  webhook: WebhookRow;
  eventName: string;
  consumerId: number;
  providerId: number;
  pactVersionId: number | null;
  verificationId: number | null;
  context: TemplateContext;
  request: RenderedRequest;
  maxAttempts: number;
}

export async function insertDelivery(db: Db, d: NewDelivery): Promise<void> {
  await db.query(
    `INSERT INTO webhook_deliveries (uuid, webhook_id, webhook_uuid, event_name, consumer_id, provider_id, pact_version_id,
        verification_id, context, request, max_attempts)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11)`,
    [
      d.uuid,
      d.webhook.id,
      d.webhook.uuid,
      d.eventName,
      d.consumerId,
      d.providerId,
      d.pactVersionId,
      d.verificationId,
      JSON.stringify(d.context),
      JSON.stringify(d.request),
      d.maxAttempts,
    ],
  );
}

export interface DeliveryRow {
  id: number;
  uuid: string;
  webhook_uuid: string;
  event_name: string;
  consumer_name: string | null;
  provider_name: string | null;
  context: TemplateContext;
  request: RenderedRequest;
  status: 'pending' | 'retrying' | 'success' | 'dead';
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

const DELIVERY = `SELECT d.id, d.uuid, d.webhook_uuid, d.event_name, c.name AS consumer_name, p.name AS provider_name, d.context,
       d.request, d.status, d.attempts, d.max_attempts, d.next_attempt_at, d.last_error, d.created_at, d.updated_at
  FROM webhook_deliveries d
  LEFT JOIN pacticipants c ON c.id = d.consumer_id
  LEFT JOIN pacticipants p ON p.id = d.provider_id`;

export async function listDeliveries(
  db: Db,
  filter: { webhookUuid?: string | undefined; status?: string | undefined; limit: number },
): Promise<DeliveryRow[]> {
  return (
    await db.query<DeliveryRow>(
      `${DELIVERY} WHERE ($1::text IS NULL OR d.webhook_uuid = $1) AND ($2::text IS NULL OR d.status = $2)
        ORDER BY d.id DESC LIMIT $3`,
      [filter.webhookUuid ?? null, filter.status ?? null, filter.limit],
    )
  ).rows;
}

/** The newest delivery of each webhook and event for an integration (what its webhook status reports). */
export async function latestDeliveriesOfIntegration(
  db: Db,
  consumerId: number,
  providerId: number,
): Promise<DeliveryRow[]> {
  return (
    await db.query<DeliveryRow>(
      `${DELIVERY} WHERE d.id IN (
         SELECT DISTINCT ON (webhook_uuid, event_name) id FROM webhook_deliveries
          WHERE consumer_id = $1 AND provider_id = $2 ORDER BY webhook_uuid, event_name, id DESC)
        ORDER BY d.id`,
      [consumerId, providerId],
    )
  ).rows;
}

export async function findDelivery(db: Db, uuid: string): Promise<DeliveryRow | undefined> {
  return (await db.query<DeliveryRow>(`${DELIVERY} WHERE d.uuid = $1`, [uuid])).rows[0];
}

export interface ClaimedDelivery {
  id: number;
  uuid: string;
  request: RenderedRequest;
  attempts: number;
  max_attempts: number;
}

/**
 * Leases up to `limit` due deliveries to this process. SKIP LOCKED lets several brokers on one database claim
 * disjoint rows; the lease (locked_until) keeps a claimed row from being taken again until it expires, which is
 * also what makes a crashed process's deliveries come back.
 */
export async function claimDue(db: Db, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  return (
    await db.query<ClaimedDelivery>(
      `UPDATE webhook_deliveries d
          SET locked_until = clock_timestamp() + make_interval(secs => $1::double precision / 1000),
              attempts = d.attempts + 1, updated_at = clock_timestamp()
        WHERE d.id IN (SELECT id FROM webhook_deliveries
                        WHERE status IN ('pending', 'retrying') AND next_attempt_at <= clock_timestamp()
                          AND (locked_until IS NULL OR locked_until < clock_timestamp())
                        ORDER BY next_attempt_at, id LIMIT $2
                        FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.uuid, d.request, d.attempts, d.max_attempts`,
      [leaseMs, limit],
    )
  ).rows;
}

/** Records a try; `attempts` guards against a process whose lease expired overwriting a newer claim. */
export async function finishAttempt(
  db: Db,
  d: ClaimedDelivery,
  outcome: { success: boolean; error: string | null; retryInMs: number | null },
): Promise<void> {
  const status = outcome.success ? 'success' : outcome.retryInMs === null ? 'dead' : 'retrying';
  await db.query(
    `UPDATE webhook_deliveries
        SET status = $3, last_error = $4, locked_until = NULL, updated_at = clock_timestamp(),
            next_attempt_at = CASE WHEN $5::double precision IS NULL THEN next_attempt_at
                                   ELSE clock_timestamp() + make_interval(secs => $5::double precision / 1000) END
      WHERE id = $1 AND attempts = $2`,
    [d.id, d.attempts, status, outcome.error, outcome.retryInMs],
  );
}

export async function insertExecution(
  db: Db,
  deliveryId: number,
  e: {
    attempt: number;
    success: boolean;
    status: number | null;
    error: string | null;
    logs: string;
    durationMs: number;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO webhook_executions (delivery_id, attempt, success, response_status, error, logs, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [deliveryId, e.attempt, e.success, e.status, e.error, e.logs, e.durationMs],
  );
}

export interface ExecutionRow {
  attempt: number;
  success: boolean;
  response_status: number | null;
  error: string | null;
  logs: string;
  duration_ms: number;
  created_at: Date;
}

export async function executionsOf(db: Db, deliveryId: number): Promise<ExecutionRow[]> {
  return (
    await db.query<ExecutionRow>(
      'SELECT attempt, success, response_status, error, logs, duration_ms, created_at FROM webhook_executions WHERE delivery_id = $1 ORDER BY id',
      [deliveryId],
    )
  ).rows;
}

export async function requeueDelivery(db: Db, id: number, maxAttempts: number): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'retrying', next_attempt_at = clock_timestamp(), locked_until = NULL,
            max_attempts = attempts + $2, updated_at = clock_timestamp() WHERE id = $1`,
    [id, maxAttempts],
  );
}

/** Deliveries triggered by one consumer version's pact publication, or by one verification result. */
export async function deliveriesForSource(
  db: Db,
  source:
    | { kind: 'pact'; provider: string; consumer: string; version: string }
    | { kind: 'verification'; provider: string; consumer: string; sha: string; number: number },
): Promise<DeliveryRow[]> {
  if (source.kind === 'pact') {
    return (
      await db.query<DeliveryRow>(
        `${DELIVERY} WHERE p.name = $1 AND c.name = $2 AND d.verification_id IS NULL AND d.context->>'consumerVersionNumber' = $3
          ORDER BY d.id DESC LIMIT 100`,
        [source.provider, source.consumer, source.version],
      )
    ).rows;
  }
  return (
    await db.query<DeliveryRow>(
      `${DELIVERY} WHERE d.verification_id = (
         SELECT x.id FROM verifications x JOIN pact_versions pv ON pv.id = x.pact_version_id
           JOIN pacticipants xc ON xc.id = pv.consumer_id JOIN pacticipants xp ON xp.id = pv.provider_id
          WHERE xp.name = $1 AND xc.name = $2 AND pv.sha = $3 AND x.number = $4)
        ORDER BY d.id DESC`,
      [source.provider, source.consumer, source.sha, source.number],
    )
  ).rows;
}

export interface VersionInfo {
  number: string;
  branch: string | null;
  tags: string[];
}

/** A version's number, its newest branch and its tags (template values of webhook requests). */
export async function versionInfo(db: Db, versionId: number): Promise<VersionInfo | undefined> {
  const { rows } = await db.query<{ number: string; branch: string | null; tags: string[] | null }>(
    `SELECT v.number,
            (SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
              WHERE bv.version_id = v.id ORDER BY bv.id DESC LIMIT 1) AS branch,
            (SELECT array_agg(t.name ORDER BY t.id) FROM tags t WHERE t.version_id = v.id) AS tags
       FROM versions v WHERE v.id = $1`,
    [versionId],
  );
  const r = rows[0];
  return r ? { number: r.number, branch: r.branch, tags: r.tags ?? [] } : undefined;
}

/** The provider's distinct currently deployed version numbers. */
export async function deployedProviderVersions(db: Db, providerId: number): Promise<string[]> {
  const { rows } = await db.query<{ number: string }>(
    `SELECT DISTINCT v.number FROM deployed_versions d JOIN versions v ON v.id = d.version_id
      WHERE d.pacticipant_id = $1 AND d.currently_deployed ORDER BY v.number`,
    [providerId],
  );
  return rows.map((r) => r.number);
}

export async function versionIdByNumber(
  db: Db,
  pacticipantId: number,
  number: string,
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM versions WHERE pacticipant_id = $1 AND number = $2',
    [pacticipantId, number],
  );
  return rows[0]?.id;
}

/** The newest consumer version that published this content: the one a verification result is reported for. */
export async function consumerVersionOfPact(db: Db, pactVersionId: number): Promise<number | undefined> {
  const { rows } = await db.query<{ consumer_version_id: number }>(
    'SELECT consumer_version_id FROM pact_publications WHERE pact_version_id = $1 ORDER BY consumer_version_ord DESC LIMIT 1',
    [pactVersionId],
  );
  return rows[0]?.consumer_version_id;
}

/**
 * Provider versions that should verify newly published content: the head of the provider's main branch and the
 * versions currently deployed or released, minus those that already verified this content.
 */
export async function providerVersionsRequiringVerification(
  db: Db,
  providerId: number,
  pactVersionId: number,
): Promise<Array<{ id: number; description: string }>> {
  const { rows } = await db.query<{ id: number; description: string }>(
    `WITH candidates AS (
       SELECT (SELECT bv.version_id FROM pacticipants p
                 JOIN branches b ON b.pacticipant_id = p.id AND b.name = p.main_branch
                 JOIN branch_versions bv ON bv.branch_id = b.id
                WHERE p.id = $1 ORDER BY bv.version_ord DESC LIMIT 1) AS id,
              'latest version from main branch' AS description
       UNION ALL
       SELECT d.version_id, 'deployed to ' || e.name FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
        WHERE d.pacticipant_id = $1 AND d.currently_deployed
       UNION ALL
       SELECT r.version_id, 'released to ' || e.name FROM released_versions r JOIN environments e ON e.id = r.environment_id
        WHERE r.pacticipant_id = $1 AND r.support_ended_at IS NULL
     )
     SELECT c.id, string_agg(c.description, ', ' ORDER BY c.description) AS description
       FROM candidates c
      WHERE c.id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM verifications x WHERE x.pact_version_id = $2 AND x.provider_version_id = c.id)
      GROUP BY c.id ORDER BY c.id`,
    [providerId, pactVersionId],
  );
  return rows;
}

export interface WebhookTestPact {
  consumer: string;
  provider: string;
  /** The consumer version number. */
  number: string;
  sha: string;
  pact_version_id: number;
  build_url: string | null;
}

/** The newest publication a webhook would fire for (its consumer and provider, when scoped): a test run's data. */
export async function latestPactForWebhook(
  db: Db,
  consumerId: number | null,
  providerId: number | null,
): Promise<WebhookTestPact | undefined> {
  const { rows } = await db.query<WebhookTestPact>(
    `SELECT c.name AS consumer, p.name AS provider, v.number, pv.sha, pp.pact_version_id, v.build_url
       FROM pact_publications pp
       JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id
       JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id
      WHERE ($1::int IS NULL OR pp.consumer_id = $1) AND ($2::int IS NULL OR pp.provider_id = $2)
      ORDER BY pp.id DESC LIMIT 1`,
    [consumerId, providerId],
  );
  return rows[0];
}

/** The newest verification of a pact content, with its provider version number. */
export async function latestVerificationOf(
  db: Db,
  pactVersionId: number,
): Promise<{ number: number; success: boolean; provider_version: string } | undefined> {
  return (
    await db.query<{ number: number; success: boolean; provider_version: string }>(
      `SELECT x.number, x.success, v.number AS provider_version FROM verifications x JOIN versions v ON v.id = x.provider_version_id
        WHERE x.pact_version_id = $1 ORDER BY x.id DESC LIMIT 1`,
      [pactVersionId],
    )
  ).rows[0];
}

/** Deliveries waiting to be sent (pending or retrying) and dead ones: the relay's gauges. */
export async function deliveryCounts(db: Db): Promise<{ queued: number; dead: number }> {
  const { rows } = await db.query<{ queued: number; dead: number }>(
    `SELECT count(*) FILTER (WHERE status IN ('pending', 'retrying'))::int AS queued,
            count(*) FILTER (WHERE status = 'dead')::int AS dead
       FROM webhook_deliveries`,
  );
  return rows[0] ?? { queued: 0, dead: 0 };
}
