// Seeds a can-i-deploy benchmark in stages with set-based SQL: 100 pacticipants (50 consumers, 50 providers,
// each consumer integrated with two providers), versions on main, a new pact content every 10 consumer versions,
// every provider version verifying its consumers' content (5% failures), and deployments to test and production.

import type { Db } from '../../src/db/db.js';

export const CONSUMERS = 50;
export const PROVIDERS = 50;

const INTEGRATIONS = `SELECT c.id AS cid, p.id AS pid, c.name AS cname, p.name AS pname
  FROM generate_series(0, ${CONSUMERS - 1}) n
  JOIN generate_series(0, 1) d ON true
  JOIN pacticipants c ON c.name = 'consumer-' || n
  JOIN pacticipants p ON p.name = 'provider-' || ((n + d) % ${PROVIDERS})`;

export async function seedPacticipants(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO pacticipants (name, main_branch)
     SELECT 'consumer-' || i, 'main' FROM generate_series(0, ${CONSUMERS - 1}) i
     UNION ALL SELECT 'provider-' || i, 'main' FROM generate_series(0, ${PROVIDERS - 1}) i`,
  );
  await db.query(`INSERT INTO branches (pacticipant_id, name) SELECT id, 'main' FROM pacticipants`);
}

/** Adds versions `from`..`to` (1-based) to every pacticipant, with their pacts, verifications and deployments. */
export async function seedVersions(db: Db, from: number, to: number): Promise<void> {
  const range = [from, to];
  await db.query(
    `INSERT INTO versions (pacticipant_id, number)
     SELECT p.id, 'v' || g FROM generate_series($1::int, $2::int) g CROSS JOIN pacticipants p ORDER BY g, p.id`,
    range,
  );
  await db.query(
    `INSERT INTO branch_versions (branch_id, version_id, version_ord)
     SELECT b.id, v.id, v.ord FROM versions v JOIN branches b ON b.pacticipant_id = v.pacticipant_id
      WHERE substr(v.number, 2)::int BETWEEN $1 AND $2`,
    range,
  );
  // One content per 10 consumer versions: k = (version - 1) / 10.
  await db.query(
    `INSERT INTO pact_versions (consumer_id, provider_id, sha, content, interactions_count)
     SELECT i.cid, i.pid, md5(i.cname || '/' || i.pname || '/' || k),
            json_build_object('consumer', json_build_object('name', i.cname), 'provider', json_build_object('name', i.pname),
              'interactions', json_build_array(json_build_object('description', 'request rev ' || k,
                'request', json_build_object('method', 'GET', 'path', '/items/' || k),
                'response', json_build_object('status', 200))),
              'metadata', json_build_object('pactSpecification', json_build_object('version', '2.0.0')))::text, 1
       FROM (${INTEGRATIONS}) i CROSS JOIN generate_series(($1::int - 1) / 10, ($2::int - 1) / 10) k
     ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING`,
    range,
  );
  // Each version's content sha is computed first (MATERIALIZED), so the content is found by an equality join; with
  // the md5 in the join condition the planner paired every content with every version (quadratic at 1M).
  await db.query(
    `WITH x AS MATERIALIZED (
       SELECT v.id, v.ord, i.cid, i.pid, md5(i.cname || '/' || i.pname || '/' || ((substr(v.number, 2)::int - 1) / 10)) AS sha
         FROM (${INTEGRATIONS}) i
         JOIN versions v ON v.pacticipant_id = i.cid AND substr(v.number, 2)::int BETWEEN $1 AND $2)
     INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id, consumer_version_ord)
     SELECT x.id, x.cid, x.pid, pv.id, x.ord
       FROM x JOIN pact_versions pv ON pv.consumer_id = x.cid AND pv.provider_id = x.pid AND pv.sha = x.sha`,
    range,
  );
  // Provider version g verifies content (g - 1) / 10 of each of its consumers.
  await db.query(
    `WITH x AS MATERIALIZED (
       SELECT v.id, i.cid, i.pid, (substr(v.number, 2)::int - 1) % 10 + 1 AS number,
              (hashtext(i.cname || v.number) % 20) <> 0 AS success,
              md5(i.cname || '/' || i.pname || '/' || ((substr(v.number, 2)::int - 1) / 10)) AS sha
         FROM (${INTEGRATIONS}) i
         JOIN versions v ON v.pacticipant_id = i.pid AND substr(v.number, 2)::int BETWEEN $1 AND $2)
     INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success, provider_version_branch)
     SELECT x.number, pv.id, x.id, x.cid, x.pid, x.success, 'main'
       FROM x JOIN pact_versions pv ON pv.consumer_id = x.cid AND pv.provider_id = x.pid AND pv.sha = x.sha`,
    range,
  );
  // The newest version of everything is in test, the one before in production.
  await db.query(
    `UPDATE deployed_versions SET currently_deployed = false, undeployed_at = now() WHERE currently_deployed`,
  );
  await db.query(
    `INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id)
     SELECT gen_random_uuid()::text, v.id, v.pacticipant_id, e.id
       FROM versions v JOIN environments e ON (e.name = 'test' AND v.number = 'v' || $1::int)
                                           OR (e.name = 'production' AND v.number = 'v' || ($1::int - 1))`,
    [to],
  );
  await db.query('ANALYZE');
}
