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

type FactRow = {
  kind: 'tag' | 'branch' | 'environment';
  version_id: number;
  name: string;
  created_at: Date | null;
  latest: boolean | null;
};

/**
 * Tags (with their latest flag), branches and current environments of the versions in `ids` (an int[] expression),
 * each row saying which of the three it is; `part`, `sort_at`, `sort_id` and `name` order each version's lists.
 */
const factsOf = (ids: string) => `
  SELECT 'tag' AS kind, t.version_id, t.name, t.created_at,
         t.version_ord = (SELECT max(t2.version_ord) FROM tags t2 WHERE t2.pacticipant_id = t.pacticipant_id AND t2.name = t.name) AS latest,
         1 AS part, t.created_at AS sort_at, t.id AS sort_id
    FROM tags t WHERE t.version_id = ANY(${ids})
  UNION ALL
  SELECT 'branch', bv.version_id, b.name, NULL, NULL, 2, bv.created_at, bv.id
    FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = ANY(${ids})
  UNION ALL
  SELECT 'environment', c.version_id, c.name, NULL, NULL, 3, NULL, NULL
    FROM (SELECT d.version_id, e.name FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
           WHERE d.version_id = ANY(${ids}) AND d.currently_deployed
          UNION
          SELECT r.version_id, e.name FROM released_versions r JOIN environments e ON e.id = r.environment_id
           WHERE r.version_id = ANY(${ids}) AND r.support_ended_at IS NULL) c`;

const noFacts = (): VersionFacts => ({ tags: new Map(), branches: new Map(), environments: new Map() });

function addFact(facts: VersionFacts, r: FactRow): void {
  if (r.kind === 'tag') {
    const tag = { name: r.name, latest: r.latest === true, created_at: r.created_at! };
    facts.tags.set(r.version_id, [...(facts.tags.get(r.version_id) ?? []), tag]);
  } else {
    const into = r.kind === 'branch' ? facts.branches : facts.environments;
    into.set(r.version_id, [...(into.get(r.version_id) ?? []), r.name]);
  }
}

/** Tags, branches and current environments of the versions shown in the rows, in one statement. */
export async function versionFacts(db: Db, versionIds: number[]): Promise<VersionFacts> {
  const facts = noFacts();
  if (versionIds.length === 0) return facts;
  const { rows } = await db.query<FactRow>(
    `SELECT kind, version_id, name, created_at, latest FROM (${factsOf('$1::int[]')}) f
      ORDER BY part, sort_at, sort_id, name`,
    [versionIds],
  );
  for (const r of rows) addFact(facts, r);
  return facts;
}

type SelectorKind = SelectorLookup['kind'];

/**
 * The versions one selector stands for, newest first (`sort` descending), as a LATERAL subquery over SQL
 * expressions: `kind` is version (by `value`), tag or branch (named `value`, at most `limit`), mainBranch (the
 * pacticipant's `mainBranch`, at most `limit`), environment (currently deployed or released and supported in
 * `environmentId`) or latest. Only the branches of `kinds` are written: every node of a generic plan costs its
 * start-up on each call, run or not.
 */
function versionsOfSelector(
  kinds: ReadonlySet<SelectorKind>,
  x: {
    pacticipantId: string;
    mainBranch: string;
    kind: string;
    value: string;
    environmentId: string;
    limit: string;
  },
): string {
  const branches: string[] = [];
  if (kinds.has('version'))
    branches.push(`SELECT v.id, v.number, v.ord, v.ord AS sort FROM versions v
       WHERE ${x.kind} = 'version' AND v.pacticipant_id = ${x.pacticipantId} AND v.number = ${x.value}`);
  if (kinds.has('environment'))
    branches.push(`SELECT v.id, v.number, v.ord, v.ord FROM versions v
       WHERE ${x.kind} = 'environment'
         AND v.id IN (SELECT version_id FROM deployed_versions
                       WHERE pacticipant_id = ${x.pacticipantId} AND environment_id = ${x.environmentId} AND currently_deployed
                      UNION
                      SELECT version_id FROM released_versions
                       WHERE pacticipant_id = ${x.pacticipantId} AND environment_id = ${x.environmentId} AND support_ended_at IS NULL)`);
  if (kinds.has('tag'))
    branches.push(`(SELECT v.id, v.number, v.ord, t.version_ord FROM tags t JOIN versions v ON v.id = t.version_id
        WHERE ${x.kind} = 'tag' AND t.pacticipant_id = ${x.pacticipantId} AND t.name = ${x.value}
        ORDER BY t.version_ord DESC LIMIT ${x.limit})`);
  if (kinds.has('branch') || kinds.has('mainBranch'))
    branches.push(`(SELECT v.id, v.number, v.ord, bv.version_ord FROM branches b
         JOIN branch_versions bv ON bv.branch_id = b.id JOIN versions v ON v.id = bv.version_id
        WHERE ${x.kind} IN ('branch', 'mainBranch') AND b.pacticipant_id = ${x.pacticipantId}
          AND b.name = CASE ${x.kind} WHEN 'mainBranch' THEN ${x.mainBranch} ELSE ${x.value} END
        ORDER BY bv.version_ord DESC LIMIT ${x.limit})`);
  if (kinds.has('latest'))
    branches.push(`(SELECT id, number, ord, ord FROM versions
        WHERE ${x.kind} = 'latest' AND pacticipant_id = ${x.pacticipantId} ORDER BY ord DESC LIMIT 1)`);
  return branches.length > 0 ? branches.join('\n       UNION ALL\n       ') : NO_VERSIONS;
}

