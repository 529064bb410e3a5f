// SQL for the HTML pages: integrations with their latest pact and verification, a pact, verification history.

import type { Db } from '../db/db.js';

export interface IntegrationRow {
  consumer: string;
  provider: string;
  consumer_version: string;
  pact_created_at: Date;
  sha: string;
  verification_number: number | null;
  verification_success: boolean | null;
  verification_date: Date | null;
  provider_version: string | null;
}

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
              lv.number AS verification_number, lv.success AS verification_success, lv.execution_date AS verification_date,
              lv.provider_version
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
           SELECT x.number, x.success, x.execution_date, xv.number AS provider_version
             FROM verifications x JOIN versions xv ON xv.id = x.provider_version_id
            WHERE x.provider_id = lp.provider_id AND x.consumer_id = lp.consumer_id
            ORDER BY x.id DESC LIMIT 1) lv ON true
        ORDER BY lower(c.name), lower(p.name)`,
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
      `SELECT c.name AS consumer, p.name AS provider, v.number AS consumer_version, pv.sha, pv.content, pp.created_at
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
