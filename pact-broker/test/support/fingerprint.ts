// Test helper: one digest per broker table, to show that a rejected write changed nothing.

import type { Db } from '../../src/db/db.js';

const statements = new WeakMap<Db, string>();

/** Table name → md5 of its rows in a fixed order (one statement for all tables); equal means equal data. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  let sql = statements.get(db);
  if (!sql) {
    const { rows: tables } = await db.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY tablename",
    );
    sql = tables
      .map(
        ({ tablename }) =>
          `SELECT '${tablename}' AS name, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM "${tablename}" t`,
      )
      .join(' UNION ALL ');
    statements.set(db, sql);
  }
  const { rows } = await db.query<{ name: string; digest: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}
