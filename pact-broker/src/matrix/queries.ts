// SQL for the matrix: each selector resolves to version ids through an index, then only the pact and
// verification rows of those versions are read, so latency follows the answer size, not the history size.

import type { Db } from '../db/db.js';

export interface PacticipantRef {
  id: number;
  name: string;
  main_branch: string | null;
}

export interface VersionHit {
  id: number;
  number: string;
  ord: number;
}

export async function pacticipantsByName(db: Db, names: string[]): Promise<PacticipantRef[]> {
  if (names.length === 0) return [];
  return (
    await db.query<PacticipantRef>(
      'SELECT id, name, main_branch FROM pacticipants WHERE name = ANY($1::text[])',
      [names],
    )
  ).rows;
}

export async function pacticipantsById(db: Db, ids: number[]): Promise<PacticipantRef[]> {
  if (ids.length === 0) return [];
  return (
    await db.query<PacticipantRef>(
      'SELECT id, name, main_branch FROM pacticipants WHERE id = ANY($1::int[])',
      [ids],
    )
  ).rows;
}

export async function versionByNumber(db: Db, pacticipantId: number, number: string): Promise<VersionHit[]> {
  return (
    await db.query<VersionHit>(
      'SELECT id, number, ord FROM versions WHERE pacticipant_id = $1 AND number = $2',
      [pacticipantId, number],
    )
  ).rows;
}

export async function latestVersion(db: Db, pacticipantId: number): Promise<VersionHit[]> {
  return (
    await db.query<VersionHit>(
      'SELECT id, number, ord FROM versions WHERE pacticipant_id = $1 ORDER BY ord DESC LIMIT 1',
      [pacticipantId],
    )
  ).rows;
}

export async function versionsWithTag(
  db: Db,
  pacticipantId: number,
  tag: string,
  limit: number,
): Promise<VersionHit[]> {
  return (
    await db.query<VersionHit>(
      `SELECT v.id, v.number, v.ord FROM tags t JOIN versions v ON v.id = t.version_id
        WHERE t.pacticipant_id = $1 AND t.name = $2 ORDER BY t.version_ord DESC LIMIT $3`,
      [pacticipantId, tag, limit],
    )
  ).rows;
}

export async function versionsOnBranch(
  db: Db,
  pacticipantId: number,
  branch: string,
  limit: number,
): Promise<VersionHit[]> {
  return (
    await db.query<VersionHit>(
      `SELECT v.id, v.number, v.ord FROM branches b
         JOIN branch_versions bv ON bv.branch_id = b.id
         JOIN versions v ON v.id = bv.version_id
        WHERE b.pacticipant_id = $1 AND b.name = $2 ORDER BY bv.version_ord DESC LIMIT $3`,
      [pacticipantId, branch, limit],
    )
  ).rows;
}

export async function versionsInEnvironment(
  db: Db,
  pacticipantId: number,
  environmentId: number,
): Promise<VersionHit[]> {
  return (
    await db.query<VersionHit>(
      `SELECT v.id, v.number, v.ord FROM versions v
        WHERE v.id IN (SELECT version_id FROM deployed_versions
                        WHERE pacticipant_id = $1 AND environment_id = $2 AND currently_deployed
                       UNION
                       SELECT version_id FROM released_versions
                        WHERE pacticipant_id = $1 AND environment_id = $2 AND support_ended_at IS NULL)
        ORDER BY v.ord DESC`,
      [pacticipantId, environmentId],
    )
  ).rows;
}

export async function environmentIdByName(db: Db, name: string): Promise<number | undefined> {
  return (await db.query<{ id: number }>('SELECT id FROM environments WHERE name = $1', [name])).rows[0]?.id;
}

/** Providers whose pacts these consumer versions published. */
export async function providersOfConsumerVersions(db: Db, versionIds: number[]): Promise<number[]> {
  if (versionIds.length === 0) return [];
  return (
    await db.query<{ provider_id: number }>(
      'SELECT DISTINCT provider_id FROM pact_publications WHERE consumer_version_id = ANY($1::int[])',
      [versionIds],
    )
  ).rows.map((r) => r.provider_id);
}

/**
 * Distinct providers of a consumer / consumers of a provider by a skip scan over the (…_id, …_id) index: one
 * probe per integration, however many versions published pacts.
 */
