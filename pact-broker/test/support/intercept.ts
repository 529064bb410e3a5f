// A broker database whose statements pass through `around` (inside transactions and out), so a test can make
// another session act at an exact point between two of a request's statements.

import type { Db, MigratableDb } from '../../src/db/db.js';

export function interceptStatements(
  db: MigratableDb,
  around: (sql: string, run: () => Promise<unknown>) => Promise<unknown>,
): MigratableDb {
  const wrap = <T extends Db>(inner: T): T => ({
    ...inner,
    query: ((sql: string, params?: unknown[]) => around(sql, () => inner.query(sql, params))) as Db['query'],
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
  });
  return wrap(db);
}
