// SQL for the HTML pages: integrations with their latest pact and verification, a pact, verification history.

import type { Db } from '../db/db.js';

export interface IntegrationRow {
  consumer: string;
  provider: string;
  consumer_version: string;
  pact_created_at: Date;
  sha: string;
  /** The latest pact holds only messages (asynchronous interactions). */
  messages_only: boolean;
  verification_number: number | null;
  verification_success: boolean | null;
  verification_date: Date | null;
  verification_pending: boolean | null;
  provider_version: string | null;
  /** Whether any content of this integration was ever verified (else the latest is "unverified"). */
  ever_verified: boolean;
}

/** Every integration with its latest pact and the latest verification of that pact's content. */
export async function integrations(db: Db): Promise<IntegrationRow[]> {
  return (
    await db.query<IntegrationRow>(
      // Distinct integrations by a skip scan over (provider_id, consumer_id, …): one probe per integration.
      `WITH RECURSIVE pairs AS (
         (SELECT provider_id, consumer_id FROM pact_publications ORDER BY provider_id, consumer_id LIMIT 1)
         UNION ALL
         SELECT n.provider_id, n.consumer_id FROM pairs
          CROSS JOIN LATERAL (SELECT provider_id, consumer_id FROM pact_publications
                               WHERE (provider_id, consumer_id) > (pairs.provider_id, pairs.consumer_id)
                               ORDER BY provider_id, consumer_id LIMIT 1) n)
       SELECT c.name AS consumer, p.name AS provider, v.number AS consumer_version, lp.created_at AS pact_created_at, pv.sha,
              (pv.messages_count > 0 AND pv.interactions_count = 0) AS messages_only,
              lv.number AS verification_number, lv.success AS verification_success, lv.execution_date AS verification_date,
              lv.pact_pending AS verification_pending, lv.provider_version,
              EXISTS (SELECT 1 FROM verifications e WHERE e.provider_id = lp.provider_id AND e.consumer_id = lp.consumer_id)
                AS ever_verified
         FROM pairs
         CROSS JOIN LATERAL (SELECT consumer_id, provider_id, consumer_version_id, pact_version_id, created_at
                               FROM pact_publications
                              WHERE provider_id = pairs.provider_id AND consumer_id = pairs.consumer_id
                              ORDER BY consumer_version_ord DESC LIMIT 1) lp
         JOIN pacticipants c ON c.id = lp.consumer_id
         JOIN pacticipants p ON p.id = lp.provider_id
         JOIN versions v ON v.id = lp.consumer_version_id
         JOIN pact_versions pv ON pv.id = lp.pact_version_id
         LEFT JOIN LATERAL (
           SELECT x.number, x.success, x.execution_date, x.pact_pending, xv.number AS provider_version
             FROM verifications x JOIN versions xv ON xv.id = x.provider_version_id
            WHERE x.pact_version_id = lp.pact_version_id AND x.provider_id = lp.provider_id
            ORDER BY x.id DESC LIMIT 1) lv ON true
        ORDER BY lower(c.name), lower(p.name)`,
    )
  ).rows;
}

export interface PacticipantSummaryRow {
  id: number;
  name: string;
  display_name: string | null;
  main_branch: string | null;
  repository_url: string | null;
  latest_version: string | null;
  latest_version_at: Date | null;
  latest_branch: string | null;
  labels: string[];
}

/** Every pacticipant with its latest version, that version's branch and its labels. */
export async function pacticipantSummaries(db: Db, name?: string): Promise<PacticipantSummaryRow[]> {
  return (
    await db.query<PacticipantSummaryRow>(
      `SELECT p.id, p.name, p.display_name, p.main_branch, p.repository_url, lv.number AS latest_version,
              lv.created_at AS latest_version_at,
              (SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
                WHERE bv.version_id = lv.id ORDER BY bv.id DESC LIMIT 1) AS latest_branch,
              ARRAY(SELECT l.name FROM labels l WHERE l.pacticipant_id = p.id ORDER BY l.name) AS labels
         FROM pacticipants p
         LEFT JOIN LATERAL (SELECT id, number, created_at FROM versions WHERE pacticipant_id = p.id
                             ORDER BY ord DESC LIMIT 1) lv ON true
        WHERE $1::text IS NULL OR p.name = $1
        ORDER BY lower(p.name)`,
      [name ?? null],
    )
  ).rows;
}

