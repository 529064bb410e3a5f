// SQL of the example data: rows written with their own creation times (days before now), and the seed marker.

import type { Db } from '../db/db.js';

/** Claims the one-time seed: true for the first broker that gets here (the marker row blocks any other). */
export async function claimSeed(tx: Db): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO broker_settings (name, value) VALUES ('seed_example_data', 'false'::jsonb)
     ON CONFLICT (name) DO NOTHING RETURNING name`,
  );
  return rows.length > 0;
}

export async function hasPacticipants(tx: Db): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM pacticipants LIMIT 1')).rows.length > 0;
}

const ago = '(clock_timestamp() - make_interval(secs => $DAYS * 86400))';
const at = (param: number) => ago.replace('$DAYS', `$${param}::double precision`);

export async function insertEnvironment(tx: Db, name: string, displayName: string, production: boolean) {
  await tx.query(
    `INSERT INTO environments (uuid, name, display_name, production) VALUES (gen_random_uuid()::text, $1, $2, $3)
     ON CONFLICT (name) DO NOTHING`,
    [name, displayName, production],
  );
}

export async function insertPacticipant(
  tx: Db,
  name: string,
  mainBranch: string,
  days: number,
): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO pacticipants (name, main_branch, created_at, updated_at) VALUES ($1, $2, ${at(3)}, ${at(3)}) RETURNING id`,
    [name, mainBranch, days],
  );
  return rows[0]!.id;
}

export async function insertVersion(
  tx: Db,
  pacticipantId: number,
  number: string,
  branch: string,
  days: number,
): Promise<{ id: number; ord: number }> {
  const { rows } = await tx.query<{ id: number; ord: number }>(
    `INSERT INTO versions (pacticipant_id, number, created_at, updated_at) VALUES ($1, $2, ${at(3)}, ${at(3)})
     RETURNING id, ord::int AS ord`,
    [pacticipantId, number, days],
  );
  const v = rows[0]!;
  await tx.query(
    `INSERT INTO branches (pacticipant_id, name, created_at, updated_at) VALUES ($1, $2, ${at(3)}, ${at(3)})
     ON CONFLICT (pacticipant_id, name) DO NOTHING`,
    [pacticipantId, branch, days],
  );
  await tx.query(
    `INSERT INTO branch_versions (branch_id, version_id, version_ord, created_at)
     SELECT id, $3, $4, ${at(5)} FROM branches WHERE pacticipant_id = $1 AND name = $2`,
    [pacticipantId, branch, v.id, v.ord, days],
  );
  return v;
}

export async function insertTag(
  tx: Db,
  pacticipantId: number,
  version: { id: number; ord: number },
  name: string,
  days: number,
) {
  await tx.query(
    `INSERT INTO tags (version_id, pacticipant_id, name, version_ord, created_at) VALUES ($1, $2, $3, $4, ${at(5)})`,
    [version.id, pacticipantId, name, version.ord, days],
  );
}

export async function insertContent(
  tx: Db,
  f: {
    consumerId: number;
    providerId: number;
    sha: string;
    content: string;
    interactions: number;
    days: number;
  },
): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO pact_versions (consumer_id, provider_id, sha, content, interactions_count, created_at)
     VALUES ($1, $2, $3, $4, $5, ${at(6)}) RETURNING id`,
    [f.consumerId, f.providerId, f.sha, f.content, f.interactions, f.days],
  );
  return rows[0]!.id;
}

export async function insertPublication(
  tx: Db,
  f: {
    consumerId: number;
    providerId: number;
    version: { id: number; ord: number };
    pactVersionId: number;
    days: number;
  },
) {
  await tx.query(
    `INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id, consumer_version_ord,
       created_at, updated_at) VALUES ($1, $2, $3, $4, $5, ${at(6)}, ${at(6)})`,
    [f.version.id, f.consumerId, f.providerId, f.pactVersionId, f.version.ord, f.days],
  );
}

export async function insertVerification(
  tx: Db,
  f: {
    number: number;
    pactVersionId: number;
    providerVersionId: number;
    consumerId: number;
    providerId: number;
    success: boolean;
    days: number;
  },
) {
  await tx.query(
    `INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success,
       provider_version_branch, execution_date, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'main', ${at(7)}, ${at(7)})`,
    [f.number, f.pactVersionId, f.providerVersionId, f.consumerId, f.providerId, f.success, f.days],
  );
}

export async function insertDeployment(
  tx: Db,
  f: { pacticipantId: number; versionId: number; environment: string; current: boolean; days: number },
) {
  await tx.query(
    `INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, currently_deployed, undeployed_at,
       created_at, updated_at)
     SELECT gen_random_uuid()::text, $1, $2, e.id, $4, CASE WHEN $4 THEN NULL ELSE clock_timestamp() END, ${at(5)}, ${at(5)}
       FROM environments e WHERE e.name = $3`,
    [f.versionId, f.pacticipantId, f.environment, f.current, f.days],
  );
}
