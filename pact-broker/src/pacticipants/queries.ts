// Named SQL queries for pacticipants.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';

export interface PacticipantRow {
  id: number;
  name: string;
  display_name: string | null;
  repository_url: string | null;
  repository_name: string | null;
  repository_namespace: string | null;
  main_branch: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface PacticipantFields {
  displayName?: string | null | undefined;
  repositoryUrl?: string | null | undefined;
  repositoryName?: string | null | undefined;
  repositoryNamespace?: string | null | undefined;
  mainBranch?: string | null | undefined;
}

export async function findPacticipant(db: Db, name: string): Promise<PacticipantRow | undefined> {
  const { rows } = await db.query<PacticipantRow>('SELECT * FROM pacticipants WHERE name = $1', [name]);
  return rows[0];
}

/** Find-or-create that is safe under concurrent writers (the loser of an insert race reads the winner's row). */
export async function findOrCreatePacticipant(
  db: Db,
  name: string,
): Promise<{ row: PacticipantRow; created: boolean }> {
  const inserted = await db.query<PacticipantRow>(
    'INSERT INTO pacticipants (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING *',
    [name],
  );
  if (inserted.rows[0]) return { row: inserted.rows[0], created: true };
  const row = await findPacticipant(db, name);
  // Deleted by a concurrent request between the insert and this read.
  if (!row) throw BrokerError.concurrentWrite('pacticipant', `${name} was deleted by a concurrent request`);
  return { row, created: false };
}

export async function pacticipantNames(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM pacticipants');
  return rows.map((r) => r.name);
}

/** Pacticipants by name, case-insensitively; `pattern` is an ILIKE pattern (containsPattern) or null for all. */
export async function listPacticipants(
  db: Db,
  pattern: string | null,
  limit: number | null,
  offset: number,
): Promise<{ rows: PacticipantRow[]; total: number }> {
  const where = 'FROM pacticipants WHERE ($1::text IS NULL OR name ILIKE $1)';
  const [{ rows }, count] = await Promise.all([
    db.query<PacticipantRow>(`SELECT * ${where} ORDER BY lower(name), name LIMIT $2 OFFSET $3`, [
      pattern,
      limit,
      offset,
    ]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${where}`, [pattern]),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export async function updatePacticipant(
  db: Db,
  id: number,
  fields: PacticipantFields,
  replace: boolean,
): Promise<PacticipantRow> {
  // PUT replaces every optional field (absent → null); PATCH keeps what is absent.
  const v = (x: string | null | undefined) => (x === undefined ? (replace ? null : undefined) : x);
  const cols = {
    display_name: v(fields.displayName),
    repository_url: v(fields.repositoryUrl),
    repository_name: v(fields.repositoryName),
    repository_namespace: v(fields.repositoryNamespace),
    main_branch: v(fields.mainBranch),
  };
  const { rows } = await db.query<PacticipantRow>(
    `UPDATE pacticipants SET
       display_name = CASE WHEN $2 THEN $3 ELSE display_name END,
       repository_url = CASE WHEN $4 THEN $5 ELSE repository_url END,
       repository_name = CASE WHEN $6 THEN $7 ELSE repository_name END,
       repository_namespace = CASE WHEN $8 THEN $9 ELSE repository_namespace END,
       main_branch = CASE WHEN $10 THEN $11 ELSE main_branch END,
       updated_at = clock_timestamp()
     WHERE id = $1 RETURNING *`,
    [
      id,
      cols.display_name !== undefined,
      cols.display_name ?? null,
      cols.repository_url !== undefined,
      cols.repository_url ?? null,
      cols.repository_name !== undefined,
      cols.repository_name ?? null,
      cols.repository_namespace !== undefined,
      cols.repository_namespace ?? null,
      cols.main_branch !== undefined,
      cols.main_branch ?? null,
    ],
  );
  // No row: a concurrent request deleted the pacticipant after this one found it.
  if (!rows[0]) throw BrokerError.concurrentWrite('pacticipant', 'was deleted by a concurrent request');
  return rows[0];
}

export async function deletePacticipant(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM pacticipants WHERE id = $1', [id]);
}

/** The names among `names` that exist. */
export async function existingPacticipantNames(db: Db, names: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ name: string }>(
    'SELECT name FROM pacticipants WHERE name = ANY($1::text[])',
    [names],
  );
  return new Set(rows.map((r) => r.name));
}

/** findOrCreatePacticipant for many names in two statements; inserted in name order, as a lone insert would lock. */
export async function findOrCreatePacticipants(
  db: Db,
  names: string[],
): Promise<Map<string, PacticipantRow>> {
  const sorted = [...new Set(names)].sort();
  await db.query(
    'INSERT INTO pacticipants (name) SELECT n FROM unnest($1::text[]) AS t (n) ORDER BY n ON CONFLICT (name) DO NOTHING',
    [sorted],
  );
  const { rows } = await db.query<PacticipantRow>('SELECT * FROM pacticipants WHERE name = ANY($1::text[])', [
    sorted,
  ]);
  return new Map(rows.map((r) => [r.name, r]));
}

/** The pacticipants among `names` that exist, by name. */
export async function pacticipantsByName(db: Db, names: string[]): Promise<Map<string, PacticipantRow>> {
  const { rows } = await db.query<PacticipantRow>('SELECT * FROM pacticipants WHERE name = ANY($1::text[])', [
    [...new Set(names)],
  ]);
  return new Map(rows.map((r) => [r.name, r]));
}