export interface PlacementRow {
  pacticipant_id: number;
  environment: string;
  version: string;
  kind: 'deployed' | 'released';
  application_instance: string | null;
  at: Date;
}

/** What is currently deployed or released (still supported) in each environment, newest first. */
export async function placements(
  db: Db,
  filter: { pacticipantId?: number; versionId?: number } = {},
): Promise<PlacementRow[]> {
  return (
    await db.query<PlacementRow>(
      `SELECT d.pacticipant_id, e.name AS environment, v.number AS version, 'deployed' AS kind,
              NULLIF(d.application_instance, '') AS application_instance, d.created_at AS at
         FROM deployed_versions d JOIN versions v ON v.id = d.version_id JOIN environments e ON e.id = d.environment_id
        WHERE d.currently_deployed AND ($1::int IS NULL OR d.pacticipant_id = $1) AND ($2::int IS NULL OR d.version_id = $2)
       UNION ALL
       SELECT r.pacticipant_id, e.name, v.number, 'released', NULL, r.created_at
         FROM released_versions r JOIN versions v ON v.id = r.version_id JOIN environments e ON e.id = r.environment_id
        WHERE r.support_ended_at IS NULL AND ($1::int IS NULL OR r.pacticipant_id = $1) AND ($2::int IS NULL OR r.version_id = $2)
        ORDER BY at DESC`,
      [filter.pacticipantId ?? null, filter.versionId ?? null],
    )
  ).rows;
}

export interface VersionListRow {
  id: number;
  number: string;
  created_at: Date;
  branches: string[];
  tags: string[];
}

export async function versionsOf(db: Db, pacticipantId: number, limit: number): Promise<VersionListRow[]> {
  return (
    await db.query<VersionListRow>(
      `SELECT v.id, v.number, v.created_at,
              ARRAY(SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
                     WHERE bv.version_id = v.id ORDER BY b.name) AS branches,
              ARRAY(SELECT t.name FROM tags t WHERE t.version_id = v.id ORDER BY t.name) AS tags
         FROM versions v WHERE v.pacticipant_id = $1 ORDER BY v.ord DESC LIMIT $2`,
      [pacticipantId, limit],
    )
  ).rows;
}

export interface PublishedPactRow {
  provider: string;
  sha: string;
  created_at: Date;
}

/** The pacts a consumer version published. */
export async function pactsOfVersion(db: Db, versionId: number): Promise<PublishedPactRow[]> {
  return (
    await db.query<PublishedPactRow>(
      `SELECT p.name AS provider, pv.sha, pp.created_at FROM pact_publications pp
         JOIN pacticipants p ON p.id = pp.provider_id JOIN pact_versions pv ON pv.id = pp.pact_version_id
        WHERE pp.consumer_version_id = $1 ORDER BY lower(p.name)`,
      [versionId],
    )
  ).rows;
}

export interface RunVerificationRow {
  consumer: string;
  number: number;
  sha: string;
  success: boolean;
  execution_date: Date;
}

/** The verifications a provider version ran. */
export async function verificationsOfVersion(db: Db, versionId: number): Promise<RunVerificationRow[]> {
  return (
    await db.query<RunVerificationRow>(
      `SELECT c.name AS consumer, x.number, pv.sha, x.success, x.execution_date FROM verifications x
         JOIN pacticipants c ON c.id = x.consumer_id JOIN pact_versions pv ON pv.id = x.pact_version_id
        WHERE x.provider_version_id = $1 ORDER BY x.id DESC`,
      [versionId],
    )
  ).rows;
}

export interface PactRow {
  consumer: string;
  provider: string;
  consumer_version: string;
  sha: string;
  content: string;
  created_at: Date;
  pact_version_id: number;
  consumer_version_ord: string;
  provider_id: number;
  consumer_id: number;
}

/** The pact a consumer version published for a provider; `version` null means the latest. */
export async function findPact(
  db: Db,
  provider: string,
  consumer: string,
  version: string | null,
): Promise<PactRow | undefined> {
  return (
    await db.query<PactRow>(
      `SELECT c.name AS consumer, p.name AS provider, v.number AS consumer_version, pv.sha, pv.content, pp.created_at,
              pp.pact_version_id, pp.consumer_version_ord, pp.provider_id, pp.consumer_id
         FROM pact_publications pp
         JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id
        WHERE p.name = $1 AND c.name = $2 AND ($3::text IS NULL OR v.number = $3)
        ORDER BY pp.consumer_version_ord DESC LIMIT 1`,
      [provider, consumer, version],
    )
  ).rows[0];
}

