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

export interface NamedThings {
  pacticipants: PacticipantRef[];
  environments: Map<string, number>;
  /** Versions by `${pacticipant name}\u0000${number}`. */
  versions: Map<string, VersionHit>;
}

export const versionKey = (pacticipant: string, number: string) => `${pacticipant}\u0000${number}`;

/** Pacticipants and environments by name, and versions by pacticipant name and number, in one statement. */
export async function namedThings(
  db: Db,
  pacticipantNames: string[],
  environmentNames: string[],
  versions: Array<{ pacticipant: string; number: string }>,
): Promise<NamedThings> {
  const { rows } = await db.query<{
    kind: 'pacticipant' | 'environment' | 'version';
    id: number;
    name: string;
    main_branch: string | null;
    number: string | null;
    ord: number | null;
  }>(
    `SELECT 'pacticipant' AS kind, id, name, main_branch, NULL AS number, NULL::bigint AS ord
       FROM pacticipants WHERE name = ANY($1::text[])
     UNION ALL
     SELECT 'environment', id, name, NULL, NULL, NULL FROM environments WHERE name = ANY($2::text[])
     UNION ALL
     SELECT 'version', v.id, p.name, NULL, v.number, v.ord
       FROM unnest($3::text[], $4::text[]) s(pacticipant, number)
       JOIN pacticipants p ON p.name = s.pacticipant
       JOIN versions v ON v.pacticipant_id = p.id AND v.number = s.number`,
    [pacticipantNames, environmentNames, versions.map((v) => v.pacticipant), versions.map((v) => v.number)],
  );
  const out: NamedThings = { pacticipants: [], environments: new Map(), versions: new Map() };
  for (const r of rows) {
    if (r.kind === 'pacticipant')
      out.pacticipants.push({ id: r.id, name: r.name, main_branch: r.main_branch });
    else if (r.kind === 'environment') out.environments.set(r.name, r.id);
    else out.versions.set(versionKey(r.name, r.number!), { id: r.id, number: r.number!, ord: r.ord! });
  }
  return out;
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

export interface IntegrationLookup {
  /** Specified pacticipants queried for any version: their providers come from a skip scan. */
  anyVersionIds: number[];
  /** Versions of the other specified pacticipants: their providers are those these versions published pacts for. */
  versionIds: number[];
  /** Pacticipants whose consumers count (every specified one when the query infers, else none). */
  consumersOf: number[];
  /** Every specified pacticipant: the others are the integrations' sides that are not among them. */
  specifiedIds: number[];
  target: InferredTarget | undefined;
}

export interface IntegrationFacts {
  /** Provider ids per specified consumer and consumer ids per specified provider, ascending. */
  providers: Map<number, number[]>;
  consumers: Map<number, number[]>;
  /** The pacticipants on the other sides (not specified). */
  others: PacticipantRef[];
  /** The versions the target stands for, per other pacticipant, newest first; absent when it has none. */
  inferred: Map<number, VersionHit[]>;
}

/**
 * The integrations of the specified pacticipants, the pacticipants on their other sides and those sides'
 * versions in the target, in one statement. Distinct providers of a consumer and consumers of a provider come
 * from skip scans over the (…_id, …_id) indexes (one probe per integration, however many versions published
 * pacts); each target kind is one indexed probe per pacticipant, the other kinds' branches never run.
 */
export async function integrationFacts(db: Db, l: IntegrationLookup): Promise<IntegrationFacts> {
  const t = l.target;
  const { rows } = await db.query<{
    kind: 'provider' | 'consumer' | 'other' | 'inferred';
    a: number;
    b: number | null;
    name: string | null;
    main_branch: string | null;
    number: string | null;
    ord: number | null;
  }>(
    `WITH RECURSIVE
     any_providers AS (
       SELECT s.pid AS spec, (SELECT min(provider_id) FROM pact_publications WHERE consumer_id = s.pid) AS id
         FROM unnest($1::int[]) s(pid)
       UNION ALL
       SELECT a.spec, (SELECT min(provider_id) FROM pact_publications WHERE consumer_id = a.spec AND provider_id > a.id)
         FROM any_providers a WHERE a.id IS NOT NULL),
     consumers AS (
       SELECT s.pid AS spec, (SELECT min(consumer_id) FROM pact_publications WHERE provider_id = s.pid) AS id
         FROM unnest($3::int[]) s(pid)
       UNION ALL
       SELECT c.spec, (SELECT min(consumer_id) FROM pact_publications WHERE provider_id = c.spec AND consumer_id > c.id)
         FROM consumers c WHERE c.id IS NOT NULL),
     links AS (
       SELECT 'provider' AS kind, spec, id FROM any_providers WHERE id IS NOT NULL
       UNION
       SELECT 'provider', consumer_id, provider_id FROM pact_publications WHERE consumer_version_id = ANY($2::int[])
       UNION
       SELECT 'consumer', spec, id FROM consumers WHERE id IS NOT NULL),
     others AS (
       SELECT p.id, p.name, p.main_branch FROM pacticipants p
        WHERE p.id IN (SELECT id FROM links) AND p.id <> ALL($4::int[]))
     SELECT kind, spec AS a, id AS b, NULL AS name, NULL AS main_branch, NULL AS number, NULL::bigint AS ord,
            1 AS part FROM links
     UNION ALL
     SELECT 'other', o.id, NULL, o.name, o.main_branch, NULL, NULL, 2 FROM others o
     UNION ALL
     SELECT 'inferred', o.id, x.id, NULL, NULL, x.number, x.ord, 3 FROM others o CROSS JOIN LATERAL (
         SELECT v.id, v.number, v.ord FROM versions v
          WHERE $5::text = 'environment'
            AND v.id IN (SELECT version_id FROM deployed_versions
                          WHERE pacticipant_id = o.id AND environment_id = $6 AND currently_deployed
                         UNION
                         SELECT version_id FROM released_versions
                          WHERE pacticipant_id = o.id AND environment_id = $6 AND support_ended_at IS NULL)
         UNION ALL
         (SELECT v.id, v.number, v.ord FROM tags t JOIN versions v ON v.id = t.version_id
           WHERE $5::text = 'tag' AND t.pacticipant_id = o.id AND t.name = $7 ORDER BY t.version_ord DESC LIMIT $8)
         UNION ALL
         (SELECT v.id, v.number, v.ord FROM branches b
            JOIN branch_versions bv ON bv.branch_id = b.id JOIN versions v ON v.id = bv.version_id
           WHERE $5::text = 'mainBranch' AND b.pacticipant_id = o.id AND b.name = o.main_branch
           ORDER BY bv.version_ord DESC LIMIT 1)
         UNION ALL
         (SELECT id, number, ord FROM versions
           WHERE $5::text = 'latest' AND pacticipant_id = o.id ORDER BY ord DESC LIMIT 1)) x
     ORDER BY part, kind, a, ord DESC, b`,
    [
      l.anyVersionIds,
      l.versionIds,
      l.consumersOf,
      l.specifiedIds,
      t?.kind ?? null,
      t?.kind === 'environment' ? t.environmentId : null,
      t?.kind === 'tag' ? t.tag : null,
      t?.kind === 'tag' ? (t.latest ? 1 : t.limit) : null,
    ],
  );
  const facts: IntegrationFacts = {
    providers: new Map(),
    consumers: new Map(),
    others: [],
    inferred: new Map(),
  };
  const push = <V>(m: Map<number, V[]>, k: number, v: V) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const r of rows) {
    if (r.kind === 'provider') push(facts.providers, r.a, r.b!);
    else if (r.kind === 'consumer') push(facts.consumers, r.a, r.b!);
    else if (r.kind === 'other') facts.others.push({ id: r.a, name: r.name!, main_branch: r.main_branch });
    else push(facts.inferred, r.a, { id: r.b!, number: r.number!, ord: r.ord! });
  }
  return facts;
}
