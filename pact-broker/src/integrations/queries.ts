// SQL of integrations: every (consumer, provider) pair that has pact content, and deleting their data.

import type { Db } from '../db/db.js';

export interface IntegrationRow {
  consumer_id: number;
  consumer_name: string;
  provider_id: number;
  provider_name: string;
  contract_data_updated_at: Date;
}

/**
 * Integrations newest contract data first (a publication, a revision or a verification), optionally those whose
 * consumer or provider name contains `q` case-insensitively. Content outlives the deletion of single pacts, so an
 * integration does too, as upstream's integrations table row does.
 */
export async function listIntegrations(
  db: Db,
  /** An ILIKE pattern of either side's name (containsPattern), or null for all. */
  pattern: string | null,
  limit: number | null,
  offset: number,
): Promise<{ rows: IntegrationRow[]; total: number }> {
  const from = `FROM (
      SELECT consumer_id, provider_id, max(at) AS contract_data_updated_at FROM (
        SELECT consumer_id, provider_id, created_at AS at FROM pact_versions
        UNION ALL SELECT consumer_id, provider_id, updated_at FROM pact_publications
        UNION ALL SELECT consumer_id, provider_id, created_at FROM verifications) x
      GROUP BY consumer_id, provider_id) i
    JOIN pacticipants c ON c.id = i.consumer_id
    JOIN pacticipants p ON p.id = i.provider_id
    WHERE ($1::text IS NULL OR c.name ILIKE $1 OR p.name ILIKE $1)`;
  const [{ rows }, count] = await Promise.all([
    db.query<IntegrationRow>(
      `SELECT i.consumer_id, c.name AS consumer_name, i.provider_id, p.name AS provider_name, i.contract_data_updated_at
       ${from} ORDER BY i.contract_data_updated_at DESC, i.consumer_id DESC, i.provider_id DESC LIMIT $2 OFFSET $3`,
      [pattern, limit, offset],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, [pattern]),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

/** Every pacticipant and its contract data and webhooks (environments stay), as DELETE /integrations does. */
export async function deleteAllContractData(tx: Db): Promise<void> {
  await tx.query('DELETE FROM webhook_deliveries');
  await tx.query('DELETE FROM webhooks');
  // Versions, branches, tags, contents, publications, verifications, deployments and labels go by cascade.
  await tx.query('DELETE FROM pacticipants');
}

/**
 * One integration's data: its deliveries, the webhooks scoped to exactly this pair, verifications, publications and
 * contents; then the versions of either side that no longer published or verified anything, and either side
 * that is left with nothing at all.
 */
export async function deleteIntegration(tx: Db, consumerId: number, providerId: number): Promise<void> {
  const pair = [consumerId, providerId];
  await tx.query('DELETE FROM webhook_deliveries WHERE consumer_id = $1 AND provider_id = $2', pair);
  await tx.query('DELETE FROM webhooks WHERE consumer_id = $1 AND provider_id = $2', pair);
  await tx.query('DELETE FROM verifications WHERE consumer_id = $1 AND provider_id = $2', pair);
  await tx.query('DELETE FROM pact_publications WHERE consumer_id = $1 AND provider_id = $2', pair);
  await tx.query('DELETE FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2', pair);
  await tx.query(
    `DELETE FROM versions v WHERE v.pacticipant_id = ANY($1::int[])
        AND NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.consumer_version_id = v.id)
        AND NOT EXISTS (SELECT 1 FROM verifications x WHERE x.provider_version_id = v.id)`,
    [pair],
  );
  await tx.query(
    `DELETE FROM pacticipants p WHERE p.id = ANY($1::int[])
        AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.pacticipant_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM pact_versions pv WHERE pv.consumer_id = p.id OR pv.provider_id = p.id)
        AND NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.consumer_id = p.id OR w.provider_id = p.id)`,
    [pair],
  );
}
