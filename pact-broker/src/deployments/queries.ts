// SQL for deployed and released versions: record, end, list the current ones per environment.

import type { Db } from '../db/db.js';

export interface VersionKey {
  pacticipant_id: number;
  pacticipant_name: string;
  version_id: number;
  number: string;
}

export async function findVersionByNumber(
  db: Db,
  pacticipant: string,
  number: string,
): Promise<VersionKey | undefined> {
  const { rows } = await db.query<VersionKey>(
    `SELECT p.id AS pacticipant_id, p.name AS pacticipant_name, v.id AS version_id, v.number
       FROM pacticipants p JOIN versions v ON v.pacticipant_id = p.id
      WHERE p.name = $1 AND v.number = $2`,
    [pacticipant, number],
  );
  return rows[0];
}

/** A deployed or released version joined with its pacticipant, version and environment (what the decorators show). */
export interface DeploymentRow {
  id: number;
  uuid: string;
  version_id: number;
  pacticipant_id: number;
  environment_id: number;
  pacticipant_name: string;
  version_number: string;
  created_at: Date;
  updated_at: Date;
}

export interface DeployedRow extends DeploymentRow {
  application_instance: string;
  currently_deployed: boolean;
  undeployed_at: Date | null;
}

export interface ReleasedRow extends DeploymentRow {
  support_ended_at: Date | null;
}

const DEPLOYED = `SELECT d.id, d.uuid, d.version_id, d.pacticipant_id, d.environment_id, d.application_instance,
       d.currently_deployed, d.undeployed_at, d.created_at, d.updated_at,
       p.name AS pacticipant_name, v.number AS version_number
  FROM deployed_versions d
  JOIN pacticipants p ON p.id = d.pacticipant_id
  JOIN versions v ON v.id = d.version_id`;

const RELEASED = `SELECT r.id, r.uuid, r.version_id, r.pacticipant_id, r.environment_id, r.support_ended_at,
       r.created_at, r.updated_at, p.name AS pacticipant_name, v.number AS version_number
  FROM released_versions r
  JOIN pacticipants p ON p.id = r.pacticipant_id
  JOIN versions v ON v.id = r.version_id`;

export async function findDeployedByUuid(db: Db, uuid: string): Promise<DeployedRow | undefined> {
  return (await db.query<DeployedRow>(`${DEPLOYED} WHERE d.uuid = $1`, [uuid])).rows[0];
}

export async function findReleasedByUuid(db: Db, uuid: string): Promise<ReleasedRow | undefined> {
  return (await db.query<ReleasedRow>(`${RELEASED} WHERE r.uuid = $1`, [uuid])).rows[0];
}

/** The current deployment of this pacticipant's instance in the environment, locked for the replace. */
export async function lockCurrentDeployment(
  db: Db,
  pacticipantId: number,
  environmentId: number,
  instance: string,
): Promise<DeployedRow | undefined> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM deployed_versions
      WHERE pacticipant_id = $1 AND environment_id = $2 AND application_instance = $3 AND currently_deployed
      FOR UPDATE`,
    [pacticipantId, environmentId, instance],
  );
  if (!rows[0]) return undefined;
  return (await db.query<DeployedRow>(`${DEPLOYED} WHERE d.id = $1`, [rows[0].id])).rows[0];
}

export async function markUndeployed(db: Db, id: number): Promise<void> {
  await db.query(
    `UPDATE deployed_versions SET currently_deployed = false, undeployed_at = clock_timestamp(), updated_at = clock_timestamp()
      WHERE id = $1 AND currently_deployed`,
    [id],
  );
}

export async function insertDeployed(
  db: Db,
  uuid: string,
  v: VersionKey,
  environmentId: number,
  instance: string,
  /** Recorded by the broker from a tag named like the environment, not by record-deployment. */
  autoCreated = false,
): Promise<DeployedRow> {
  await db.query(
    `INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance, auto_created)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [uuid, v.version_id, v.pacticipant_id, environmentId, instance, autoCreated],
  );
  return (await findDeployedByUuid(db, uuid))!;
}

export async function findReleased(
  db: Db,
  versionId: number,
  environmentId: number,
): Promise<ReleasedRow | undefined> {
  return (
    await db.query<ReleasedRow>(`${RELEASED} WHERE r.version_id = $1 AND r.environment_id = $2`, [
      versionId,
      environmentId,
    ])
  ).rows[0];
}

export async function insertReleased(
  db: Db,
  uuid: string,
  v: VersionKey,
  environmentId: number,
): Promise<void> {
  // ON CONFLICT makes two concurrent record-release calls of the same version converge on one row.
  await db.query(
    `INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_id)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (version_id, environment_id) DO UPDATE SET support_ended_at = NULL, updated_at = clock_timestamp()`,
    [uuid, v.version_id, v.pacticipant_id, environmentId],
  );
}

export async function markSupportEnded(db: Db, id: number, ended: boolean): Promise<void> {
  await db.query(
    `UPDATE released_versions
        SET support_ended_at = CASE WHEN $2 THEN coalesce(support_ended_at, clock_timestamp()) ELSE NULL END,
            updated_at = clock_timestamp()
      WHERE id = $1`,
    [id, ended],
  );
}

export async function currentlyDeployed(
  db: Db,
  environmentId: number,
  filter: { pacticipant?: string | undefined; applicationInstance?: string | undefined },
): Promise<DeployedRow[]> {
  const { rows } = await db.query<DeployedRow>(
    `${DEPLOYED}
      WHERE d.environment_id = $1 AND d.currently_deployed
        AND ($2::text IS NULL OR p.name = $2) AND ($3::text IS NULL OR d.application_instance = $3)
      ORDER BY p.name, d.created_at, d.id`,
    [environmentId, filter.pacticipant ?? null, filter.applicationInstance ?? null],
  );
  return rows;
}

export async function currentlySupported(
  db: Db,
  environmentId: number,
  filter: { pacticipant?: string | undefined },
): Promise<ReleasedRow[]> {
  const { rows } = await db.query<ReleasedRow>(
    `${RELEASED}
      WHERE r.environment_id = $1 AND r.support_ended_at IS NULL AND ($2::text IS NULL OR p.name = $2)
      ORDER BY p.name, r.created_at, r.id`,
    [environmentId, filter.pacticipant ?? null],
  );
  return rows;
}

export async function deployedOfVersion(
  db: Db,
  versionId: number,
  environmentId: number,
): Promise<DeployedRow[]> {
  return (
    await db.query<DeployedRow>(
      `${DEPLOYED} WHERE d.version_id = $1 AND d.environment_id = $2 ORDER BY d.created_at, d.id`,
      [versionId, environmentId],
    )
  ).rows;
}

export async function releasedOfVersion(
  db: Db,
  versionId: number,
  environmentId: number,
): Promise<ReleasedRow[]> {
  return (
    await db.query<ReleasedRow>(
      `${RELEASED} WHERE r.version_id = $1 AND r.environment_id = $2 ORDER BY r.created_at, r.id`,
      [versionId, environmentId],
    )
  ).rows;
}
