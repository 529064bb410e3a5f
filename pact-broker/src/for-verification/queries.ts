// SQL for "pacts for verification": candidate publications per selector kind, each statement with the provider's
// successful verifications of its candidates' contents (what pending and WIP are decided from).

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

/** The columns of a candidate row (`CandidateRow`), in order. */
const CANDIDATE_COLUMNS = [
  'publication_id',
  'consumer_id',
  'consumer_name',
  'consumer_version_id',
  'consumer_version_number',
  'consumer_version_ord',
  'pact_version_id',
  'sha',
  'created_at',
  'via',
];

const candidateQuery = (sql: string, params: unknown[], columns = CANDIDATE_COLUMNS): CandidateQuery => ({
  sql,
  params,
  columns,
});

const COLS = `pp.id AS publication_id, pp.consumer_id, c.name AS consumer_name, pp.consumer_version_id,
  v.number AS consumer_version_number, pp.consumer_version_ord::int AS consumer_version_ord, pp.pact_version_id,
  pv.sha, pp.created_at`;
const JOINS = `JOIN pacticipants c ON c.id = pp.consumer_id JOIN versions v ON v.id = pp.consumer_version_id
  JOIN pact_versions pv ON pv.id = pp.pact_version_id`;

export interface SuccessRow {
  id: number;
  pact_version_id: number;
  created_at: Date;
  execution_date: Date;
  wip: boolean;
  branches: string[];
  tags: string[];
}

/** The columns of a success row beside the candidates' (typed: a UNION of parts that all lack them needs the types). */
const SUCCESS_COLUMNS = [
  ['id', 'int'],
  ['created_at', 'timestamptz'],
  ['execution_date', 'timestamptz'],
  ['wip', 'boolean'],
  ['branches', 'text[]'],
  ['tags', 'text[]'],
];

/** A candidate statement: its `$1` is the provider's id, its rows have `columns`. */
export interface CandidateQuery {
  sql: string;
  params: unknown[];
  columns: string[];
}

/**
 * Runs several candidate statements as one (their parameters renumbered) and, in the same statement, reads the
 * provider's successful verifications of all their candidates' contents, with the provider version's branches and
 * tags, as rows of their own: one round trip, and each content's successes read once however many candidates name
 * it. `rows[i]` are the rows of `queries[i]`, in its order.
 */
export async function candidatesWithSuccesses(
  db: Db,
  providerId: number,
  queries: CandidateQuery[],
): Promise<{ rows: CandidateRow[][]; successes: SuccessRow[] }> {
  const params: unknown[] = [providerId];
  const columns = [...new Set(queries.flatMap((q) => q.columns))];
  const parts = queries.map((q, i) => {
    const offset = params.length;
    params.push(...q.params);
    const sql = q.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return `part${i} AS MATERIALIZED (SELECT row_number() OVER () AS n, c.* FROM (${sql}) c)`;
  });
  const selects = queries.map(
    (q, i) =>
      `SELECT ${i} AS part, n, ${columns.map((c) => (q.columns.includes(c) ? c : `NULL AS ${c}`)).join(', ')},
              ${SUCCESS_COLUMNS.map(([c, type]) => `NULL::${type} AS success_${c}`).join(', ')}
         FROM part${i}`,
  );
  const contents = queries.map((_, i) => `SELECT pact_version_id FROM part${i}`).join(' UNION ');
  const { rows } = await db.query<Record<string, unknown> & { part: number | null }>(
    `WITH ${parts.join(',\n')}
     ${selects.join('\n     UNION ALL\n     ')}
     UNION ALL
     SELECT NULL, NULL, ${columns.map((c) => (c === 'pact_version_id' ? 'vr.pact_version_id' : 'NULL')).join(', ')},
            vr.id, vr.created_at, vr.execution_date, vr.wip,
            coalesce((SELECT array_agg((SELECT b.name FROM branches b WHERE b.id = bv.branch_id))
                        FROM branch_versions bv WHERE bv.version_id = vr.provider_version_id), '{}'),
            coalesce((SELECT array_agg(t.name) FROM tags t WHERE t.version_id = vr.provider_version_id), '{}')
       FROM verifications vr
      WHERE vr.provider_id = $1 AND vr.success AND vr.pact_version_id = ANY(ARRAY(${contents}))
     ORDER BY part, n`,
    params,
  );
  const out = { rows: queries.map((): CandidateRow[] => []), successes: [] as SuccessRow[] };
  for (const r of rows) {
    if (r.part === null) {
      out.successes.push({
        id: r.success_id as number,
        pact_version_id: r.pact_version_id as number,
        created_at: r.success_created_at as Date,
        execution_date: r.success_execution_date as Date,
        wip: r.success_wip as boolean,
        branches: r.success_branches as string[],
        tags: r.success_tags as string[],
      });
    } else {
      const row: Record<string, unknown> = {};
      for (const c of queries[r.part]!.columns) row[c] = r[c];
      out.rows[r.part]!.push(row as unknown as CandidateRow);
    }
  }
  return out;
}

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
 * there is no such pacticipant). The consumers come from a skip scan over the (provider_id, consumer_id) index: one
 * probe per consumer, not one per pacticipant.
 */