export async function providersOfConsumer(db: Db, consumerId: number): Promise<number[]> {
  return (
    await db.query<{ id: number }>(
      `WITH RECURSIVE s AS (
         (SELECT provider_id AS id FROM pact_publications WHERE consumer_id = $1 ORDER BY provider_id LIMIT 1)
         UNION ALL
         SELECT (SELECT provider_id FROM pact_publications WHERE consumer_id = $1 AND provider_id > s.id
                  ORDER BY provider_id LIMIT 1) FROM s WHERE s.id IS NOT NULL)
       SELECT id FROM s WHERE id IS NOT NULL`,
      [consumerId],
    )
  ).rows.map((r) => r.id);
}

export async function consumersOfProvider(db: Db, providerId: number): Promise<number[]> {
  return (
    await db.query<{ id: number }>(
      `WITH RECURSIVE s AS (
         (SELECT consumer_id AS id FROM pact_publications WHERE provider_id = $1 ORDER BY consumer_id LIMIT 1)
         UNION ALL
         SELECT (SELECT consumer_id FROM pact_publications WHERE provider_id = $1 AND consumer_id > s.id
                  ORDER BY consumer_id LIMIT 1) FROM s WHERE s.id IS NOT NULL)
       SELECT id FROM s WHERE id IS NOT NULL`,
      [providerId],
    )
  ).rows.map((r) => r.id);
}

export interface PublicationRow {
  consumer_version_id: number;
  consumer_version_number: string;
  consumer_version_ord: number;
  pact_version_id: number;
  sha: string;
  created_at: Date;
}

const PUBLICATION = `SELECT pp.consumer_version_id, v.number AS consumer_version_number, pp.consumer_version_ord,
       pp.pact_version_id, pv.sha, pp.created_at
  FROM pact_publications pp
  JOIN pact_versions pv ON pv.id = pp.pact_version_id
  JOIN versions v ON v.id = pp.consumer_version_id`;

export async function recentPublications(
  db: Db,
  consumerId: number,
  providerId: number,
  limit: number,
): Promise<PublicationRow[]> {
  return (
    await db.query<PublicationRow>(
      `${PUBLICATION} WHERE pp.provider_id = $1 AND pp.consumer_id = $2 ORDER BY pp.consumer_version_ord DESC LIMIT $3`,
      [providerId, consumerId, limit],
    )
  ).rows;
}

export interface VerificationRow {
  id: number;
  number: number;
  pact_version_id: number;
  provider_version_id: number;
  provider_version_number: string;
  provider_version_ord: number;
  success: boolean;
  execution_date: Date;
}

/** The newest verification per (pact content, provider version); `providerVersionIds` null means any provider version. */
export async function latestVerifications(
  db: Db,
  pactVersionIds: number[],
  providerVersionIds: number[] | null,
): Promise<VerificationRow[]> {
  if (pactVersionIds.length === 0 || providerVersionIds?.length === 0) return [];
  return (
    await db.query<VerificationRow>(
      `SELECT DISTINCT ON (x.pact_version_id, x.provider_version_id)
              x.id, x.number, x.pact_version_id, x.provider_version_id, v.number AS provider_version_number,
              v.ord AS provider_version_ord, x.success, x.execution_date
         FROM verifications x JOIN versions v ON v.id = x.provider_version_id
        WHERE x.pact_version_id = ANY($1::int[]) AND ($2::int[] IS NULL OR x.provider_version_id = ANY($2::int[]))
        ORDER BY x.pact_version_id, x.provider_version_id, x.id DESC`,
      [pactVersionIds, providerVersionIds],
    )
  ).rows;
}

export interface VersionFacts {
  tags: Map<number, Array<{ name: string; latest: boolean; created_at: Date }>>;
  branches: Map<number, string[]>;
  environments: Map<number, string[]>;
}

/**
 * Tags (with their latest flag), branches and current environments of the versions shown in the rows, in one
 * statement: each row says which of the three it is.
 */
