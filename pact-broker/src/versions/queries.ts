// Named SQL queries for versions, branches, branch versions and tags.

import type { Db } from '../db/db.js';
import { allEnvironmentsBrief } from '../environments/queries.js';
import { BrokerError } from '../errors.js';

export interface VersionRow {
  id: number;
  pacticipant_id: number;
  number: string;
  ord: number;
  build_url: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface BranchRow {
  id: number;
  pacticipant_id: number;
  name: string;
  created_at: Date;
}

export interface TagRow {
  id: number;
  version_id: number;
  pacticipant_id: number;
  name: string;
  created_at: Date;
}

const VERSION_COLS =
  'v.id, v.pacticipant_id, v.number, v.ord::int AS ord, v.build_url, v.created_at, v.updated_at';

export async function findVersion(
  db: Db,
  pacticipantId: number,
  number: string,
): Promise<VersionRow | undefined> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${VERSION_COLS} FROM versions v WHERE v.pacticipant_id = $1 AND v.number = $2`,
    [pacticipantId, number],
  );
  return rows[0];
}

/** Inserts a version; undefined when it exists already. */
export async function insertVersion(
  db: Db,
  pacticipantId: number,
  number: string,
): Promise<VersionRow | undefined> {
  const { rows } = await db.query<VersionRow>(
    `INSERT INTO versions AS v (pacticipant_id, number) VALUES ($1, $2)
     ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING ${VERSION_COLS}`,
    [pacticipantId, number],
  );
  return rows[0];
}

export async function findOrCreateVersion(
  db: Db,
  pacticipantId: number,
  number: string,
): Promise<{ row: VersionRow; created: boolean }> {
  const inserted = await db.query<VersionRow>(
    `INSERT INTO versions AS v (pacticipant_id, number) VALUES ($1, $2)
     ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING ${VERSION_COLS}`,
    [pacticipantId, number],
  );
  if (inserted.rows[0]) return { row: inserted.rows[0], created: true };
  const row = await findVersion(db, pacticipantId, number);
  // Deleted by a concurrent request between the insert and this read.
  if (!row) throw BrokerError.concurrentWrite('version', `${number} was deleted by a concurrent request`);
  return { row, created: false };
}

export async function setBuildUrl(db: Db, versionId: number, buildUrl: string | null): Promise<void> {
  await db.query('UPDATE versions SET build_url = $2, updated_at = clock_timestamp() WHERE id = $1', [
    versionId,
    buildUrl,
  ]);
}

export async function deleteVersion(db: Db, versionId: number): Promise<void> {
  await db.query('DELETE FROM versions WHERE id = $1', [versionId]);
}

/** A page of a pacticipant's versions, newest first, with how many there are. */
export async function listVersions(
  db: Db,
  pacticipantId: number,
  limit: number,
  offset: number,
): Promise<{ rows: VersionRow[]; total: number }> {
  const [{ rows }, count] = await Promise.all([
    db.query<VersionRow>(
      `SELECT ${VERSION_COLS} FROM versions v WHERE v.pacticipant_id = $1 ORDER BY v.ord DESC LIMIT $2 OFFSET $3`,
      [pacticipantId, limit, offset],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM versions WHERE pacticipant_id = $1', [
      pacticipantId,
    ]),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export async function latestVersion(
  db: Db,
  pacticipantId: number,
  tag?: string,
): Promise<VersionRow | undefined> {
  const { rows } =
    tag === undefined
      ? await db.query<VersionRow>(
          `SELECT ${VERSION_COLS} FROM versions v WHERE v.pacticipant_id = $1 ORDER BY v.ord DESC LIMIT 1`,
          [pacticipantId],
        )
      : await db.query<VersionRow>(
          `SELECT ${VERSION_COLS} FROM tags t JOIN versions v ON v.id = t.version_id
           WHERE t.pacticipant_id = $1 AND t.name = $2 ORDER BY t.version_ord DESC LIMIT 1`,
          [pacticipantId, tag],
        );
  return rows[0];
}

export async function latestBranchVersion(db: Db, branchId: number): Promise<VersionRow | undefined> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${VERSION_COLS} FROM branch_versions bv JOIN versions v ON v.id = bv.version_id
     WHERE bv.branch_id = $1 ORDER BY bv.version_ord DESC LIMIT 1`,
    [branchId],
  );
  return rows[0];
}