const NO_VERSIONS =
  'SELECT NULL::int AS id, NULL::text AS number, NULL::bigint AS ord, NULL::bigint AS sort WHERE false';

/** Numbered parameters of a statement built in parts: `add` returns the placeholder of a value, cast. */
function parameters() {
  const values: unknown[] = [];
  return {
    values,
    add: (value: unknown, type: string) => {
      values.push(value);
      return `$${values.length}::${type}`;
    },
  };
}

/** What a selector asks for, as `versionsOfSelector` reads it; `any` means every version of the pacticipant. */
export interface SelectorLookup {
  pacticipant: string;
  kind: 'version' | 'tag' | 'branch' | 'mainBranch' | 'environment' | 'latest' | 'any';
  value: string | null;
  limit: number;
  /** A specified selector (its versions are the query's own), not an ignore selector. */
  specified: boolean;
}

/** The versions the other sides of the integrations stand for (`versionsOfSelector`'s kinds, one for all). */
export type InferredTarget =
  | { kind: 'environment'; environment: string }
  | { kind: 'tag'; tag: string; limit: number }
  | { kind: 'mainBranch' }
  | { kind: 'latest' };

export interface MatrixLookup {
  pacticipantNames: string[];
  environmentNames: string[];
  selectors: SelectorLookup[];
  /** Whether the consumers of the specified pacticipants are integrations too (the query infers the other sides). */
  withConsumers: boolean;
  target: InferredTarget | undefined;
  /** Facts (tags, branches, environments) of the known versions are read when there are at most this many. */
  factsCap: number;
}

export interface PublicationWithProvider extends PublicationRow {
  provider_id: number;
}

export interface MatrixReads {
  pacticipants: PacticipantRef[];
  environments: Map<string, number>;
  /** The versions of each of `MatrixLookup.selectors`, in its order, newest first. */
  selections: VersionHit[][];
  /** Provider ids per specified consumer and consumer ids per specified provider, ascending. */
  providers: Map<number, number[]>;
  consumers: Map<number, number[]>;
  /** The pacticipants on the other sides (not specified). */
  others: PacticipantRef[];
  /** The versions the target stands for, per other pacticipant, newest first; absent when it has none. */
  inferred: Map<number, VersionHit[]>;
  /**
   * The publications of the known versions (the specified selectors' and the inferred ones) with any specified or
   * other pacticipant, and the newest verification of each of their contents by each known version.
   */
  publications: PublicationWithProvider[];
  verifications: VerificationRow[];
  /** The facts of `factsOf`: the known versions when there were at most `factsCap` of them, else none. */
  facts: VersionFacts;
  factsOf: ReadonlySet<number>;
}

/**
 * Everything a matrix query reads whose answer it can name up front, in one statement (one round trip): the
 * pacticipants, environments and each selector's versions; the integrations of the specified pacticipants (distinct
 * providers of a consumer and consumers of a provider come from skip scans over the (…_id, …_id) indexes, one probe
 * per integration), the pacticipants on their other sides and those sides' versions in the target; the publications
 * of all those versions with the newest verifications of their contents by them; and those versions' facts. Each
 * part is an indexed probe per selector, pacticipant or version, so latency follows the answer, not the history.
 * Integrations queried without versions on a side (history) read their rows afterwards.
 */
