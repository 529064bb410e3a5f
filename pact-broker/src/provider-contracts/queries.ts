// SQL of provider contracts: documents by SHA, one publication per provider version, self-verifications, the
import { BrokerError } from '../errors.js';
// cached comparisons, and the pacts and provider versions a publication is compared with.

import type { Db } from '../db/db.js';
import type { PacticipantRow } from '../pacticipants/queries.js';

export interface ContractVersionRow {
  id: number;
  provider_id: number;
  sha: string;
  content: string;
  content_type: string;
  specification: string;
  specification_version: string;
  created_at: Date;
}

export interface SelfVerificationRow {
  id: number;
  publication_id: number;
  success: boolean;
  content: string | null;
  content_base64: boolean;
  content_type: string | null;
  format: string | null;
  verifier: string | null;
  verifier_version: string | null;
  build_url: string | null;
  created_at: Date;
}

/** A publication with its provider version and document (without the document's text). */
export interface PublicationRow {
  id: number;
  provider_id: number;
  provider_name: string;
  provider_version_id: number;
  provider_version_number: string;
  provider_version_ord: number;
  contract_version_id: number;
  sha: string;
  content_type: string;
  specification: string;
  specification_version: string;
  build_url: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface StoredComparison {
  pact_version_id: number;
  provider_contract_version_id: number;
  comparator_version: string;
  success: boolean;
  error_count: number;
  warning_count: number;
  interactions_compared: number;
  mismatches: unknown[];
  created_at: Date;
}

const PUBLICATION = `SELECT p.id, p.provider_id, pa.name AS provider_name, p.provider_version_id,
       v.number AS provider_version_number, v.ord::int AS provider_version_ord,
       p.provider_contract_version_id AS contract_version_id, c.sha, c.content_type, c.specification,
       c.specification_version, p.build_url, p.created_at, p.updated_at
  FROM provider_contract_publications p
  JOIN versions v ON v.id = p.provider_version_id
  JOIN pacticipants pa ON pa.id = p.provider_id
  JOIN provider_contract_versions c ON c.id = p.provider_contract_version_id`;

export async function contractVersionBySha(
  db: Db,
  providerId: number,
  sha: string,
): Promise<ContractVersionRow | undefined> {
  return (
    await db.query<ContractVersionRow>(
      'SELECT * FROM provider_contract_versions WHERE provider_id = $1 AND sha = $2',
      [providerId, sha],
    )
  ).rows[0];
}

export async function contractVersionById(db: Db, id: number): Promise<ContractVersionRow | undefined> {
  return (await db.query<ContractVersionRow>('SELECT * FROM provider_contract_versions WHERE id = $1', [id]))
    .rows[0];
}

export async function findOrCreateContractVersion(
  db: Db,
  row: Pick<
    ContractVersionRow,
    'provider_id' | 'sha' | 'content' | 'content_type' | 'specification' | 'specification_version'
  >,
): Promise<ContractVersionRow> {
  const inserted = await db.query<ContractVersionRow>(
    `INSERT INTO provider_contract_versions (provider_id, sha, content, content_type, specification, specification_version)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (provider_id, sha) DO NOTHING RETURNING *`,
    [row.provider_id, row.sha, row.content, row.content_type, row.specification, row.specification_version],
  );
  const found = inserted.rows[0] ?? (await contractVersionBySha(db, row.provider_id, row.sha));
  // DO NOTHING met a row that a concurrent delete (of the provider) then removed.
  if (!found) throw BrokerError.concurrentWrite('contract', 'was deleted by a concurrent request');
  return found;
}

/** Inserts the publication of a provider version; undefined when the version already has one. */
export async function insertPublication(
  db: Db,
  row: { providerId: number; providerVersionId: number; contractVersionId: number; buildUrl: string | null },
): Promise<number | undefined> {
  return (
    await db.query<{ id: number }>(
      `INSERT INTO provider_contract_publications (provider_id, provider_version_id, provider_contract_version_id, build_url)
       VALUES ($1, $2, $3, $4) ON CONFLICT (provider_version_id) DO NOTHING RETURNING id`,
      [row.providerId, row.providerVersionId, row.contractVersionId, row.buildUrl],
    )
  ).rows[0]?.id;
}

/** The publication of a provider version, locked for the rest of the transaction. */
export async function publicationForUpdate(
  db: Db,
  providerVersionId: number,
): Promise<{ id: number; provider_contract_version_id: number } | undefined> {
  return (
    await db.query<{ id: number; provider_contract_version_id: number }>(
      'SELECT id, provider_contract_version_id FROM provider_contract_publications WHERE provider_version_id = $1 FOR UPDATE',
      [providerVersionId],
    )
  ).rows[0];
}

export async function updatePublication(
  db: Db,
  id: number,
  fields: { contractVersionId: number; buildUrl: string | null | undefined },
): Promise<void> {
  await db.query(
    `UPDATE provider_contract_publications
        SET provider_contract_version_id = $2, build_url = COALESCE($3, build_url), updated_at = clock_timestamp()
      WHERE id = $1`,
    [id, fields.contractVersionId, fields.buildUrl ?? null],
  );
}

export async function insertSelfVerification(
  db: Db,
  publicationId: number,
  v: Omit<SelfVerificationRow, 'id' | 'publication_id' | 'created_at'>,
): Promise<void> {
  await db.query(
    `INSERT INTO provider_contract_self_verifications
       (publication_id, success, content, content_base64, content_type, format, verifier, verifier_version, build_url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      publicationId,
      v.success,
      v.content,
      v.content_base64,
      v.content_type,
      v.format,
      v.verifier,
      v.verifier_version,
      v.build_url,
    ],
  );
}

export async function publicationOfVersion(
  db: Db,
  providerVersionId: number,
): Promise<PublicationRow | undefined> {
  return (
    await db.query<PublicationRow>(`${PUBLICATION} WHERE p.provider_version_id = $1`, [providerVersionId])
  ).rows[0];
}

/** Publications of many provider versions at once, keyed by provider version id. */
export async function publicationsOfVersions(
  db: Db,
  providerVersionIds: number[],
): Promise<Map<number, PublicationRow>> {
  const out = new Map<number, PublicationRow>();
  if (providerVersionIds.length === 0) return out;
  const { rows } = await db.query<PublicationRow>(
    `${PUBLICATION} WHERE p.provider_version_id = ANY($1::int[])`,
    [providerVersionIds],
  );
  for (const r of rows) out.set(r.provider_version_id, r);
  return out;
}

/** Publications of versions on a branch: `$param` is the branch name, `$1` the provider. */
const onBranch = (param: string) =>
  `AND p.provider_version_id IN (SELECT bv.version_id FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
                                  WHERE b.pacticipant_id = $1 AND b.name = ${param})`;

/** Newest first; `branch` limits to versions on that branch. */
export async function publicationsOfProvider(
  db: Db,
  providerId: number,
  options: { branch?: string | undefined; limit: number; offset: number },
): Promise<{ rows: PublicationRow[]; total: number }> {
  const branch = options.branch;
  const [rows, count] = await Promise.all([
    db.query<PublicationRow>(
      `${PUBLICATION} WHERE p.provider_id = $1 ${branch ? onBranch('$4') : ''} ORDER BY v.ord DESC LIMIT $2 OFFSET $3`,
      branch
        ? [providerId, options.limit, options.offset, branch]
        : [providerId, options.limit, options.offset],
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM provider_contract_publications p WHERE p.provider_id = $1 ${branch ? onBranch('$2') : ''}`,
      branch ? [providerId, branch] : [providerId],
    ),
  ]);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