export async function versionFacts(db: Db, versionIds: number[]): Promise<VersionFacts> {
  const facts: VersionFacts = { tags: new Map(), branches: new Map(), environments: new Map() };
  if (versionIds.length === 0) return facts;
  const { rows } = await db.query<{
    kind: 'tag' | 'branch' | 'environment';
    version_id: number;
    name: string;
    created_at: Date | null;
    latest: boolean | null;
  }>(
    `SELECT 'tag' AS kind, t.version_id, t.name, t.created_at,
            t.version_ord = (SELECT max(t2.version_ord) FROM tags t2 WHERE t2.pacticipant_id = t.pacticipant_id AND t2.name = t.name) AS latest,
            1 AS part, t.created_at AS sort_at, t.id AS sort_id
       FROM tags t WHERE t.version_id = ANY($1::int[])
     UNION ALL
     SELECT 'branch', bv.version_id, b.name, NULL, NULL, 2, bv.created_at, bv.id
       FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = ANY($1::int[])
     UNION ALL
     SELECT 'environment', c.version_id, c.name, NULL, NULL, 3, NULL, NULL
       FROM (SELECT d.version_id, e.name FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
              WHERE d.version_id = ANY($1::int[]) AND d.currently_deployed
             UNION
             SELECT r.version_id, e.name FROM released_versions r JOIN environments e ON e.id = r.environment_id
              WHERE r.version_id = ANY($1::int[]) AND r.support_ended_at IS NULL) c
     ORDER BY part, sort_at, sort_id, name`,
    [versionIds],
  );
  for (const r of rows) {
    if (r.kind === 'tag') {
      const tag = { name: r.name, latest: r.latest === true, created_at: r.created_at! };
      facts.tags.set(r.version_id, [...(facts.tags.get(r.version_id) ?? []), tag]);
    } else {
      const into = r.kind === 'branch' ? facts.branches : facts.environments;
      into.set(r.version_id, [...(into.get(r.version_id) ?? []), r.name]);
    }
  }
  return facts;
}

export type InferredTarget =
  | { kind: 'environment'; environmentId: number }
  | { kind: 'tag'; tag: string; latest: boolean; limit: number }
  | { kind: 'mainBranch' }
  | { kind: 'latest' };

/**
 * The versions a target stands for, for many pacticipants in one statement (LATERAL: one index probe each),
 * keyed by pacticipant id; a pacticipant with no such version is absent.
 */
export async function inferredVersions(
  db: Db,
  pacticipantIds: number[],
  target: InferredTarget,
): Promise<Map<number, VersionHit[]>> {
  const out = new Map<number, VersionHit[]>();
  if (pacticipantIds.length === 0) return out;
  let rows: Array<VersionHit & { pacticipant_id: number }>;
  switch (target.kind) {
    case 'environment':
      rows = (
        await db.query<VersionHit & { pacticipant_id: number }>(
          `SELECT v.pacticipant_id, v.id, v.number, v.ord FROM versions v
            WHERE v.id IN (SELECT version_id FROM deployed_versions
                            WHERE pacticipant_id = ANY($1::int[]) AND environment_id = $2 AND currently_deployed
                           UNION
                           SELECT version_id FROM released_versions
                            WHERE pacticipant_id = ANY($1::int[]) AND environment_id = $2 AND support_ended_at IS NULL)
            ORDER BY v.ord DESC`,
          [pacticipantIds, target.environmentId],
        )
      ).rows;
      break;
    case 'tag':
      rows = (
        await db.query<VersionHit & { pacticipant_id: number }>(
          `SELECT p.id AS pacticipant_id, x.id, x.number, x.ord FROM unnest($1::int[]) AS p(id)
             CROSS JOIN LATERAL (SELECT v.id, v.number, v.ord FROM tags t JOIN versions v ON v.id = t.version_id
                                  WHERE t.pacticipant_id = p.id AND t.name = $2 ORDER BY t.version_ord DESC LIMIT $3) x`,
          [pacticipantIds, target.tag, target.latest ? 1 : target.limit],
        )
      ).rows;
      break;
    case 'mainBranch':
      rows = (
        await db.query<VersionHit & { pacticipant_id: number }>(
          `SELECT p.id AS pacticipant_id, x.id, x.number, x.ord FROM pacticipants p
             CROSS JOIN LATERAL (SELECT v.id, v.number, v.ord FROM branches b
                                   JOIN branch_versions bv ON bv.branch_id = b.id JOIN versions v ON v.id = bv.version_id
                                  WHERE b.pacticipant_id = p.id AND b.name = p.main_branch
                                  ORDER BY bv.version_ord DESC LIMIT 1) x
            WHERE p.id = ANY($1::int[])`,
          [pacticipantIds],
        )
      ).rows;
      break;
    case 'latest':
      rows = (
        await db.query<VersionHit & { pacticipant_id: number }>(
          `SELECT p.id AS pacticipant_id, x.id, x.number, x.ord FROM unnest($1::int[]) AS p(id)
             CROSS JOIN LATERAL (SELECT id, number, ord FROM versions WHERE pacticipant_id = p.id ORDER BY ord DESC LIMIT 1) x`,
          [pacticipantIds],
        )
      ).rows;
      break;
  }
  for (const r of rows) {
    out.set(r.pacticipant_id, [
      ...(out.get(r.pacticipant_id) ?? []),
      { id: r.id, number: r.number, ord: r.ord },
    ]);
  }
  return out;
}

