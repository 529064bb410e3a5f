// SQL of the health routes.

import type { Db } from '../db/db.js';

/** Fails (a 500) when the database does not answer. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.query('SELECT 1');
}