/** The newest publication of the provider (on `branch` when given; the main branch when `branch` is null). */
export async function latestPublication(
  db: Db,
  providerId: number,
  branch?: string | null,
): Promise<PublicationRow | undefined> {
  if (branch === undefined)
    return (await publicationsOfProvider(db, providerId, { limit: 1, offset: 0 })).rows[0];
  const { rows } = await db.query<PublicationRow>(
    `${PUBLICATION}
      JOIN branch_versions bv ON bv.version_id = p.provider_version_id
      JOIN branches b ON b.id = bv.branch_id AND b.pacticipant_id = p.provider_id
     WHERE p.provider_id = $1 AND b.name = COALESCE($2, pa.main_branch)
     ORDER BY bv.version_ord DESC LIMIT 1`,
    [providerId, branch],
  );
  return rows[0];
}

/** The current (newest) self-verification of each publication. */
export async function latestSelfVerifications(
  db: Db,
  publicationIds: number[],
): Promise<Map<number, SelfVerificationRow>> {
  const out = new Map<number, SelfVerificationRow>();
  if (publicationIds.length === 0) return out;
  const { rows } = await db.query<SelfVerificationRow>(
    `SELECT DISTINCT ON (publication_id) * FROM provider_contract_self_verifications
      WHERE publication_id = ANY($1::int[]) ORDER BY publication_id, id DESC`,
    [publicationIds],
  );
  for (const r of rows) out.set(r.publication_id, r);
  return out;
}

