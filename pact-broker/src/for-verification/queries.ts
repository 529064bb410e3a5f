// SQL for "pacts for verification": candidate publications per selector kind, and successful verifications.

import type { Db } from '../db/db.js';
import type { PacticipantRow } from '../pacticipants/queries.js';

export interface CandidateRow {
  publication_id: number;
  consumer_id: number;
  consumer_name: string;
  consumer_version_id: number;
  consumer_version_number: string;
  consumer_version_ord: number;
  pact_version_id: number;
  sha: string;
  created_at: Date;
  /** The branch or tag through which the row was found, when the query is per branch/tag. */
  via: string | null;
}

const COLS = `pp.id AS publication_id, pp.consumer_id, c.name AS consumer_name, pp.consumer_version_id,
  v.number AS consumer_version_number, pp.consumer_version_ord::int AS consumer_version_ord, pp.pact_version_id,
  pv.sha, pp.created_at`;
const JOINS = `JOIN pacticipants c ON c.id = pp.consumer_id JOIN versions v ON v.id = pp.consumer_version_id
  JOIN pact_versions pv ON pv.id = pp.pact_version_id`;

export interface ConsumerRow {
  id: number;
  name: string;
  main_branch: string | null;
}

export interface ProviderWithConsumers {
  provider: PacticipantRow;
  /** Pacticipants that published a pact for the provider, by name. */
  consumers: ConsumerRow[];
  /** When the provider branch asked about was created (undefined: none asked about, or no such branch). */
  branchCreatedAt: Date | undefined;
}

/**
 * The provider by name, its consumers and when its branch `branch` was created, in one statement (undefined when
 * there is no such pacticipant).
 */