export interface PublicationWithProvider extends PublicationRow {
  provider_id: number;
}

/**
 * Publications of many consumer versions with many providers at once (filtered per integration by the caller)
 * and the newest verification of each of their contents by each of `providerVersionIds`
 * (`latestVerifications`), in one statement: each row is a publication or a verification.
 */
export async function publicationsWithVerifications(
  db: Db,
  consumerVersionIds: number[],
  providerIds: number[],
  providerVersionIds: number[],
): Promise<{ publications: PublicationWithProvider[]; verifications: VerificationRow[] }> {
  const out = { publications: [] as PublicationWithProvider[], verifications: [] as VerificationRow[] };
  if (consumerVersionIds.length === 0 || providerIds.length === 0) return out;
  const { rows } = await db.query<
    PublicationWithProvider & VerificationRow & { kind: 'publication' | 'verification' }
  >(
    `WITH pubs AS (
       SELECT pp.consumer_version_id, v.number AS consumer_version_number, pp.consumer_version_ord,
              pp.pact_version_id, pv.sha, pp.created_at, pp.provider_id
         FROM pact_publications pp
         JOIN pact_versions pv ON pv.id = pp.pact_version_id
         JOIN versions v ON v.id = pp.consumer_version_id
        WHERE pp.consumer_version_id = ANY($1::int[]) AND pp.provider_id = ANY($2::int[]))
     SELECT 'publication' AS kind, consumer_version_id, consumer_version_number, consumer_version_ord, pact_version_id,
            sha, created_at, provider_id, NULL::int AS id, NULL::int AS number, NULL::int AS provider_version_id,
            NULL::text AS provider_version_number, NULL::int AS provider_version_ord, NULL::boolean AS success,
            NULL::timestamptz AS execution_date
       FROM pubs
     UNION ALL
     SELECT * FROM (
       SELECT DISTINCT ON (x.pact_version_id, x.provider_version_id)
              'verification', NULL::int, NULL::text, NULL::int, x.pact_version_id, NULL::text, NULL::timestamptz,
              NULL::int, x.id, x.number, x.provider_version_id, v.number, v.ord, x.success, x.execution_date
         FROM verifications x JOIN versions v ON v.id = x.provider_version_id
        WHERE x.pact_version_id IN (SELECT pact_version_id FROM pubs) AND x.provider_version_id = ANY($3::int[])
        ORDER BY x.pact_version_id, x.provider_version_id, x.id DESC) latest`,
    [consumerVersionIds, providerIds, providerVersionIds],
  );
  for (const r of rows) {
    if (r.kind === 'publication') {
      out.publications.push({
        consumer_version_id: r.consumer_version_id,
        consumer_version_number: r.consumer_version_number,
        consumer_version_ord: r.consumer_version_ord,
        pact_version_id: r.pact_version_id,
        sha: r.sha,
        created_at: r.created_at,
        provider_id: r.provider_id,
      });
    } else {
      out.verifications.push({
        id: r.id,
        number: r.number,
        pact_version_id: r.pact_version_id,
        provider_version_id: r.provider_version_id,
        provider_version_number: r.provider_version_number,
        provider_version_ord: r.provider_version_ord,
        success: r.success,
        execution_date: r.execution_date,
      });
    }
  }
  return out;
}