export async function matrixReads(db: Db, l: MatrixLookup): Promise<MatrixReads> {
  const t = l.target;
  const s = l.selectors;
  const p = parameters();
  const kinds = new Set(s.map((x) => x.kind));
  const names = p.add(l.pacticipantNames, 'text[]');
  const environments = p.add(l.environmentNames, 'text[]');
  // The selectors as one array per field, unnested side by side.
  const fields = [
    ['pacticipant', 'text[]'],
    ['kind', 'text[]'],
    ['value', 'text[]'],
    ['limit', 'int[]'],
    ['specified', 'boolean[]'],
  ] as const;
  const columns = fields.map(([field, type]) =>
    p.add(
      s.map((x) => x[field]),
      type,
    ),
  );
  const selectors = `unnest(${columns.join(', ')})`;
  const selections = versionsOfSelector(kinds, {
    pacticipantId: 's.pid',
    mainBranch: 's.main_branch',
    kind: 's.kind',
    value: 's.value',
    environmentId: 's.env_id',
    limit: 's.lim',
  });
  const inferred = t
    ? versionsOfSelector(new Set([t.kind]), {
        pacticipantId: 'o.id',
        mainBranch: 'o.main_branch',
        kind: p.add(t.kind, 'text'),
        value: t.kind === 'tag' ? p.add(t.tag, 'text') : 'NULL',
        environmentId:
          t.kind === 'environment'
            ? `(SELECT id FROM environments WHERE name = ${p.add(t.environment, 'text')})`
            : 'NULL',
        limit: t.kind === 'tag' ? p.add(t.limit, 'int') : '1',
      })
    : NO_VERSIONS;
  const noLinks = 'SELECT NULL::int AS spec, NULL::int AS id WHERE false';
  // Distinct providers of a consumer (and consumers of a provider): a skip scan over the (…_id, …_id) index.
  const skipScan = (name: string, from: string, side: string, other: string) => `${name} AS (
       SELECT s.pid AS spec, (SELECT min(${other}) FROM pact_publications WHERE ${side} = s.pid) AS id
         FROM ${from} s
       UNION ALL
       SELECT a.spec, (SELECT min(${other}) FROM pact_publications WHERE ${side} = a.spec AND ${other} > a.id)
         FROM ${name} a WHERE a.id IS NOT NULL)`;
  const facts =
    l.factsCap > 0
      ? `UNION ALL
     SELECT kind, 9, version_id, sort_id, NULL, name, NULL, NULL, NULL, NULL, NULL, created_at, latest, NULL, sort_at
       FROM (${factsOf(`ARRAY(SELECT id FROM known WHERE (SELECT count(*) FROM known) <= ${p.add(l.factsCap, 'int')})`)}) f`
      : '';
  const { rows } = await db.query<{
    kind: string;
    a: number;
    b: number | null;
    c: number | null;
    name: string | null;
    main_branch: string | null;
    number: string | null;
    ord: number | null;
    pact_version_id: number | null;
    sha: string | null;
    at: Date | null;
    flag: boolean | null;
  }>(
    `WITH RECURSIVE
     sel AS MATERIALIZED (
       SELECT s.i, s.specified, s.kind, s.value, s.lim, p.id AS pid, p.main_branch,
              ${kinds.has('environment') ? '(SELECT e.id FROM environments e WHERE e.name = s.value)' : 'NULL::int'} AS env_id
         FROM ${selectors} WITH ORDINALITY AS s(pacticipant, kind, value, lim, specified, i)
         JOIN pacticipants p ON p.name = s.pacticipant),
     selections AS MATERIALIZED (
       SELECT s.i, s.pid, s.specified, x.id, x.number, x.ord, x.sort FROM sel s CROSS JOIN LATERAL (
       ${selections}) x(id, number, ord, sort)),
     specified AS (SELECT DISTINCT pid FROM sel WHERE specified),
     any_version AS (SELECT DISTINCT pid FROM sel WHERE specified AND kind = 'any'),
     ${kinds.has('any') ? skipScan('any_providers', 'any_version', 'consumer_id', 'provider_id') : `any_providers AS (${noLinks})`},
     ${l.withConsumers ? skipScan('consumers', 'specified', 'provider_id', 'consumer_id') : `consumers AS (${noLinks})`},
     links AS (
       SELECT 'provider' AS kind, spec, id FROM any_providers WHERE id IS NOT NULL
       UNION
       SELECT 'provider', consumer_id, provider_id FROM pact_publications
        WHERE consumer_version_id = ANY(ARRAY(SELECT id FROM selections
                                               WHERE specified AND pid NOT IN (SELECT pid FROM any_version)))
       UNION
       SELECT 'consumer', spec, id FROM consumers WHERE id IS NOT NULL),
     others AS MATERIALIZED (
       SELECT p.id, p.name, p.main_branch FROM pacticipants p
        WHERE p.id = ANY(ARRAY(SELECT id FROM links)) AND p.id NOT IN (SELECT pid FROM specified)),
     inferred AS MATERIALIZED (
       SELECT o.id AS other, x.id, x.number, x.ord FROM others o CROSS JOIN LATERAL (
       ${inferred}) x(id, number, ord, sort)),
     known AS MATERIALIZED (SELECT id FROM selections WHERE specified UNION SELECT id FROM inferred),
     pubs AS MATERIALIZED (
       SELECT pp.consumer_version_id, v.number AS consumer_version_number, pp.consumer_version_ord,
              pp.pact_version_id, pv.sha, pp.created_at, pp.provider_id
         FROM pact_publications pp
         JOIN pact_versions pv ON pv.id = pp.pact_version_id
         JOIN versions v ON v.id = pp.consumer_version_id
        WHERE pp.consumer_version_id = ANY(ARRAY(SELECT id FROM known))
          AND pp.provider_id = ANY(ARRAY(SELECT pid FROM specified UNION SELECT id FROM others)))
     SELECT 'named_pacticipant' AS kind, 1 AS part, id AS a, NULL::int AS b, NULL::int AS c, name, main_branch,
            NULL::text AS number, NULL::bigint AS ord, NULL::int AS pact_version_id, NULL::text AS sha,
            NULL::timestamptz AS at, NULL::boolean AS flag, NULL::bigint AS sort, NULL::timestamptz AS sort_at
       FROM pacticipants WHERE name = ANY(${names})
     UNION ALL
     SELECT 'named_environment', 2, id, NULL, NULL, name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
       FROM environments WHERE name = ANY(${environments})
     UNION ALL
     SELECT 'selection', 3, i, id, NULL, NULL, NULL, number, ord, NULL, NULL, NULL, NULL, sort, NULL FROM selections
     UNION ALL
     SELECT kind, 4, spec, id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM links
     UNION ALL
     SELECT 'other', 5, id, NULL, NULL, name, main_branch, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM others
     UNION ALL
     SELECT 'inferred', 6, other, id, NULL, NULL, NULL, number, ord, NULL, NULL, NULL, NULL, ord, NULL FROM inferred
     UNION ALL
     SELECT 'publication', 7, consumer_version_id, provider_id, NULL, NULL, NULL, consumer_version_number,
            consumer_version_ord, pact_version_id, sha, created_at, NULL, NULL, NULL
       FROM pubs
     UNION ALL
     SELECT * FROM (
       SELECT DISTINCT ON (x.pact_version_id, x.provider_version_id)
              'verification', 8, x.provider_version_id, x.id, x.number, NULL, NULL, v.number, v.ord, x.pact_version_id,
              NULL, x.execution_date, x.success, NULL::bigint, NULL::timestamptz
         FROM verifications x JOIN versions v ON v.id = x.provider_version_id
        WHERE x.pact_version_id = ANY(ARRAY(SELECT pact_version_id FROM pubs))
          AND x.provider_version_id = ANY(ARRAY(SELECT id FROM known))
        ORDER BY x.pact_version_id, x.provider_version_id, x.id DESC) latest
     ${facts}
     ORDER BY part, kind, a, sort DESC, sort_at, b, name`,
    p.values,
  );
  const out: MatrixReads = {
    pacticipants: [],
    environments: new Map(),
    selections: s.map(() => []),
    providers: new Map(),
    consumers: new Map(),
    others: [],
    inferred: new Map(),
    publications: [],
    verifications: [],
    facts: noFacts(),
    factsOf: new Set(),
  };
  const push = <V>(m: Map<number, V[]>, k: number, v: V) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const r of rows) {
    switch (r.kind) {
      case 'named_pacticipant':
        out.pacticipants.push({ id: r.a, name: r.name!, main_branch: r.main_branch });
        break;
      case 'named_environment':
        out.environments.set(r.name!, r.a);
        break;
      case 'selection':
        out.selections[r.a - 1]!.push({ id: r.b!, number: r.number!, ord: r.ord! });
        break;
      case 'provider':
        push(out.providers, r.a, r.b!);
        break;
      case 'consumer':
        push(out.consumers, r.a, r.b!);
        break;
      case 'other':
        out.others.push({ id: r.a, name: r.name!, main_branch: r.main_branch });
        break;
      case 'inferred':
        push(out.inferred, r.a, { id: r.b!, number: r.number!, ord: r.ord! });
        break;
      case 'publication':
        out.publications.push({
          consumer_version_id: r.a,
          consumer_version_number: r.number!,
          consumer_version_ord: r.ord!,
          pact_version_id: r.pact_version_id!,
          sha: r.sha!,
          created_at: r.at!,
          provider_id: r.b!,
        });
        break;
      case 'verification':
        out.verifications.push({
          id: r.b!,
          number: r.c!,
          pact_version_id: r.pact_version_id!,
          provider_version_id: r.a,
          provider_version_number: r.number!,
          provider_version_ord: r.ord!,
          success: r.flag!,
          execution_date: r.at!,
        });
        break;
      default:
        addFact(out.facts, {
          kind: r.kind as FactRow['kind'],
          version_id: r.a,
          name: r.name!,
          created_at: r.at,
          latest: r.flag,
        });
    }
  }
  const known = new Set([
    ...out.selections.flatMap((hits, i) => (s[i]!.specified ? hits.map((v) => v.id) : [])),
    ...[...out.inferred.values()].flat().map((v) => v.id),
  ]);
  if (known.size <= l.factsCap) out.factsOf = known;
  return out;
}
