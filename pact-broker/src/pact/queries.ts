// Named SQL queries for pact content (pact_versions) and publications.

import type { Db } from '../db/db.js';

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
  return (await findPactVersion(db, fields.consumerId, fields.providerId, fields.sha))!;
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

export async function pactForConsumerVersion(
  db: Db,
  providerId: number,
  consumerId: number,
  number: string,
): Promise<PactRow | undefined> {
  const { rows } = await db.query<PactRow>(
    `${PACT_SELECT} WHERE pp.provider_id = $1 AND pp.consumer_id = $2 AND v.number = $3`,
    [providerId, consumerId, number],
  );
  return rows[0];
}

export type LatestFilter =
  | { kind: 'any' }
  | { kind: 'tag'; tag: string }
  | { kind: 'untagged' }
  | { kind: 'branch'; branch: string }
  | { kind: 'mainBranch' };

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
