// All SQL of the clean: the keep set of the selectors, the oldest versions outside it, the batched deletes (each
// locks its rows, then re-checks under a fresh snapshot), stale branches, orphan contents and overwritten data.

import type { Db, Queryable } from '../db/db.js';
import type { BranchSelector, KeepSelector } from './selectors.js';

/** Collects positional parameters while a statement is built. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Midnight UTC of `now`'s date minus `days` days: the official `Date.today - max_age` (the broker runs in UTC). */
function dayCutoff(now: Date, days: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days));
}

// Branch heads, derived as everywhere in this broker: the branch's version with the highest order. Among given
// versions only their own branches matter, since a version can only be the head of a branch it is on.
function heads(among: string | undefined): string {
  const which =
    among === undefined
      ? ''
      : `WHERE b.id IN (SELECT branch_id FROM branch_versions WHERE version_id = ANY(${among}::int[]))`;
  return `heads AS (
  SELECT b.id AS branch_id, b.name, b.pacticipant_id, h.version_id
  FROM branches b
  CROSS JOIN LATERAL (SELECT bv.version_id FROM branch_versions bv WHERE bv.branch_id = b.id
                      ORDER BY bv.version_ord DESC LIMIT 1) h
  ${which})`;
}

/**
 * The versions one selector matches, one row per match the way the official query produces rows (a version with
 * two tags is two rows of `{tag: true}`), so counting the rows gives the official per-selector count.
 */
function selectorRows(s: KeepSelector, p: Params, now: Date, among?: string): string {
  const joins: string[] = [];
  const where: string[] = [];
  // Deciding only for given versions: a `latest` group still needs all of its pacticipant's versions.
  const grouped =
    s.latest === true && s.mainBranch !== true && s.branch !== true && typeof s.branch !== 'string';
  if (among !== undefined) {
    where.push(
      grouped
        ? `v.pacticipant_id IN (SELECT pacticipant_id FROM versions WHERE id = ANY(${among}::int[]))`
        : `v.id = ANY(${among}::int[])`,
    );
  }
  if (s.pacticipantName !== undefined)
    where.push(`v.pacticipant_id = (SELECT id FROM pacticipants WHERE name = ${p.add(s.pacticipantName)})`);
  if (s.environmentName !== undefined) {
    const env = p.add(s.environmentName);
    where.push(`v.id IN (
      SELECT dv.version_id FROM deployed_versions dv JOIN environments e ON e.id = dv.environment_id
      WHERE dv.currently_deployed AND e.name = ${env}
      UNION
      SELECT rv.version_id FROM released_versions rv JOIN environments e ON e.id = rv.environment_id
      WHERE rv.support_ended_at IS NULL AND e.name = ${env})`);
  }
  if (s.deployed === true)
    where.push('v.id IN (SELECT version_id FROM deployed_versions WHERE currently_deployed)');
  if (s.released === true)
    where.push('v.id IN (SELECT version_id FROM released_versions WHERE support_ended_at IS NULL)');
  if (s.tag === true) joins.push('JOIN tags t ON t.version_id = v.id');
  else if (typeof s.tag === 'string')
    joins.push(`JOIN tags t ON t.version_id = v.id AND t.name = ${p.add(s.tag)}`);
  if (s.maxAge !== undefined) where.push(`v.created_at >= ${p.add(dayCutoff(now, s.maxAge))}::timestamptz`);
  // `latest` with a branch or the main branch means the branch head; otherwise the highest order per pacticipant
  // (per pacticipant and tag name with `tag: true`) among the versions matched so far.
  let latestApplied = false;
  if (s.mainBranch === true) {
    if (s.latest === true) {
      latestApplied = true;
      where.push(`v.id IN (SELECT h.version_id FROM heads h
        JOIN pacticipants mp ON mp.id = h.pacticipant_id AND mp.main_branch = h.name)`);
    } else {
      where.push(`v.id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
        JOIN pacticipants mp ON mp.id = b.pacticipant_id AND mp.main_branch = b.name)`);
    }
  }
  if (s.branch === true || typeof s.branch === 'string') {
    const named = typeof s.branch === 'string' ? p.add(s.branch) : undefined;
    if (s.latest === true) {
      latestApplied = true;
      where.push(
        named === undefined
          ? 'v.id IN (SELECT version_id FROM heads)'
          : `v.id IN (SELECT version_id FROM heads WHERE name = ${named})`,
      );
    } else {
      where.push(
        named === undefined
          ? 'v.id IN (SELECT version_id FROM branch_versions)'
          : `v.id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
               WHERE b.name = ${named})`,
      );
    }
  }
  const matched = `FROM versions v ${joins.join(' ')} WHERE ${where.length ? where.join(' AND ') : 'true'}`;
  if (s.latest === true && !latestApplied) {
    const group = s.tag === true ? 'v.pacticipant_id, t.name' : 'v.pacticipant_id';
    return `SELECT lv.id FROM versions lv
      JOIN (SELECT v.pacticipant_id, max(v.ord) AS ord ${matched} GROUP BY ${group}) m
        ON m.pacticipant_id = lv.pacticipant_id AND m.ord = lv.ord
      ${among === undefined ? '' : `WHERE lv.id = ANY(${among}::int[])`}`;
  }
  return `SELECT v.id ${matched}`;
}

