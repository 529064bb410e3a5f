// SQL of pacticipant labels.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { PacticipantRow } from '../pacticipants/queries.js';

export interface LabelRow {
  pacticipant_id: number;
  name: string;
  created_at: Date;
  updated_at: Date;
}

export async function findLabel(db: Db, pacticipantId: number, name: string): Promise<LabelRow | undefined> {
  const { rows } = await db.query<LabelRow>('SELECT * FROM labels WHERE pacticipant_id = $1 AND name = $2', [
    pacticipantId,
    name,
  ]);
  return rows[0];
}

/** Creates the label unless it exists; `created` tells which. */
export async function addLabel(
  db: Db,
  pacticipantId: number,
  name: string,
): Promise<{ row: LabelRow; created: boolean }> {
  const { rows } = await db.query<LabelRow>(
    'INSERT INTO labels (pacticipant_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING *',
    [pacticipantId, name],
  );
  if (rows[0]) return { row: rows[0], created: true };
  // The insert saw the label; a concurrent delete may have removed it since.
  const row = await findLabel(db, pacticipantId, name);
  if (!row) throw BrokerError.concurrentWrite('label', 'was deleted by a concurrent request');
  return { row, created: false };
}

export async function deleteLabel(db: Db, pacticipantId: number, name: string): Promise<boolean> {
  const { rows } = await db.query(
    'DELETE FROM labels WHERE pacticipant_id = $1 AND name = $2 RETURNING name',
    [pacticipantId, name],
  );
  return rows.length > 0;
}

export async function labelsOf(db: Db, pacticipantId: number): Promise<LabelRow[]> {
  const { rows } = await db.query<LabelRow>('SELECT * FROM labels WHERE pacticipant_id = $1 ORDER BY name', [
    pacticipantId,
  ]);
  return rows;
}

/** Distinct label names, by name, with the total for pagination. */
export async function labelNames(
  db: Db,
  limit: number | null,
  offset: number,
): Promise<{ names: string[]; total: number }> {
  const [{ rows }, count] = await Promise.all([
    db.query<{ name: string }>('SELECT DISTINCT name FROM labels ORDER BY name LIMIT $1 OFFSET $2', [
      limit,
      offset,
    ]),
    db.query<{ n: number }>('SELECT count(DISTINCT name)::int AS n FROM labels'),
  ]);
  return { names: rows.map((r) => r.name), total: count.rows[0]?.n ?? 0 };
}

/** Pacticipants with a label (name containing `q`, case-insensitively, when given), by lower-cased name. */
export async function pacticipantsWithLabel(
  db: Db,
  label: string,
  /** An ILIKE pattern of the names to list (containsPattern), or null for all. */
  pattern: string | null,
  limit: number | null,
  offset: number,
): Promise<{ rows: PacticipantRow[]; total: number }> {
  const where = `FROM pacticipants p WHERE EXISTS (SELECT 1 FROM labels l WHERE l.pacticipant_id = p.id AND l.name = $1)
    AND ($2::text IS NULL OR p.name ILIKE $2)`;
  const [{ rows }, count] = await Promise.all([
    db.query<PacticipantRow>(`SELECT p.* ${where} ORDER BY lower(p.name), p.name LIMIT $3 OFFSET $4`, [
      label,
      pattern,
      limit,
      offset,
    ]),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${where}`, [label, pattern]),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}
