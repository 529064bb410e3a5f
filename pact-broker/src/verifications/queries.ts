// Named SQL queries for verification results.

import type { Db } from '../db/db.js';

export interface VerificationRow {
  id: number;
  number: number;
  pact_version_id: number;
  sha: string;
  provider_version_id: number;
  provider_version_number: string;
  provider_name: string;
  consumer_name: string;
  success: boolean;
  build_url: string | null;
  test_results: unknown;
  verified_by: unknown;
  wip: boolean;
  pact_pending: boolean | null;
  execution_date: Date;
  created_at: Date;
}

const SELECT_COLUMNS = `
  SELECT vr.id, vr.number, vr.pact_version_id, pv.sha, vr.provider_version_id, v.number AS provider_version_number,
         p.name AS provider_name, c.name AS consumer_name, vr.success, vr.build_url, vr.test_results, vr.verified_by,
         vr.wip, vr.pact_pending, vr.execution_date, vr.created_at`;
const SELECT_JOINS = `
  JOIN pact_versions pv ON pv.id = vr.pact_version_id
  JOIN versions v ON v.id = vr.provider_version_id
  JOIN pacticipants p ON p.id = vr.provider_id
  JOIN pacticipants c ON c.id = vr.consumer_id`;
const SELECT = `${SELECT_COLUMNS} FROM verifications vr ${SELECT_JOINS}`;

export async function insertVerification(
  db: Db,
  f: {
    pactVersionId: number;
    providerVersionId: number;
    consumerId: number;
    providerId: number;
    success: boolean;
    buildUrl: string | null;
    testResults: unknown;
    verifiedBy: unknown;
    wip: boolean;
    pactPending: boolean | null;
    providerVersionBranch: string | null;
  },
): Promise<VerificationRow> {
  // The caller holds the content row's lock (taken in an earlier statement of this transaction, so this one's
  // snapshot sees every result committed before it): concurrent results for one pact get consecutive numbers.
  const { rows } = await db.query<VerificationRow>(
    // The row as SELECT reads it, built in the insert's statement: one round trip instead of two.
    `WITH vr AS (
     INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success,
       build_url, test_results, verified_by, wip, pact_pending, provider_version_branch)
     VALUES ((SELECT coalesce(max(number), 0) + 1 FROM verifications WHERE pact_version_id = $1), $1, $2, $3, $4, $5,
       $6, $7, $8, $9, $10, $11)
     RETURNING *)
     ${SELECT_COLUMNS} FROM vr ${SELECT_JOINS}`,
    [
      f.pactVersionId,
      f.providerVersionId,
      f.consumerId,
      f.providerId,
      f.success,
      f.buildUrl,
      f.testResults === undefined ? null : JSON.stringify(f.testResults),
      f.verifiedBy === undefined ? null : JSON.stringify(f.verifiedBy),
      f.wip,
      f.pactPending,
      f.providerVersionBranch,
    ],
  );
  return rows[0]!;
}

export async function verificationByNumber(
  db: Db,
  pactVersionId: number,
  number: number,
): Promise<VerificationRow | undefined> {
  const { rows } = await db.query<VerificationRow>(
    `${SELECT} WHERE vr.pact_version_id = $1 AND vr.number = $2`,
    [pactVersionId, number],
  );
  return rows[0];
}

export async function latestVerificationForPactVersion(
  db: Db,
  pactVersionId: number,
): Promise<VerificationRow | undefined> {
  const { rows } = await db.query<VerificationRow>(
    `${SELECT} WHERE vr.pact_version_id = $1 ORDER BY vr.number DESC LIMIT 1`,
    [pactVersionId],
  );
  return rows[0];
}

export async function verificationsForPactVersion(db: Db, pactVersionId: number): Promise<VerificationRow[]> {
  const { rows } = await db.query<VerificationRow>(
    `${SELECT} WHERE vr.pact_version_id = $1 ORDER BY vr.number DESC`,
    [pactVersionId],
  );
  return rows;
}

/** Latest verification of each pact the consumer version published. */
export async function latestVerificationsForConsumerVersion(
  db: Db,
  consumerVersionId: number,
): Promise<VerificationRow[]> {
  const { rows } = await db.query<VerificationRow>(
    `${SELECT} WHERE vr.id IN (
       SELECT DISTINCT ON (vr2.pact_version_id) vr2.id FROM pact_publications pp
       JOIN verifications vr2 ON vr2.pact_version_id = pp.pact_version_id
       WHERE pp.consumer_version_id = $1 ORDER BY vr2.pact_version_id, vr2.number DESC)
     ORDER BY p.name`,
    [consumerVersionId],
  );
  return rows;
}

/** Deletes a verification and the webhook deliveries it triggered. */
export async function deleteVerification(tx: Db, id: number): Promise<void> {
  await tx.query('DELETE FROM webhook_deliveries WHERE verification_id = $1', [id]);
  await tx.query('DELETE FROM verifications WHERE id = $1', [id]);
}
