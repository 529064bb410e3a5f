// Named SQL queries for pact content (pact_versions) and publications.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { PacticipantRow } from '../pacticipants/queries.js';

export interface PactRow {
  publication_id: number;
  consumer_id: number;
  consumer_name: string;
  provider_id: number;
  provider_name: string;
  consumer_version_id: number;
  consumer_version_number: string;
  consumer_version_ord: number;
  pact_version_id: number;
  sha: string;
  content: string;
  created_at: Date;
  revision: number;
}

const PACT_SELECT = `
  SELECT pp.id AS publication_id, pp.consumer_id, c.name AS consumer_name, pp.provider_id, p.name AS provider_name,
         pp.consumer_version_id, v.number AS consumer_version_number, pp.consumer_version_ord::int AS consumer_version_ord,
         pp.pact_version_id, pv.sha, pv.content, pp.updated_at AS created_at, pp.revision
  FROM pact_publications pp
  JOIN pacticipants c ON c.id = pp.consumer_id
  JOIN pacticipants p ON p.id = pp.provider_id
  JOIN versions v ON v.id = pp.consumer_version_id
  JOIN pact_versions pv ON pv.id = pp.pact_version_id`;

// The same columns without the content, for lists.
const PACT_LIST_SELECT = PACT_SELECT.replace('pv.content', "'' AS content");

export interface PactVersionRow {
  id: number;
  consumer_id: number;
  provider_id: number;
  sha: string;
  content: string;
  created_at: Date;
}

export async function findPactVersion(
  db: Db,
  consumerId: number,
  providerId: number,
  sha: string,
): Promise<PactVersionRow | undefined> {
  const { rows } = await db.query<PactVersionRow>(
    'SELECT id, consumer_id, provider_id, sha, content, created_at FROM pact_versions WHERE consumer_id = $1 AND provider_id = $2 AND sha = $3',
    [consumerId, providerId, sha],
  );
  return rows[0];
}

/** Stores content once per (integration, sha); concurrent inserts of the same content collapse into one row. */
export async function findOrCreatePactVersion(
  db: Db,
  fields: {
    consumerId: number;
    providerId: number;
    sha: string;
    content: string;
    interactions: number;
    messages: number;
  },
): Promise<PactVersionRow> {
  await db.query(
    `INSERT INTO pact_versions (consumer_id, provider_id, sha, content, interactions_count, messages_count)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING`,
    [fields.consumerId, fields.providerId, fields.sha, fields.content, fields.interactions, fields.messages],
  );
  const row = await findPactVersion(db, fields.consumerId, fields.providerId, fields.sha);
  // DO NOTHING met a row that a concurrent delete (of the integration) then removed.
  if (!row) throw BrokerError.concurrentWrite('contract', 'was deleted by a concurrent request');
  return row;
}

export async function findPublicationForUpdate(
  db: Db,
  consumerVersionId: number,
  providerId: number,
): Promise<{ id: number; pact_version_id: number; revision: number } | undefined> {
  const { rows } = await db.query<{ id: number; pact_version_id: number; revision: number }>(
    'SELECT id, pact_version_id, revision FROM pact_publications WHERE consumer_version_id = $1 AND provider_id = $2 FOR UPDATE',
    [consumerVersionId, providerId],
  );
  return rows[0];
}