export async function selfVerificationHistory(db: Db, publicationId: number): Promise<SelfVerificationRow[]> {
  return (
    await db.query<SelfVerificationRow>(
      'SELECT * FROM provider_contract_self_verifications WHERE publication_id = $1 ORDER BY id DESC',
      [publicationId],
    )
  ).rows;
}

export async function storedComparisons(
  db: Db,
  pairs: Array<{ pactVersionId: number; contractVersionId: number }>,
  comparatorVersion: string,
): Promise<StoredComparison[]> {
  if (pairs.length === 0) return [];
  return (
    await db.query<StoredComparison>(
      `SELECT r.* FROM cross_contract_results r
         JOIN unnest($1::int[], $2::int[]) AS k(pact_version_id, contract_version_id)
           ON r.pact_version_id = k.pact_version_id AND r.provider_contract_version_id = k.contract_version_id
        WHERE r.comparator_version = $3`,
      [pairs.map((p) => p.pactVersionId), pairs.map((p) => p.contractVersionId), comparatorVersion],
    )
  ).rows;
}

export async function insertComparisons(
  db: Db,
  rows: Array<Omit<StoredComparison, 'created_at'>>,
): Promise<void> {
  for (const r of rows) {
    await db.query(
      `INSERT INTO cross_contract_results
         (pact_version_id, provider_contract_version_id, comparator_version, success, error_count, warning_count,
          interactions_compared, mismatches)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) ON CONFLICT DO NOTHING`,
      [
        r.pact_version_id,
        r.provider_contract_version_id,
        r.comparator_version,
        r.success,
        r.error_count,
        r.warning_count,
        r.interactions_compared,
        JSON.stringify(r.mismatches),
      ],
    );
  }
}

export interface PactContentRow {
  id: number;
  sha: string;
  content: string;
  consumer_id: number;
  consumer_name: string;
}

export async function pactContents(db: Db, pactVersionIds: number[]): Promise<PactContentRow[]> {
  if (pactVersionIds.length === 0) return [];
  return (
    await db.query<PactContentRow>(
      `SELECT pv.id, pv.sha, pv.content, pv.consumer_id, c.name AS consumer_name
         FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id WHERE pv.id = ANY($1::int[])`,
      [pactVersionIds],
    )
  ).rows;
}

/** One pact publication a comparison concerns: its content and consumer version. */
export interface ConsumerPactRow {
  pact_version_id: number;
  consumer_name: string;
  consumer_version_number: string;
  consumer_version_ord: number;
}

/**
 * The consumer pacts of a provider a new provider contract is compared with: each consumer's latest
 * publication, its main-branch head, each branch head published in the last 90 days (at most 100 per consumer),
 * and every consumer version currently deployed or released.
 */