export async function providerWithConsumers(
  db: Db,
  name: string,
  branch: string | undefined,
): Promise<ProviderWithConsumers | undefined> {
  const { rows } = await db.query<
    PacticipantRow & { consumers: ConsumerRow[]; branch_created_at: Date | null }
  >(
    `WITH RECURSIVE
     provider AS MATERIALIZED (SELECT * FROM pacticipants WHERE name = $1),
     consumer_ids AS (
       SELECT p.id AS provider_id, (SELECT min(consumer_id) FROM pact_publications WHERE provider_id = p.id) AS id
         FROM provider p
       UNION ALL
       SELECT c.provider_id,
              (SELECT min(consumer_id) FROM pact_publications WHERE provider_id = c.provider_id AND consumer_id > c.id)
         FROM consumer_ids c WHERE c.id IS NOT NULL)
     SELECT p.*, coalesce((SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'main_branch', c.main_branch)
                                           ORDER BY c.name)
                             FROM pacticipants c WHERE c.id = ANY(ARRAY(SELECT id FROM consumer_ids))),
                          '[]') AS consumers,
            (SELECT b.created_at FROM branches b WHERE b.pacticipant_id = p.id AND b.name = $2) AS branch_created_at
       FROM provider p`,
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
export function branchHeadPacts(
  providerId: number,
  consumerIds: number[],
  branch: { kind: 'name'; name: string } | { kind: 'main' } | { kind: 'all' },
): CandidateQuery {
  const cond =
    branch.kind === 'name' ? 'AND b.name = $3' : branch.kind === 'main' ? 'AND b.name = bc.main_branch' : '';
  return candidateQuery(
    `SELECT ${COLS}, b.name AS via FROM branches b
     JOIN pacticipants bc ON bc.id = b.pacticipant_id
     JOIN LATERAL (SELECT bv.version_id FROM branch_versions bv WHERE bv.branch_id = b.id
                   ORDER BY bv.version_ord DESC LIMIT 1) h ON true
     JOIN pact_publications pp ON pp.consumer_version_id = h.version_id AND pp.provider_id = $1
     ${JOINS}
     WHERE b.pacticipant_id = ANY($2::int[]) ${cond}`,
    branch.kind === 'name' ? [providerId, consumerIds, branch.name] : [providerId, consumerIds],
  );
}

/** The newest pact per consumer among consumer versions with a tag (or per consumer and tag for `tag: null`). */
export function latestTaggedPacts(
  providerId: number,
  consumerIds: number[],
  tag: string | null,
): CandidateQuery {
  return candidateQuery(
    `SELECT DISTINCT ON (pp.consumer_id, t.name) ${COLS}, t.name AS via
     FROM pact_publications pp JOIN tags t ON t.version_id = pp.consumer_version_id ${JOINS}
     WHERE pp.provider_id = $1 AND pp.consumer_id = ANY($2::int[]) ${tag === null ? '' : 'AND t.name = $3'}
     ORDER BY pp.consumer_id, t.name, pp.consumer_version_ord DESC`,
    tag === null ? [providerId, consumerIds] : [providerId, consumerIds, tag],
  );
}

export function allTaggedPacts(providerId: number, consumerIds: number[], tag: string): CandidateQuery {
  return candidateQuery(
    `SELECT ${COLS}, t.name AS via
     FROM pact_publications pp JOIN tags t ON t.version_id = pp.consumer_version_id ${JOINS}
     WHERE pp.provider_id = $1 AND pp.consumer_id = ANY($2::int[]) AND t.name = $3`,
    [providerId, consumerIds, tag],
  );
}

export function latestPacts(providerId: number, consumerIds: number[]): CandidateQuery {
  return candidateQuery(
    `SELECT DISTINCT ON (pp.consumer_id) ${COLS}, NULL AS via
     FROM pact_publications pp ${JOINS}
     WHERE pp.provider_id = $1 AND pp.consumer_id = ANY($2::int[])
     ORDER BY pp.consumer_id, pp.consumer_version_ord DESC`,
    [providerId, consumerIds],
  );
}

export interface CurrentVersionPact extends CandidateRow {
  kind: 'deployed' | 'released';
  environment_name: string;
}

/**
 * Pacts for the provider of the consumer versions currently deployed and of those released and supported, in an
 * environment or any, one row per version, environment and kind (one statement serves both selectors).
 */
export function pactsOfCurrentVersions(
  providerId: number,
  consumerIds: number[],
  environmentName: string | null,
): CandidateQuery {
  return candidateQuery(
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
    [...CANDIDATE_COLUMNS, 'kind', 'environment_name'],
  );
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
