// Tracks whether a request's transaction has committed, so that nothing after the commit can answer with an error.

import type { Db } from '../db/db.js';

/** Set once a transaction of the request has committed. */
export interface CommitState {
  committed: boolean;
}

/**
 * `db` as one request sees it: the same database, with each committed transaction recorded in `state`. Single
 * statements are not counted: handlers use them for one-row deletes whose "nothing there" answer is a 404.
 */
export function trackCommits(db: Db, state: CommitState): Db {
  return {
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    async transaction(fn) {
      const result = await db.transaction(fn);
      state.committed = true;
      return result;
    },
  };
}