export async function findBranch(
  db: Db,
  pacticipantId: number,
  name: string,
): Promise<BranchRow | undefined> {
  const { rows } = await db.query<BranchRow>(
    'SELECT * FROM branches WHERE pacticipant_id = $1 AND name = $2',
    [pacticipantId, name],
  );
  return rows[0];
}

/**
 * A page of a pacticipant's branches, the one with the newest version first, with how many there are;
 * `pattern` is an ILIKE pattern of the names (containsPattern) or null for all.
 */
export async function listBranches(
  db: Db,
  pacticipantId: number,
  pattern: string | null,
  limit: number,
  offset: number,
): Promise<{ rows: BranchRow[]; total: number }> {
  const where = 'FROM branches b WHERE b.pacticipant_id = $1 AND ($2::text IS NULL OR b.name ILIKE $2)';
  const [{ rows }, count] = await Promise.all([
    db.query<BranchRow>(
      `SELECT b.* ${where.replace('WHERE', `LEFT JOIN LATERAL (SELECT max(version_ord) AS head FROM branch_versions WHERE branch_id = b.id) h ON true WHERE`)}
       ORDER BY h.head DESC NULLS LAST, b.id DESC LIMIT $3 OFFSET $4`,
      [pacticipantId, pattern, limit, offset],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${where}`, [pacticipantId, pattern]),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export async function deleteBranch(db: Db, branchId: number): Promise<void> {
  await db.query('DELETE FROM branches WHERE id = $1', [branchId]);
}

/**
 * Adds a version to a branch, creating the branch if needed; `created` tells whether the link is new. The branch's
 * `updated_at` moves at most once a minute (what stale-branch cleaning reads). `autoCreated` marks a branch the
 * broker inferred from a tag.
 */
export async function addVersionToBranch(
  db: Db,
  pacticipantId: number,
  branchName: string,
  version: VersionRow,
  autoCreated = false,
): Promise<{ branch: BranchRow; created: boolean }> {
  // Insert-or-read the branch and link the version in one statement.
  const found = await db.query<BranchRow & { linked: boolean }>(
    `WITH inserted AS (
       INSERT INTO branches (pacticipant_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING *
     ), branch AS (
       SELECT * FROM inserted UNION ALL SELECT * FROM branches WHERE pacticipant_id = $1 AND name = $2
     ), linked AS (
       INSERT INTO branch_versions (branch_id, version_id, version_ord, auto_created)
       SELECT id, $3::int, $4::bigint, $5::boolean FROM branch
       ON CONFLICT (branch_id, version_id) DO NOTHING RETURNING id
     ), touched AS (
       UPDATE branches SET updated_at = clock_timestamp()
        WHERE id IN (SELECT id FROM branch) AND updated_at < clock_timestamp() - interval '60 seconds'
     )
     SELECT b.*, EXISTS (SELECT 1 FROM linked) AS linked FROM branch b`,
    [pacticipantId, branchName, version.id, version.ord, autoCreated],
  );
  if (found.rows[0]) {
    const { linked, ...branch } = found.rows[0];
    return { branch, created: linked };
  }
  // A branch another transaction committed during the insert is in neither half of the statement: read it anew.
  const branch = await findBranch(db, pacticipantId, branchName);
  // Deleted by a concurrent request between the insert and this read.
  if (!branch)
    throw BrokerError.concurrentWrite('branch', `${branchName} was deleted by a concurrent request`);
  return { branch, created: await linkVersionToBranch(db, branch.id, version, autoCreated) };
}

/** Links a version to a branch (true when the link is new), moving the branch's `updated_at` at most once a minute. */
async function linkVersionToBranch(
  db: Db,
  branchId: number,
  version: VersionRow,
  autoCreated: boolean,
): Promise<boolean> {
  const { rows } = await db.query(
    `WITH linked AS (
       INSERT INTO branch_versions (branch_id, version_id, version_ord, auto_created) VALUES ($1, $2, $3, $4)
       ON CONFLICT (branch_id, version_id) DO NOTHING RETURNING id
     ), touched AS (
       UPDATE branches SET updated_at = clock_timestamp()
        WHERE id = $1 AND updated_at < clock_timestamp() - interval '60 seconds'
     )
     SELECT id FROM linked`,
    [branchId, version.id, version.ord, autoCreated],
  );
  return rows.length > 0;
}

export async function removeVersionFromBranch(db: Db, branchId: number, versionId: number): Promise<boolean> {
  const { rows } = await db.query(
    'DELETE FROM branch_versions WHERE branch_id = $1 AND version_id = $2 RETURNING id',
    [branchId, versionId],
  );
  return rows.length > 0;
}

export async function branchHasVersion(db: Db, branchId: number, versionId: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM branch_versions WHERE branch_id = $1 AND version_id = $2', [
    branchId,
    versionId,
  ]);
  return rows.length > 0;
}

/** A page of a branch's versions, newest first, with how many there are. */
export async function branchVersions(
  db: Db,
  branchId: number,
  limit: number,
  offset: number,
): Promise<{ rows: VersionRow[]; total: number }> {
  const [{ rows }, count] = await Promise.all([
    db.query<VersionRow>(
      `SELECT ${VERSION_COLS} FROM branch_versions bv JOIN versions v ON v.id = bv.version_id
       WHERE bv.branch_id = $1 ORDER BY bv.version_ord DESC LIMIT $2 OFFSET $3`,
      [branchId, limit, offset],
    ),
    db.query<{ n: number }>('SELECT count(*)::int AS n FROM branch_versions WHERE branch_id = $1', [
      branchId,
    ]),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export async function branchesOfVersion(
  db: Db,
  versionId: number,
): Promise<Array<BranchRow & { latest: boolean }>> {
  const { rows } = await db.query<BranchRow & { latest: boolean }>(
    `SELECT b.*, (bv.version_ord = (SELECT max(version_ord) FROM branch_versions WHERE branch_id = b.id)) AS latest
     FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = $1 ORDER BY bv.id`,
    [versionId],
  );
  return rows;
}

export async function addTag(
  db: Db,
  version: VersionRow,
  name: string,
): Promise<{ tag: TagRow; created: boolean }> {
  const inserted = await db.query<TagRow>(
    `INSERT INTO tags (version_id, pacticipant_id, name, version_ord) VALUES ($1, $2, $3, $4)
     ON CONFLICT (version_id, name) DO NOTHING RETURNING *`,
    [version.id, version.pacticipant_id, name, version.ord],
  );
  if (inserted.rows[0]) return { tag: inserted.rows[0], created: true };
  // The insert saw the tag; a concurrent delete may have removed it since.
  const tag = await findTag(db, version.id, name);
  if (!tag) throw BrokerError.concurrentWrite('tag', 'was deleted by a concurrent request');
  return { tag, created: false };
}

export async function findTag(db: Db, versionId: number, name: string): Promise<TagRow | undefined> {
  const { rows } = await db.query<TagRow>('SELECT * FROM tags WHERE version_id = $1 AND name = $2', [
    versionId,
    name,
  ]);
  return rows[0];
}

export async function deleteTag(db: Db, tagId: number): Promise<void> {
  await db.query('DELETE FROM tags WHERE id = $1', [tagId]);
}

export async function tagsOfVersion(db: Db, versionId: number): Promise<Array<TagRow & { latest: boolean }>> {
  const { rows } = await db.query<TagRow & { latest: boolean }>(
    `SELECT t.*, NOT EXISTS (SELECT 1 FROM tags t2 WHERE t2.pacticipant_id = t.pacticipant_id AND t2.name = t.name
       AND t2.version_ord > t.version_ord) AS latest
     FROM tags t WHERE t.version_id = $1 ORDER BY t.id`,
    [versionId],
  );
  return rows;
}

/** The versions with a tag, newest first (the matrix's tag selectors read them too). */
export async function versionsWithTag(
  db: Db,
  pacticipantId: number,
  tag: string,
  limit: number,
  offset = 0,
): Promise<VersionRow[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT ${VERSION_COLS} FROM tags t JOIN versions v ON v.id = t.version_id
     WHERE t.pacticipant_id = $1 AND t.name = $2 ORDER BY t.version_ord DESC LIMIT $3 OFFSET $4`,
    [pacticipantId, tag, limit, offset],
  );
  return rows;
}

export async function countVersionsWithTag(db: Db, pacticipantId: number, tag: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM tags WHERE pacticipant_id = $1 AND name = $2',
    [pacticipantId, tag],
  );
  return rows[0]?.n ?? 0;
}

async function providersOfConsumerVersion(db: Db, versionId: number): Promise<Array<{ provider: string }>> {
  const { rows } = await db.query<{ provider: string }>(
    `SELECT p.name AS provider FROM pact_publications pp JOIN pacticipants p ON p.id = pp.provider_id
     WHERE pp.consumer_version_id = $1 ORDER BY p.name`,
    [versionId],
  );
  return rows;
}

/** What a version's representation shows besides its row: tags, branches, the providers it has pacts with, environments. */
export interface VersionDetails {
  tags: Array<TagRow & { latest: boolean }>;
  branches: Array<BranchRow & { latest: boolean }>;
  providers: Array<{ provider: string }>;
  environments: Array<{ uuid: string; name: string; display_name: string | null }>;
}

export async function versionDetails(db: Db, versionId: number): Promise<VersionDetails> {
  const [tags, branches, providers, environments] = await Promise.all([
    tagsOfVersion(db, versionId),
    branchesOfVersion(db, versionId),
    providersOfConsumerVersion(db, versionId),
    allEnvironmentsBrief(db),
  ]);
  return { tags, branches, providers, environments };
}

/** Versions of a pacticipant ever deployed or released to an environment, newest first. */
export async function versionsInEnvironment(
  db: Db,
  pacticipantId: number,
  environmentId: number,
  limit: number | null,
  offset: number,
): Promise<{ rows: VersionRow[]; total: number }> {
  const where = `FROM versions v WHERE v.pacticipant_id = $1 AND v.id IN (
      SELECT version_id FROM deployed_versions WHERE environment_id = $2 AND pacticipant_id = $1
      UNION SELECT version_id FROM released_versions WHERE environment_id = $2 AND pacticipant_id = $1)`;
  const [{ rows }, count] = await Promise.all([
    db.query<VersionRow>(`SELECT ${VERSION_COLS} ${where} ORDER BY v.id DESC LIMIT $3 OFFSET $4`, [
      pacticipantId,
      environmentId,
      limit,
      offset,
    ]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${where}`, [pacticipantId, environmentId]),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

/**
 * Deletes every branch of a pacticipant except its main branch and `keep` (the versions stay); returns how many
 * went and the names left, oldest update first.
 */
export async function deleteBranchesExcept(
  tx: Db,
  pacticipantId: number,
  keep: string[],
): Promise<{ deleted: number; remaining: string[] }> {
  const { rows } = await tx.query(
    `DELETE FROM branches b USING pacticipants p
      WHERE p.id = b.pacticipant_id AND b.pacticipant_id = $1
        AND b.name IS DISTINCT FROM p.main_branch AND NOT (b.name = ANY($2::text[]))
      RETURNING b.id`,
    [pacticipantId, keep],
  );
  const left = await tx.query<{ name: string }>(
    'SELECT name FROM branches WHERE pacticipant_id = $1 ORDER BY updated_at, id',
    [pacticipantId],
  );
  return { deleted: rows.length, remaining: left.rows.map((r) => r.name) };
}
