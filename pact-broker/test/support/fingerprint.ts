// Test helper: one digest of every broker table's rows, to show that a rejected write changed nothing.

import type { Db } from '../../src/db/db.js';

/** Table name → md5 of its rows in a fixed order; equal fingerprints mean equal data. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename",
  );
  const out: Record<string, string> = {};
  for (const { tablename } of tables) {
    const { rows } = await db.query<{ digest: string | null }>(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM "${tablename}" t`,
    );
    out[tablename] = rows[0]?.digest ?? '';
  }
  return out;
}