export interface VerificationHistoryRow {
  number: number;
  success: boolean;
  execution_date: Date;
  provider_version: string;
  branch: string | null;
  build_url: string | null;
  sha: string;
  consumer_versions: string[];
}

export async function verificationHistory(
  db: Db,
  provider: string,
  consumer: string,
  limit: number,
): Promise<VerificationHistoryRow[]> {
  return (
    await db.query<VerificationHistoryRow>(
      `SELECT x.number, x.success, x.execution_date, xv.number AS provider_version, x.provider_version_branch AS branch,
              x.build_url, pv.sha,
              ARRAY(SELECT cv.number FROM pact_publications pp JOIN versions cv ON cv.id = pp.consumer_version_id
                     WHERE pp.pact_version_id = x.pact_version_id ORDER BY pp.consumer_version_ord DESC LIMIT 5) AS consumer_versions
         FROM verifications x
         JOIN pacticipants c ON c.id = x.consumer_id JOIN pacticipants p ON p.id = x.provider_id
         JOIN versions xv ON xv.id = x.provider_version_id JOIN pact_versions pv ON pv.id = x.pact_version_id
        WHERE p.name = $1 AND c.name = $2
        ORDER BY x.id DESC LIMIT $3`,
      [provider, consumer, limit],
    )
  ).rows;
}

/** The newest earlier publication of the integration whose content differs (what the pact diff compares to). */
export async function previousDistinctPact(db: Db, pact: PactRow): Promise<PactRow | undefined> {
  return (
    await db.query<PactRow>(
      `SELECT c.name AS consumer, p.name AS provider, v.number AS consumer_version, pv.sha, pv.content, pp.created_at,
              pp.pact_version_id, pp.consumer_version_ord, pp.provider_id, pp.consumer_id
         FROM pact_publications pp
         JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id
         JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id
        WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pp.consumer_version_ord < $3 AND pp.pact_version_id <> $4
        ORDER BY pp.consumer_version_ord DESC LIMIT 1`,
      [pact.provider_id, pact.consumer_id, pact.consumer_version_ord, pact.pact_version_id],
    )
  ).rows[0];
}

export interface VerificationDetailRow {
  number: number;
  sha: string;
  success: boolean;
  execution_date: Date;
  provider_version: string;
  build_url: string | null;
  test_results: unknown;
  provider: string;
  consumer: string;
}

const VERIFICATION_DETAIL = `SELECT x.number, pv.sha, x.success, x.execution_date, xv.number AS provider_version, x.build_url,
       x.test_results, p.name AS provider, c.name AS consumer
  FROM verifications x JOIN versions xv ON xv.id = x.provider_version_id JOIN pact_versions pv ON pv.id = x.pact_version_id
  JOIN pacticipants p ON p.id = x.provider_id JOIN pacticipants c ON c.id = x.consumer_id`;

/** The latest verification of one pact content. */
export async function latestVerificationOf(
  db: Db,
  pactVersionId: number,
): Promise<VerificationDetailRow | undefined> {
  return (
    await db.query<VerificationDetailRow>(
      `${VERIFICATION_DETAIL} WHERE x.pact_version_id = $1 ORDER BY x.id DESC LIMIT 1`,
      [pactVersionId],
    )
  ).rows[0];
}

export async function findVerification(
  db: Db,
  provider: string,
  consumer: string,
  sha: string,
  number: number,
): Promise<VerificationDetailRow | undefined> {
  return (
    await db.query<VerificationDetailRow>(
      `${VERIFICATION_DETAIL} WHERE p.name = $1 AND c.name = $2 AND pv.sha = $3 AND x.number = $4`,
      [provider, consumer, sha, number],
    )
  ).rows[0];
}

export async function pactContentBySha(
  db: Db,
  provider: string,
  consumer: string,
  sha: string,
): Promise<string | undefined> {
  return (
    await db.query<{ content: string }>(
      `SELECT pv.content FROM pact_versions pv JOIN pacticipants p ON p.id = pv.provider_id
         JOIN pacticipants c ON c.id = pv.consumer_id WHERE p.name = $1 AND c.name = $2 AND pv.sha = $3`,
      [provider, consumer, sha],
    )
  ).rows[0]?.content;
}
