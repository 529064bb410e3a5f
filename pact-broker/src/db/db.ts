// The storage types every broker query function takes; declared once, in @accord/db.

export type { Db, MigratableDb, PoolStats, Queryable, QueryResult } from '@accord/db';
