// Test helper: empties every broker table between scenarios, keeping the schema and the migration ledger.

import type { Db } from '../../src/db/db.js';

export async function resetDatabase(db: Db): Promise<void> {
  const { rows } = await db.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'",
  );
  if (rows.length === 0) return;
  // DELETE with foreign-key triggers off is far cheaper than TRUNCATE for the few rows a scenario creates.
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    for (const r of rows) await tx.query(`DELETE FROM "${r.tablename}"`);
  });
}