export async function pactsToCompareWithContract(db: Db, providerId: number): Promise<ConsumerPactRow[]> {
  return (
    await db.query<ConsumerPactRow>(
      `WITH pubs AS (
         SELECT pact_version_id, consumer_id, consumer_version_id, consumer_version_ord, created_at
           FROM pact_publications WHERE provider_id = $1
       ), branch_heads AS (
         SELECT DISTINCT ON (b.id) pubs.consumer_version_id, pubs.created_at, b.name = c.main_branch AS main
           FROM pubs
           JOIN branch_versions bv ON bv.version_id = pubs.consumer_version_id
           JOIN branches b ON b.id = bv.branch_id
           JOIN pacticipants c ON c.id = b.pacticipant_id
          ORDER BY b.id, bv.version_ord DESC
       ), chosen AS (
         (SELECT DISTINCT ON (consumer_id) consumer_version_id FROM pubs ORDER BY consumer_id, consumer_version_ord DESC)
         UNION
         (SELECT consumer_version_id FROM branch_heads WHERE main)
         UNION
         (SELECT consumer_version_id FROM branch_heads
           WHERE NOT main AND created_at > clock_timestamp() - interval '90 days'
           ORDER BY created_at DESC LIMIT 100)
         UNION
         (SELECT d.version_id FROM deployed_versions d JOIN pubs ON pubs.consumer_version_id = d.version_id
           WHERE d.currently_deployed)
         UNION
         (SELECT r.version_id FROM released_versions r JOIN pubs ON pubs.consumer_version_id = r.version_id
           WHERE r.support_ended_at IS NULL)
       )
       SELECT pubs.pact_version_id, c.name AS consumer_name, v.number AS consumer_version_number,
              pubs.consumer_version_ord::int AS consumer_version_ord
         FROM pubs JOIN chosen ON chosen.consumer_version_id = pubs.consumer_version_id
         JOIN versions v ON v.id = pubs.consumer_version_id
         JOIN pacticipants c ON c.id = pubs.consumer_id
        ORDER BY pubs.consumer_version_ord DESC`,
      [providerId],
    )
  ).rows;
}

/** A provider version with a contract that a new pact is compared with, and why it was chosen. */
export interface ContractTargetRow {
  provider_version_id: number;
  provider_version_number: string;
  contract_version_id: number;
  publication_id: number;
  why: string;
}

/**
 * The provider versions with a provider contract a new pact of `consumerVersionId` is compared with: the main-branch
 * head, the head of the consumer version's branch (matching branch), the latest version with a contract, and every
 * version currently deployed or released (the environment named).
 */
export async function contractsToCompareWithPact(
  db: Db,
  providerId: number,
  consumerVersionId: number,
): Promise<ContractTargetRow[]> {
  return (
    await db.query<ContractTargetRow>(
      `WITH pubs AS (
         SELECT p.id, p.provider_version_id, p.provider_contract_version_id, v.number, v.ord
           FROM provider_contract_publications p JOIN versions v ON v.id = p.provider_version_id
          WHERE p.provider_id = $1
       ), branch_heads AS (
         SELECT DISTINCT ON (b.id) b.name, bv.version_id FROM branches b
           JOIN branch_versions bv ON bv.branch_id = b.id
           JOIN pubs ON pubs.provider_version_id = bv.version_id
          WHERE b.pacticipant_id = $1
            AND (b.name = (SELECT main_branch FROM pacticipants WHERE id = $1)
                 OR b.name IN (SELECT cb.name FROM branch_versions cbv JOIN branches cb ON cb.id = cbv.branch_id
                                WHERE cbv.version_id = $2))
          ORDER BY b.id, bv.version_ord DESC
       ), chosen AS (
         SELECT version_id, name AS why FROM branch_heads
         UNION ALL
         (SELECT provider_version_id, 'latest' FROM pubs ORDER BY ord DESC LIMIT 1)
         UNION ALL
         SELECT d.version_id, e.name FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
          WHERE d.currently_deployed AND d.version_id IN (SELECT provider_version_id FROM pubs)
         UNION ALL
         SELECT r.version_id, e.name FROM released_versions r JOIN environments e ON e.id = r.environment_id
          WHERE r.support_ended_at IS NULL AND r.version_id IN (SELECT provider_version_id FROM pubs)
       )
       SELECT pubs.provider_version_id, pubs.number AS provider_version_number,
              pubs.provider_contract_version_id AS contract_version_id, pubs.id AS publication_id,
              string_agg(DISTINCT chosen.why, ', ') AS why
         FROM chosen JOIN pubs ON pubs.provider_version_id = chosen.version_id
        GROUP BY pubs.provider_version_id, pubs.number, pubs.provider_contract_version_id, pubs.id, pubs.ord
        ORDER BY pubs.ord DESC`,
      [providerId, consumerVersionId],
    )
  ).rows;
}

/**
 * For history queries with no provider version selected: provider versions whose contract already has a stored
 * comparison with one of these pact contents (newest provider versions first, at most `limit`).
 */