export async function insertPublication(
  db: Db,
  f: {
    consumerVersionId: number;
    consumerVersionOrd: number;
    consumerId: number;
    providerId: number;
    pactVersionId: number;
  },
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO pact_publications (consumer_version_id, consumer_version_ord, consumer_id, provider_id, pact_version_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (consumer_version_id, provider_id) DO NOTHING RETURNING id`,
    [f.consumerVersionId, f.consumerVersionOrd, f.consumerId, f.providerId, f.pactVersionId],
  );
  return rows[0]?.id;
}

export async function updatePublication(db: Db, id: number, pactVersionId: number): Promise<void> {
  await db.query(
    `UPDATE pact_publications SET pact_version_id = $2, revision = revision + 1, updated_at = clock_timestamp()
     WHERE id = $1`,
    [id, pactVersionId],
  );
}

export async function pactById(db: Db, publicationId: number): Promise<PactRow | undefined> {
  const { rows } = await db.query<PactRow>(`${PACT_SELECT} WHERE pp.id = $1`, [publicationId]);
  return rows[0];
}

// The version is found by its number first (the scalar subqueries), so the publication is one probe of its unique
// index: left to itself, PostgreSQL's plan (a generic one, planned without table statistics) read every publication
// of the integration and then their versions, a cost that grew with the integration's history.

export async function pactForConsumerVersion(
  db: Db,
  providerId: number,
  consumerId: number,
  number: string,
): Promise<PactRow | undefined> {
  const { rows } = await db.query<PactRow>(
    `${PACT_SELECT} WHERE pp.consumer_version_id = (SELECT id FROM versions WHERE pacticipant_id = $2 AND number = $3)
       AND pp.provider_id = $1 AND pp.consumer_id = $2 AND v.number = $3`,
    [providerId, consumerId, number],
  );
  return rows[0];
}

export type LatestFilter =
  | { kind: 'any' }
  | { kind: 'tag'; tag: string }
  | { kind: 'untagged' }
  | { kind: 'branch'; branch: string }
  | { kind: 'mainBranch' }
  /** Only the head version of the branch (or of the consumer's main branch), if it published this pact. */
  | { kind: 'branchHead'; branch: string }
  | { kind: 'mainBranchHead' };

const HEAD_OF = (branchCondition: string) => ` AND pp.consumer_version_id = (
  SELECT bv.version_id FROM branches b JOIN branch_versions bv ON bv.branch_id = b.id
   WHERE b.pacticipant_id = pp.consumer_id AND ${branchCondition} ORDER BY bv.version_ord DESC LIMIT 1)`;

function filterSql(f: LatestFilter, param: number): { sql: string; params: unknown[] } {
  switch (f.kind) {
    case 'any':
      return { sql: '', params: [] };
    case 'tag':
      return {
        sql: ` AND EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id AND t.name = $${param})`,
        params: [f.tag],
      };
    case 'untagged':
      return {
        sql: ' AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id)',
        params: [],
      };
    case 'branch':
      return {
        sql: ` AND EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
               WHERE bv.version_id = pp.consumer_version_id AND b.name = $${param})`,
        params: [f.branch],
      };
    case 'mainBranch':
      return {
        sql: ` AND EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
               WHERE bv.version_id = pp.consumer_version_id AND b.name = c.main_branch)`,
        params: [],
      };
    case 'branchHead':
      return { sql: HEAD_OF(`b.name = $${param}`), params: [f.branch] };
    case 'mainBranchHead':
      return { sql: HEAD_OF('b.name = c.main_branch'), params: [] };
  }
}

export async function latestPact(
  db: Db,
  providerId: number,
  consumerId: number,
  filter: LatestFilter,
): Promise<PactRow | undefined> {
  const f = filterSql(filter, 3);
  const { rows } = await db.query<PactRow>(
    `${PACT_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2${f.sql} ORDER BY pp.consumer_version_ord DESC LIMIT 1`,
    [providerId, consumerId, ...f.params],
  );
  return rows[0];
}

/** All pacts of an integration matching a filter, newest consumer version first (no content). */
export async function pactsOfIntegration(
  db: Db,
  providerId: number,
  consumerId: number,
  filter: LatestFilter,
  limit = 100,
): Promise<PactRow[]> {
  const f = filterSql(filter, 4);
  const { rows } = await db.query<PactRow>(
    `${PACT_LIST_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2${f.sql}
     ORDER BY pp.consumer_version_ord DESC LIMIT $3`,
    [providerId, consumerId, limit, ...f.params],
  );
  return rows;
}

/** The latest pact per consumer of a provider (optionally among consumer versions matching a filter). */
export async function latestPactsForProvider(
  db: Db,
  providerId: number,
  filter: LatestFilter,
): Promise<PactRow[]> {
  const f = filterSql(filter, 2);
  const { rows } = await db.query<PactRow>(
    `SELECT DISTINCT ON (pp.consumer_id) x.* FROM (${PACT_LIST_SELECT} WHERE pp.provider_id = $1${f.sql}) x
     JOIN pact_publications pp ON pp.id = x.publication_id
     ORDER BY pp.consumer_id, x.consumer_version_ord DESC`,
    [providerId, ...f.params],
  );
  return rows.sort((a, b) => a.consumer_name.localeCompare(b.consumer_name));
}

/** Every pact of a provider matching a filter (all consumer versions), newest first. */
export async function pactsForProvider(
  db: Db,
  providerId: number,
  filter: LatestFilter,
  limit = 1000,
): Promise<PactRow[]> {
  const f = filterSql(filter, 3);
  const { rows } = await db.query<PactRow>(
    `${PACT_LIST_SELECT} WHERE pp.provider_id = $1${f.sql} ORDER BY pp.consumer_version_ord DESC LIMIT $2`,
    [providerId, limit, ...f.params],
  );
  return rows;
}

/** The latest pact of every integration (the `/pacts/latest` list). */
export async function latestPactsAll(db: Db): Promise<PactRow[]> {
  const { rows } = await db.query<PactRow>(
    `SELECT x.* FROM (
       SELECT DISTINCT ON (consumer_id, provider_id) id FROM pact_publications
       ORDER BY consumer_id, provider_id, consumer_version_ord DESC
     ) l JOIN (${PACT_LIST_SELECT}) x ON x.publication_id = l.id
     ORDER BY x.consumer_name, x.provider_name`,
  );
  return rows;
}

/** The newest publication of the integration before this one whose content differs. */
export async function previousDistinctPact(db: Db, pact: PactRow): Promise<PactRow | undefined> {
  const { rows } = await db.query<PactRow>(
    `${PACT_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pp.consumer_version_ord < $3
       AND pp.pact_version_id <> $4 ORDER BY pp.consumer_version_ord DESC LIMIT 1`,
    [pact.provider_id, pact.consumer_id, pact.consumer_version_ord, pact.pact_version_id],
  );
  return rows[0];
}

/** The newest publication of the integration from another consumer version (for the content-changed event). */
export async function previousPublication(
  db: Db,
  providerId: number,
  consumerId: number,
  excludingConsumerVersionId: number,
): Promise<{ pact_version_id: number } | undefined> {
  const { rows } = await db.query<{ pact_version_id: number }>(
    `SELECT pact_version_id FROM pact_publications WHERE provider_id = $1 AND consumer_id = $2
     AND consumer_version_id <> $3 ORDER BY consumer_version_ord DESC LIMIT 1`,
    [providerId, consumerId, excludingConsumerVersionId],
  );
  return rows[0];
}

/** The latest publication that has this content (the consumer version a pact-version URL is shown for). */
export async function latestPactForSha(
  db: Db,
  providerId: number,
  consumerId: number,
  sha: string,
): Promise<PactRow | undefined> {
  const { rows } = await db.query<PactRow>(
    `${PACT_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND pv.sha = $3
     ORDER BY pp.consumer_version_ord DESC LIMIT 1`,
    [providerId, consumerId, sha],
  );
  return rows[0];
}

export async function deletePublication(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM pact_publications WHERE id = $1', [id]);
}

/** Deletes the integration's publications of consumer versions matching the filter (all of them for `any`). */
export async function deletePublications(
  db: Db,
  providerId: number,
  consumerId: number,
  filter: LatestFilter,
): Promise<number> {
  const f = filterSql(filter, 3);
  const { rows } = await db.query(
    `DELETE FROM pact_publications pp USING pacticipants c
      WHERE c.id = pp.consumer_id AND pp.provider_id = $1 AND pp.consumer_id = $2${f.sql} RETURNING pp.id`,
    [providerId, consumerId, ...f.params],
  );
  return rows.length;
}

// Set-based forms of the publication queries above, for a publish of many contracts: one statement per step,
// whatever the number of contracts (PGlite and a PostgreSQL round trip each cost far more than a row).

/** The version's publications for these providers, locked, in provider order (so concurrent publishes agree). */
export async function publicationsOfVersionForUpdate(
  db: Db,
  consumerVersionId: number,
  providerIds: number[],
): Promise<Array<{ id: number; provider_id: number; pact_version_id: number }>> {
  const { rows } = await db.query<{ id: number; provider_id: number; pact_version_id: number }>(
    `SELECT id, provider_id, pact_version_id FROM pact_publications
      WHERE consumer_version_id = $1 AND provider_id = ANY($2::int[]) ORDER BY provider_id FOR UPDATE`,
    [consumerVersionId, providerIds],
  );
  return rows;
}

export interface NewPactVersion {
  providerId: number;
  sha: string;
  content: string;
  interactions: number;
  messages: number;
}

/** findOrCreatePactVersion for many providers of one consumer: the id of each (provider, sha), keyed `id:sha`. */
export async function findOrCreatePactVersions(
  db: Db,
  consumerId: number,
  items: NewPactVersion[],
): Promise<Map<string, number>> {
  const params = [
    consumerId,
    items.map((i) => i.providerId),
    items.map((i) => i.sha),
    items.map((i) => i.content),
    items.map((i) => i.interactions),
    items.map((i) => i.messages),
  ];
  // The insert and the read of rows that were already there in one statement; the read's snapshot predates the
  // insert, so the two halves never overlap.
  const { rows } = await db.query<{ id: number; provider_id: number; sha: string }>(
    `WITH input AS (
       SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[])
         AS t (provider_id, sha, content, interactions_count, messages_count)
     ), inserted AS (
       INSERT INTO pact_versions (consumer_id, provider_id, sha, content, interactions_count, messages_count)
       SELECT $1, provider_id, sha, content, interactions_count, messages_count FROM input
       ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING
       RETURNING id, provider_id, sha
     )
     SELECT id, provider_id, sha FROM inserted
     UNION ALL
     SELECT pv.id, pv.provider_id, pv.sha FROM pact_versions pv JOIN input i ON i.provider_id = pv.provider_id AND i.sha = pv.sha
      WHERE pv.consumer_id = $1`,
    params,
  );
  const ids = new Map(rows.map((r) => [`${r.provider_id}:${r.sha}`, r.id]));
  // A row another transaction committed during the insert is in neither half: read those again.
  const missing = items.filter((i) => !ids.has(`${i.providerId}:${i.sha}`));
  if (missing.length) {
    const again = await db.query<{ id: number; provider_id: number; sha: string }>(
      `SELECT pv.id, pv.provider_id, pv.sha FROM pact_versions pv
         JOIN unnest($2::int[], $3::text[]) AS i (provider_id, sha) ON i.provider_id = pv.provider_id AND i.sha = pv.sha
        WHERE pv.consumer_id = $1`,
      [consumerId, missing.map((i) => i.providerId), missing.map((i) => i.sha)],
    );
    for (const r of again.rows) ids.set(`${r.provider_id}:${r.sha}`, r.id);
    // Still missing: DO NOTHING met a row that a concurrent delete (of the integration) then removed.
    if (missing.some((i) => !ids.has(`${i.providerId}:${i.sha}`))) {
      throw BrokerError.concurrentWrite('contracts', 'was deleted by a concurrent request');
    }
  }
  return ids;
}

/**
 * insertPublication for many providers of one consumer version: provider id → the new publication (skipping
 * providers it already has one for) with the content of that integration's newest pact from another version
 * (null: none), which decides whether the content changed. One statement: the read sees the database as it was
 * before the insert.
 */
export async function insertPublications(
  db: Db,
  version: { id: number; ord: number; consumerId: number },
  items: Array<{ providerId: number; pactVersionId: number }>,
): Promise<
  Map<number, { id: number; updated_at: Date; revision: number; previous_pact_version_id: number | null }>
> {
  const { rows } = await db.query<{
    id: number;
    provider_id: number;
    updated_at: Date;
    revision: number;
    previous_pact_version_id: number | null;
  }>(
    `WITH inserted AS (
       INSERT INTO pact_publications (consumer_version_id, consumer_version_ord, consumer_id, provider_id, pact_version_id)
       SELECT $1, $2, $3, provider_id, pact_version_id FROM unnest($4::int[], $5::int[]) AS t (provider_id, pact_version_id)
       ON CONFLICT (consumer_version_id, provider_id) DO NOTHING RETURNING id, provider_id, updated_at, revision)
     SELECT i.id, i.provider_id, i.updated_at, i.revision, (
       SELECT pp.pact_version_id FROM pact_publications pp
        WHERE pp.provider_id = i.provider_id AND pp.consumer_id = $3 AND pp.consumer_version_id <> $1
        ORDER BY pp.consumer_version_ord DESC LIMIT 1) AS previous_pact_version_id
     FROM inserted i`,
    [
      version.id,
      version.ord,
      version.consumerId,
      items.map((i) => i.providerId),
      items.map((i) => i.pactVersionId),
    ],
  );
  return new Map(rows.map((r) => [r.provider_id, r]));
}

/**
 * pactForConsumerVersion by the names in a URL, in one statement (the read a verifier makes for every pact); found
 * through the version, as pactForConsumerVersion.
 */
export async function pactForNames(
  db: Db,
  providerName: string,
  consumerName: string,
  number: string,
): Promise<PactRow | undefined> {
  const { rows } = await db.query<PactRow>(
    `${PACT_SELECT}
      WHERE pp.consumer_version_id = (SELECT cv.id FROM versions cv JOIN pacticipants cc ON cc.id = cv.pacticipant_id
                                       WHERE cc.name = $2 AND cv.number = $3)
        AND pp.provider_id = (SELECT id FROM pacticipants WHERE name = $1)
        AND p.name = $1 AND c.name = $2 AND v.number = $3`,
    [providerName, consumerName, number],
  );
  return rows[0];
}

/** A content row without its content: what a verification route needs of the pact version it names. */
export type PactVersionKey = Omit<PactVersionRow, 'content'>;

// Without the content: a pact's JSON can run to megabytes, and no verification route reads it.
const INTEGRATION_PACT_VERSION = `SELECT row_to_json(p) AS provider, row_to_json(c) AS consumer,
            json_build_object('id', pv.id, 'consumer_id', pv.consumer_id, 'provider_id', pv.provider_id,
                              'sha', pv.sha, 'created_at', pv.created_at) AS pv
       FROM pacticipants p JOIN pacticipants c ON c.name = $2
       JOIN pact_versions pv ON pv.consumer_id = c.id AND pv.provider_id = p.id AND pv.sha = $3
      WHERE p.name = $1`;

/**
 * The pacticipants and the content row of a pact-version URL in one statement (what a verification is published to).
 * `lock` (in a transaction) also takes the content row's lock, which numbers its verifications (insertVerification).
 */
export async function integrationPactVersion(
  db: Db,
  providerName: string,
  consumerName: string,
  sha: string,
  lock = false,
): Promise<{ provider: PacticipantRow; consumer: PacticipantRow; pv: PactVersionKey } | undefined> {
  const { rows } = await db.query<{ provider: PacticipantRow; consumer: PacticipantRow; pv: PactVersionKey }>(
    lock ? `${INTEGRATION_PACT_VERSION} FOR UPDATE OF pv` : INTEGRATION_PACT_VERSION,
    [providerName, consumerName, sha],
  );
  const row = rows[0];
  if (!row) return undefined;
  // JSON carries timestamps as text.
  const dated = <T extends { created_at: Date }>(r: T): T => ({ ...r, created_at: new Date(r.created_at) });
  return {
    provider: { ...dated(row.provider), updated_at: new Date(row.provider.updated_at) },
    consumer: { ...dated(row.consumer), updated_at: new Date(row.consumer.updated_at) },
    pv: dated(row.pv),
  };
}
