// SQL for environments: one small named function per statement.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';

export interface Contact {
  name: string;
  details?: Record<string, unknown>;
}

export interface EnvironmentRow {
  id: number;
  uuid: string;
  name: string;
  display_name: string | null;
  production: boolean;
  contacts: Contact[] | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, uuid, name, display_name, production, contacts, created_at, updated_at';

export async function listEnvironments(db: Db, name?: string): Promise<EnvironmentRow[]> {
  const { rows } = name
    ? await db.query<EnvironmentRow>(`SELECT ${COLUMNS} FROM environments WHERE name = $1`, [name])
    : await db.query<EnvironmentRow>(`SELECT ${COLUMNS} FROM environments ORDER BY lower(name), id`);
  return rows;
}

export async function findEnvironmentByUuid(db: Db, uuid: string): Promise<EnvironmentRow | undefined> {
  const { rows } = await db.query<EnvironmentRow>(`SELECT ${COLUMNS} FROM environments WHERE uuid = $1`, [
    uuid,
  ]);
  return rows[0];
}

export async function findEnvironmentByName(db: Db, name: string): Promise<EnvironmentRow | undefined> {
  const { rows } = await db.query<EnvironmentRow>(`SELECT ${COLUMNS} FROM environments WHERE name = $1`, [
    name,
  ]);
  return rows[0];
}

export interface EnvironmentFields {
  uuid: string;
  name: string;
  displayName: string | null;
  production: boolean;
  contacts: Contact[] | null;
}

export async function insertEnvironment(db: Db, f: EnvironmentFields): Promise<EnvironmentRow> {
  const { rows } = await db.query<EnvironmentRow>(
    `INSERT INTO environments (uuid, name, display_name, production, contacts)
     VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING ${COLUMNS}`,
    [f.uuid, f.name, f.displayName, f.production, f.contacts === null ? null : JSON.stringify(f.contacts)],
  );
  return rows[0]!;
}

export async function updateEnvironment(
  db: Db,
  id: number,
  f: Omit<EnvironmentFields, 'uuid'>,
): Promise<EnvironmentRow> {
  const { rows } = await db.query<EnvironmentRow>(
    `UPDATE environments SET name = $2, display_name = $3, production = $4, contacts = $5::jsonb, updated_at = clock_timestamp()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, f.name, f.displayName, f.production, f.contacts === null ? null : JSON.stringify(f.contacts)],
  );
  // No row: a concurrent request deleted the environment after this one found it.
  if (!rows[0]) throw BrokerError.concurrentWrite('uuid', 'was deleted by a concurrent request');
  return rows[0];
}

export async function deleteEnvironment(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM environments WHERE id = $1', [id]);
}

/** Every environment, briefly: the record-deployment/record-release links of a version name each. */
export async function allEnvironmentsBrief(
  db: Db,
): Promise<Array<{ uuid: string; name: string; display_name: string | null }>> {
  return (
    await db.query<{ uuid: string; name: string; display_name: string | null }>(
      'SELECT uuid, name, display_name FROM environments ORDER BY lower(name), id',
    )
  ).rows;
}

export async function findEnvironmentById(db: Db, id: number): Promise<EnvironmentRow | undefined> {
  const { rows } = await db.query<EnvironmentRow>(`SELECT ${COLUMNS} FROM environments WHERE id = $1`, [id]);
  return rows[0];
}