export async function providerVersionsWithComparisons(
  db: Db,
  pactVersionIds: number[],
  comparatorVersion: string,
  limit: number,
): Promise<Array<{ pact_version_id: number; provider_version_id: number; number: string; ord: number }>> {
  if (pactVersionIds.length === 0) return [];
  return (
    await db.query<{ pact_version_id: number; provider_version_id: number; number: string; ord: number }>(
      `SELECT r.pact_version_id, p.provider_version_id, v.number, v.ord::int AS ord
         FROM cross_contract_results r
         JOIN provider_contract_publications p ON p.provider_contract_version_id = r.provider_contract_version_id
         JOIN versions v ON v.id = p.provider_version_id
        WHERE r.pact_version_id = ANY($1::int[]) AND r.comparator_version = $2
        ORDER BY v.ord DESC LIMIT $3`,
      [pactVersionIds, comparatorVersion, limit],
    )
  ).rows;
}

/** Stored comparisons of one contract content with the pacts of each consumer version that published them. */
export async function comparisonsOfContract(
  db: Db,
  contractVersionId: number,
  comparatorVersion: string,
): Promise<
  Array<StoredComparison & { consumer_name: string; consumer_version_number: string; pact_sha: string }>
> {
  return (
    await db.query<
      StoredComparison & { consumer_name: string; consumer_version_number: string; pact_sha: string }
    >(
      `SELECT r.*, c.name AS consumer_name, v.number AS consumer_version_number, pv.sha AS pact_sha
         FROM cross_contract_results r
         JOIN pact_versions pv ON pv.id = r.pact_version_id
         JOIN pact_publications pp ON pp.pact_version_id = r.pact_version_id
         JOIN versions v ON v.id = pp.consumer_version_id
         JOIN pacticipants c ON c.id = pp.consumer_id
        WHERE r.provider_contract_version_id = $1 AND r.comparator_version = $2
        ORDER BY pp.consumer_version_ord DESC`,
      [contractVersionId, comparatorVersion],
    )
  ).rows;
}

/** The pact a consumer version published for a provider (its content id and sha). */
export async function pactOfConsumerVersion(
  db: Db,
  providerId: number,
  consumerVersionId: number,
): Promise<{ pact_version_id: number; sha: string } | undefined> {
  return (
    await db.query<{ pact_version_id: number; sha: string }>(
      `SELECT pp.pact_version_id, pv.sha FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id
        WHERE pp.provider_id = $1 AND pp.consumer_version_id = $2`,
      [providerId, consumerVersionId],
    )
  ).rows[0];
}

/** Pact verifications (replays) by a provider version of a pact content, newest first. */
export async function pactVerificationsBy(
  db: Db,
  pactVersionId: number,
  providerVersionId: number,
): Promise<Array<{ number: number; success: boolean; execution_date: Date }>> {
  return (
    await db.query<{ number: number; success: boolean; execution_date: Date }>(
      `SELECT number, success, execution_date FROM verifications
        WHERE pact_version_id = $1 AND provider_version_id = $2 ORDER BY id DESC`,
      [pactVersionId, providerVersionId],
    )
  ).rows;
}

/** Names of the providers that published at least one provider contract (the pages link to them). */
export async function providersWithContracts(db: Db): Promise<Set<string>> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT p.name FROM pacticipants p
      WHERE EXISTS (SELECT 1 FROM provider_contract_publications c WHERE c.provider_id = p.id)`,
  );
  return new Set(rows.map((r) => r.name));
}

/**
 * The pacticipants of these names, each with whether it published a provider contract: a publish's first read,
 * which so also knows which of its new pacts need a comparison without a statement of its own.
 */
export async function pacticipantsWithContractsByName(
  db: Db,
  names: string[],
): Promise<Map<string, PacticipantRow & { has_provider_contracts: boolean }>> {
  const { rows } = await db.query<PacticipantRow & { has_provider_contracts: boolean }>(
    `SELECT p.*, EXISTS (SELECT 1 FROM provider_contract_publications c WHERE c.provider_id = p.id)
            AS has_provider_contracts
       FROM pacticipants p WHERE p.name = ANY($1::text[])`,
    [[...new Set(names)]],
  );
  return new Map(rows.map((r) => [r.name, r]));
}

/** Which of these providers have published a provider contract (only their new pacts need a comparison). */
export async function providerIdsWithContracts(db: Db, providerIds: number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ provider_id: number }>(
    `SELECT DISTINCT provider_id FROM provider_contract_publications WHERE provider_id = ANY($1::int[])`,
    [providerIds],
  );
  return new Set(rows.map((r) => r.provider_id));
}