/**
 * `WITH heads AS (…), keep AS (the union of the selectors)` for a statement that reads `keep(id)`; with `among`
 * (a parameter holding version ids), `keep` is decided for those versions only, at a cost that does not grow with
 * the rest of the database.
 */
function withKeep(selectors: readonly KeepSelector[], p: Params, now: Date, among?: string): string {
  const union = selectors.map((s) => `(${selectorRows(s, p, now, among)})`).join('\nUNION\n');
  return `WITH ${heads(among)},\nkeep AS (${union})`;
}

export async function countKeptBySelector(db: Queryable, s: KeepSelector, now: Date): Promise<number> {
  const p = new Params();
  const sql = `WITH ${heads(undefined)} SELECT count(*)::int AS n FROM (${selectorRows(s, p, now)}) s`;
  return (await db.query<{ n: number }>(sql, p.values)).rows[0]!.n;
}

export async function countKept(
  db: Queryable,
  selectors: readonly KeepSelector[],
  now: Date,
): Promise<number> {
  const p = new Params();
  const sql = `${withKeep(selectors, p, now)} SELECT count(*)::int AS n FROM keep`;
  return (await db.query<{ n: number }>(sql, p.values)).rows[0]!.n;
}

/** The oldest `limit` versions (by id, as upstream) that no selector keeps. */
export async function versionsNotKept(
  db: Queryable,
  selectors: readonly KeepSelector[],
  now: Date,
  limit: number,
): Promise<number[]> {
  const p = new Params();
  const sql = `${withKeep(selectors, p, now)}
    SELECT v.id FROM versions v WHERE NOT EXISTS (SELECT 1 FROM keep k WHERE k.id = v.id)
    ORDER BY v.id LIMIT ${p.add(limit)}`;
  return (await db.query<{ id: number }>(sql, p.values)).rows.map((r) => r.id);
}

/**
 * Inside a batch's transaction: locks the candidate versions, then (a new statement, so a fresh snapshot that sees
 * every write that held those rows before the lock) returns those that are still outside the keep set. A version
 * deployed, tagged or made a branch head meanwhile is therefore never deleted; a write that comes after the lock
 * waits for the batch and then finds the version gone.
 */