export async function providerWithConsumers(
  db: Db,
  name: string,
  branch: string | undefined,
): Promise<ProviderWithConsumers | undefined> {
  const { rows } = await db.query<
    PacticipantRow & { consumers: ConsumerRow[]; branch_created_at: Date | null }
  >(
    `SELECT p.*, coalesce((SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'main_branch', c.main_branch)
                                           ORDER BY c.name)
                             FROM pacticipants c
                            WHERE EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.provider_id = p.id AND pp.consumer_id = c.id)),
                          '[]') AS consumers,
            (SELECT b.created_at FROM branches b WHERE b.pacticipant_id = p.id AND b.name = $2) AS branch_created_at
       FROM pacticipants p WHERE p.name = $1`,
    [name, branch ?? null],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { consumers, branch_created_at, ...provider } = row;
  return { provider, consumers, branchCreatedAt: branch_created_at ?? undefined };
}

/**
 * Pacts of branch head versions: the newest version of each matching branch, if that version published a pact
 * for this provider. `branch` = a name, `main` = each consumer's main branch, `all` = every branch.
 */
export async function branchHeadPacts(
  db: Db,
  providerId: number,
  consumerIds: number[],
  branch: { kind: 'name'; name: string } | { kind: 'main' } | { kind: 'all' },
): Promise<CandidateRow[]> {
  const cond =
    branch.kind === 'name' ? 'AND b.name = $3' : branch.kind === 'main' ? 'AND b.name = bc.main_branch' : '';
  const { rows } = await db.query<CandidateRow>(
    `SELECT ${COLS}, b.name AS via FROM branches b
     JOIN pacticipants bc ON bc.id = b.pacticipant_id
     JOIN LATERAL (SELECT bv.version_id FROM branch_versions bv WHERE bv.branch_id = b.id
                   ORDER BY bv.version_ord DESC LIMIT 1) h ON true
     JOIN pact_publications pp ON pp.consumer_version_id = h.version_id AND pp.provider_id = $1
     ${JOINS}
     WHERE b.pacticipant_id = ANY($2::int[]) ${cond}`,
    branch.kind === 'name' ? [providerId, consumerIds, branch.name] : [providerId, consumerIds],
  );
  return rows;
}

/** The newest pact per consumer among consumer versions with a tag (or per consumer and tag for `tag: null`). */
export async function latestTaggedPacts(
  db: Db,
  providerId: number,
  consumerIds: number[],
  tag: string | null,
): Promise<CandidateRow[]> {
  const { rows } = await db.query<CandidateRow>(
    `SELECT DISTINCT ON (pp.consumer_id, t.name) ${COLS}, t.name AS via
     FROM pact_publications pp JOIN tags t ON t.version_id = pp.consumer_version_id ${JOINS}
     WHERE pp.provider_id = $1 AND pp.consumer_id = ANY($2::int[]) ${tag === null ? '' : 'AND t.name = $3'}
     ORDER BY pp.consumer_id, t.name, pp.consumer_version_ord DESC`,
    tag === null ? [providerId, consumerIds] : [providerId, consumerIds, tag],
  );
  return rows;
}

export async function allTaggedPacts(
  db: Db,
  providerId: number,
  consumerIds: number[],
  tag: string,
): Promise<CandidateRow[]> {
  const { rows } = await db.query<CandidateRow>(
    `SELECT ${COLS}, t.name AS via
     FROM pact_publications pp JOIN tags t ON t.version_id = pp.consumer_version_id ${JOINS}
     WHERE pp.provider_id = $1 AND pp.consumer_id = ANY($2::int[]) AND t.name = $3`,
    [providerId, consumerIds, tag],
  );
  return rows;
}

export async function latestPacts(
  db: Db,
  providerId: number,
  consumerIds: number[],
): Promise<CandidateRow[]> {
  const { rows } = await db.query<CandidateRow>(
    `SELECT DISTINCT ON (pp.consumer_id) ${COLS}, NULL AS via
     FROM pact_publications pp ${JOINS}
     WHERE pp.provider_id = $1 AND pp.consumer_id = ANY($2::int[])
     ORDER BY pp.consumer_id, pp.consumer_version_ord DESC`,
    [providerId, consumerIds],
  );
  return rows;
}

export interface CurrentVersionPact extends CandidateRow {
  kind: 'deployed' | 'released';
  environment_name: string;
}

/**
 * Pacts for the provider of the consumer versions currently deployed and of those released and supported, in an
 * environment or any, one row per version, environment and kind (one statement serves both selectors).
 */
export async function pactsOfCurrentVersions(
  db: Db,
  providerId: number,
  consumerIds: number[],
  environmentName: string | null,
): Promise<CurrentVersionPact[]> {
  const { rows } = await db.query<CurrentVersionPact>(
    `SELECT ${COLS}, NULL AS via, cur.kind, cur.environment_name
       FROM (SELECT DISTINCT 'deployed' AS kind, d.version_id, e.name AS environment_name
               FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
              WHERE d.currently_deployed AND d.pacticipant_id = ANY($2::int[]) AND ($3::text IS NULL OR e.name = $3)
             UNION ALL
             SELECT DISTINCT 'released', r.version_id, e.name
               FROM released_versions r JOIN environments e ON e.id = r.environment_id
              WHERE r.support_ended_at IS NULL AND r.pacticipant_id = ANY($2::int[]) AND ($3::text IS NULL OR e.name = $3)) cur
       JOIN pact_publications pp ON pp.consumer_version_id = cur.version_id AND pp.provider_id = $1
       ${JOINS}
      ORDER BY pp.id, cur.environment_name`,
    [providerId, consumerIds, environmentName],
  );
  return rows;
}

export interface SuccessRow {
  pact_version_id: number;
  created_at: Date;
  execution_date: Date;
  wip: boolean;
  branches: string[];
  tags: string[];
}

/** Successful verifications of these contents by the provider, with the provider version's branches and tags. */
export async function successfulVerifications(
  db: Db,
  providerId: number,
  pactVersionIds: number[],
): Promise<SuccessRow[]> {
  if (pactVersionIds.length === 0) return [];
  const { rows } = await db.query<SuccessRow>(
    `SELECT vr.pact_version_id, vr.created_at, vr.execution_date, vr.wip,
       coalesce((SELECT array_agg(b.name) FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
                 WHERE bv.version_id = vr.provider_version_id), '{}') AS branches,
       coalesce((SELECT array_agg(t.name) FROM tags t WHERE t.version_id = vr.provider_version_id), '{}') AS tags
     FROM verifications vr
     WHERE vr.provider_id = $1 AND vr.pact_version_id = ANY($2::int[]) AND vr.success`,
    [providerId, pactVersionIds],
  );
  return rows;
}

export async function tagFirstUsedAt(db: Db, pacticipantId: number, name: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ first: Date | null }>(
    'SELECT min(created_at) AS first FROM tags WHERE pacticipant_id = $1 AND name = $2',
    [pacticipantId, name],
  );
  return rows[0]?.first ?? undefined;
}

/**
 * Ages in whole days of the provider's publications from the last `days` days whose content no provider version
 * has verified successfully, youngest first (what the dynamic WIP window is computed from).
 */
export async function unverifiedPublicationAges(db: Db, providerId: number, days: number): Promise<number[]> {
  const { rows } = await db.query<{ age: number }>(
    `SELECT (CURRENT_DATE - pp.created_at::date)::int AS age FROM pact_publications pp
      WHERE pp.provider_id = $1 AND pp.created_at >= CURRENT_DATE - $2::int
        AND NOT EXISTS (SELECT 1 FROM verifications x WHERE x.pact_version_id = pp.pact_version_id AND x.success)
      ORDER BY age`,
    [providerId, days],
  );
  return rows.map((r) => r.age);
}