export async function lockVersionsStillNotKept(
  tx: Db,
  ids: number[],
  selectors: readonly KeepSelector[],
  now: Date,
): Promise<number[]> {
  await tx.query('SELECT id FROM versions WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [ids]);
  const p = new Params();
  const candidates = p.add(ids);
  const sql = `${withKeep(selectors, p, now, candidates)}
    SELECT v.id FROM versions v
    WHERE v.id = ANY(${candidates}::int[]) AND NOT EXISTS (SELECT 1 FROM keep k WHERE k.id = v.id)
    ORDER BY v.id`;
  return (await tx.query<{ id: number }>(sql, p.values)).rows.map((r) => r.id);
}

// A delivery a relay has claimed and is sending right now is left alone: the relay writes its outcome next.
const NOT_IN_FLIGHT = `NOT (d.status IN ('pending', 'retrying') AND d.locked_until > clock_timestamp())`;

export interface DeletedRows {
  versions: number;
  pactPublications: number;
  verifications: number;
  triggeredWebhooks: number;
  webhookExecutions: number;
}

async function deleteDeliveries(tx: Db, where: string, params: unknown[]): Promise<[number, number]> {
  const { rows } = await tx.query<{ deliveries: number; executions: number }>(
    `WITH gone AS (DELETE FROM webhook_deliveries d WHERE ${where} AND ${NOT_IN_FLIGHT} RETURNING d.id)
     SELECT (SELECT count(*)::int FROM gone) AS deliveries,
            (SELECT count(*)::int FROM webhook_executions e WHERE e.delivery_id IN (SELECT id FROM gone)) AS executions`,
    params,
  );
  return [rows[0]!.deliveries, rows[0]!.executions];
}

/**
 * Deletes versions in the official order: the webhook deliveries their verifications and publications triggered
 * (with their executions), the verifications they made as provider versions, the pacts they published as consumer
 * versions, then the versions, whose tags, branch versions, deployed and released versions go with them (FK cascade).
 */
export async function deleteVersions(tx: Db, ids: number[]): Promise<DeletedRows> {
  const [byVerification, byVerificationExecutions] = await deleteDeliveries(
    tx,
    'd.verification_id IN (SELECT id FROM verifications WHERE provider_version_id = ANY($1::int[]))',
    [ids],
  );
  // A publication's deliveries carry its content, integration and consumer version number.
  const [byPublication, byPublicationExecutions] = await deleteDeliveries(
    tx,
    `d.verification_id IS NULL AND EXISTS (
       SELECT 1 FROM pact_publications pp JOIN versions cv ON cv.id = pp.consumer_version_id
       WHERE pp.consumer_version_id = ANY($1::int[]) AND pp.pact_version_id = d.pact_version_id
         AND pp.consumer_id = d.consumer_id AND pp.provider_id = d.provider_id
         AND d.context->>'consumerVersionNumber' = cv.number)`,
    [ids],
  );
  const count = async (sql: string) => (await tx.query(`${sql} RETURNING 1`, [ids])).rows.length;
  const verifications = await count('DELETE FROM verifications WHERE provider_version_id = ANY($1::int[])');
  const pactPublications = await count(
    'DELETE FROM pact_publications WHERE consumer_version_id = ANY($1::int[])',
  );
  const versions = await count('DELETE FROM versions WHERE id = ANY($1::int[])');
  return {
    versions,
    pactPublications,
    verifications,
    triggeredWebhooks: byVerification + byPublication,
    webhookExecutions: byVerificationExecutions + byPublicationExecutions,
  };
}

const ORPHAN = `NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_version_id = pv.id)
  AND NOT EXISTS (SELECT 1 FROM verifications vr WHERE vr.pact_version_id = pv.id)`;

/** Pact contents no publication and no verification refers to, oldest first. */
export async function orphanPactVersions(db: Queryable, limit: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT pv.id FROM pact_versions pv WHERE ${ORPHAN} ORDER BY pv.id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

/** Locks the candidate contents, then deletes those still orphaned, and the deliveries that name them. */
export async function deleteOrphanPactVersions(
  tx: Db,
  ids: number[],
): Promise<{ pactVersions: number; triggeredWebhooks: number; webhookExecutions: number }> {
  await tx.query('SELECT id FROM pact_versions WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [ids]);
  const { rows } = await tx.query<{ id: number }>(
    `SELECT pv.id FROM pact_versions pv WHERE pv.id = ANY($1::int[]) AND ${ORPHAN}`,
    [ids],
  );
  const gone = rows.map((r) => r.id);
  if (gone.length === 0) return { pactVersions: 0, triggeredWebhooks: 0, webhookExecutions: 0 };
  const [triggeredWebhooks, webhookExecutions] = await deleteDeliveries(
    tx,
    'd.pact_version_id = ANY($1::int[])',
    [gone],
  );
  const pactVersions = (
    await tx.query('DELETE FROM pact_versions WHERE id = ANY($1::int[]) RETURNING 1', [gone])
  ).rows.length;
  return { pactVersions, triggeredWebhooks, webhookExecutions };
}

const ORPHAN_PROVIDER_CONTRACT = `NOT EXISTS
  (SELECT 1 FROM provider_contract_publications pcp WHERE pcp.provider_contract_version_id = pcv.id)`;

/** Provider contract documents no provider version publishes any more (their comparisons go with them). */
export async function orphanProviderContracts(db: Queryable, limit: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT pcv.id FROM provider_contract_versions pcv WHERE ${ORPHAN_PROVIDER_CONTRACT} ORDER BY pcv.id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

/** Locks the candidate documents, then deletes those still unpublished. */
export async function deleteOrphanProviderContracts(tx: Db, ids: number[]): Promise<number> {
  await tx.query(
    'SELECT id FROM provider_contract_versions WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  const { rows } = await tx.query(
    `DELETE FROM provider_contract_versions pcv WHERE pcv.id = ANY($1::int[]) AND ${ORPHAN_PROVIDER_CONTRACT}
      RETURNING 1`,
    [ids],
  );
  return rows.length;
}

/**
 * The condition for a stale branch `b`: not its pacticipant's main branch, and no selector keeps it. A branch's
 * last update is when it was created or last got a version (what the official `branches.updated_at` records).
 */
function staleBranch(selectors: readonly BranchSelector[], p: Params, now: Date): string {
  const keep: string[] = [];
  for (const s of selectors) {
    if (s.maxAge !== undefined) {
      keep.push(`greatest(b.created_at, (SELECT max(bv.created_at) FROM branch_versions bv WHERE bv.branch_id = b.id))
        >= ${p.add(dayCutoff(now, s.maxAge))}::timestamptz`);
    }
    if (s.branch !== undefined) keep.push(`b.name = ANY(${p.add(s.branch)}::text[])`);
  }
  const main = `EXISTS (SELECT 1 FROM pacticipants bp WHERE bp.id = b.pacticipant_id AND bp.main_branch = b.name)`;
  return `NOT ${main}${keep.length ? ` AND NOT (${keep.join(' OR ')})` : ''}`;
}

export async function staleBranches(
  db: Queryable,
  selectors: readonly BranchSelector[],
  now: Date,
  limit: number,
): Promise<number[]> {
  const p = new Params();
  const sql = `SELECT b.id FROM branches b WHERE ${staleBranch(selectors, p, now)} ORDER BY b.id LIMIT ${p.add(limit)}`;
  return (await db.query<{ id: number }>(sql, p.values)).rows.map((r) => r.id);
}

/** Locks the candidate branches, then deletes those still stale (a branch that just got a version stays). */
export async function deleteStaleBranches(
  tx: Db,
  ids: number[],
  selectors: readonly BranchSelector[],
  now: Date,
): Promise<number> {
  await tx.query('SELECT id FROM branches WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE', [ids]);
  const p = new Params();
  const candidates = p.add(ids);
  const sql = `DELETE FROM branches b WHERE b.id = ANY(${candidates}::int[]) AND ${staleBranch(selectors, p, now)}
    RETURNING 1`;
  return (await tx.query(sql, p.values)).rows.length;
}

/** The tables the official result counts, under the official names (`triggered_webhooks` = webhook_deliveries). */
export const COUNTED_TABLES = {
  versions: 'versions',
  pact_publications: 'pact_publications',
  pact_versions: 'pact_versions',
  verifications: 'verifications',
  triggered_webhooks: 'webhook_deliveries',
  webhook_executions: 'webhook_executions',
  branches: 'branches',
  // Not in the official result (the open-source broker has no provider contracts): their distinct documents.
  provider_contracts: 'provider_contract_versions',
} as const;

export type CountedTable = keyof typeof COUNTED_TABLES;

export async function tableCounts(db: Queryable): Promise<Record<CountedTable, number>> {
  const columns = Object.entries(COUNTED_TABLES)
    .map(([key, table]) => `(SELECT count(*)::int FROM ${table}) AS ${key}`)
    .join(', ');
  return (await db.query<Record<CountedTable, number>>(`SELECT ${columns}`)).rows[0]!;
}

export interface PacticipantRow {
  id: number;
  name: string;
}

/** Every pacticipant, in the official order of the dry-run summary (lower-case name). */
export async function pacticipantsByName(db: Queryable): Promise<PacticipantRow[]> {
  return (await db.query<PacticipantRow>('SELECT id, name FROM pacticipants ORDER BY lower(name), name'))
    .rows;
}

export interface VersionInfoRow {
  id: number;
  pacticipant_id: number;
  number: string;
  created_at: Date;
  tags: string[];
}

const VERSION_INFO = `v.id, v.pacticipant_id, v.number, v.created_at,
  ARRAY(SELECT t.name FROM tags t WHERE t.version_id = v.id ORDER BY t.name COLLATE "C") AS tags`;

/** The versions with these ids, by id, with their tag names. */
export async function versionInfo(db: Queryable, ids: number[]): Promise<VersionInfoRow[]> {
  return (
    await db.query<VersionInfoRow>(
      `SELECT ${VERSION_INFO} FROM versions v WHERE v.id = ANY($1::int[]) ORDER BY v.id`,
      [ids],
    )
  ).rows;
}

export interface RemainingRow {
  pacticipant_id: number;
  count: number;
  first: VersionInfoRow;
  last: VersionInfoRow;
}

/** Per pacticipant, the versions left once `deleted` are gone: how many, and the lowest- and highest-order one. */
export async function remainingVersions(db: Queryable, deleted: number[]): Promise<RemainingRow[]> {
  const { rows } = await db.query<{
    pacticipant_id: number;
    count: number;
    first_id: number;
    last_id: number;
  }>(
    `SELECT r.pacticipant_id, r.count,
            (SELECT id FROM versions WHERE pacticipant_id = r.pacticipant_id AND ord = r.min_ord) AS first_id,
            (SELECT id FROM versions WHERE pacticipant_id = r.pacticipant_id AND ord = r.max_ord) AS last_id
     FROM (SELECT pacticipant_id, count(*)::int AS count, min(ord) AS min_ord, max(ord) AS max_ord
           FROM versions WHERE NOT (id = ANY($1::int[])) GROUP BY pacticipant_id) r`,
    [deleted],
  );
  const info = new Map(
    (
      await versionInfo(
        db,
        rows.flatMap((r) => [r.first_id, r.last_id]),
      )
    ).map((v) => [v.id, v]),
  );
  return rows.map((r) => ({
    pacticipant_id: r.pacticipant_id,
    count: r.count,
    first: info.get(r.first_id)!,
    last: info.get(r.last_id)!,
  }));
}

// Overwritten data (the official delete_overwritten_data): superseded rows older than a cut-off.

/** Verifications of a (content, provider version) that a newer verification of the same pair superseded. */
export async function overwrittenVerifications(
  db: Queryable,
  before: Date,
  limit: number,
): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT v.id FROM verifications v
     WHERE v.created_at < $1 AND EXISTS (SELECT 1 FROM verifications n
       WHERE n.pact_version_id = v.pact_version_id AND n.provider_version_id = v.provider_version_id AND n.id > v.id)
     ORDER BY v.id LIMIT $2`,
    [before, limit],
  );
  return rows.map((r) => r.id);
}

/** Deletes these verifications and the deliveries they triggered (as the official dataset delete does). */
export async function deleteVerifications(tx: Db, ids: number[]): Promise<number> {
  await deleteDeliveries(tx, 'd.verification_id = ANY($1::int[])', [ids]);
  return (await tx.query('DELETE FROM verifications WHERE id = ANY($1::int[]) RETURNING 1', [ids])).rows
    .length;
}

/** Deliveries older than the cut-off that are not the newest of their webhook, integration and event. */
export async function overwrittenDeliveries(db: Queryable, before: Date, limit: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT d.id FROM webhook_deliveries d
     WHERE d.created_at < $1 AND ${NOT_IN_FLIGHT} AND EXISTS (SELECT 1 FROM webhook_deliveries n
       WHERE n.webhook_uuid = d.webhook_uuid AND n.event_name = d.event_name AND n.id > d.id
         AND n.consumer_id IS NOT DISTINCT FROM d.consumer_id AND n.provider_id IS NOT DISTINCT FROM d.provider_id)
     ORDER BY d.id LIMIT $2`,
    [before, limit],
  );
  return rows.map((r) => r.id);
}

export async function deleteDeliveriesById(tx: Db, ids: number[]): Promise<number> {
  const [deliveries] = await deleteDeliveries(tx, 'd.id = ANY($1::int[])', [ids]);
  return deliveries;
}
