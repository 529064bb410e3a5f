// Benchmark: the clean as the broker grows (100 integrations × 100 / 1,000 versions by default, every version 200
// days old so the default selectors keep only heads and the latest): the run's time, its longest transaction, and
// the dry run, with ratios to a bare cascade delete of one batch measured on the same data, and to the first stage.
// Usage: npm run bench:clean -w @accord/pact-broker   (BENCH_DATABASE_URL=postgres://… for PostgreSQL;
// BENCH_STAGES=100,1000; BENCH_LIMIT=500)

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { type MigratableDb, openDb } from '../../src/db/index.js';
import { clean } from '../../src/retention/clean.js';
import { versionsNotKept } from '../../src/retention/queries.js';
import {
  DEFAULT_KEEP_BRANCH_SELECTORS,
  DEFAULT_KEEP_SELECTORS,
  withDeployedAndReleased,
} from '../../src/retention/selectors.js';
import { seed } from '../seed.js';

const STAGES = (process.env.BENCH_STAGES ?? '100,1000').split(',').map(Number);
const LIMIT = Number(process.env.BENCH_LIMIT ?? 500);
const BATCH = 100;

async function freshDb(): Promise<{ db: MigratableDb; drop(): Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) {
    const db = await openDb({});
    return { db, drop: () => db.close() };
  }
  const name = `accord_bench_clean_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: u.toString() });
  return {
    db,
    async drop() {
      await db.close();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/** The db with every transaction timed. */
function timed(db: MigratableDb, durations: number[]): MigratableDb {
  return {
    ...db,
    async transaction(fn) {
      const t0 = performance.now();
      try {
        return await db.transaction(fn);
      } finally {
        durations.push(performance.now() - t0);
      }
    },
  };
}

async function main(): Promise<void> {
  process.stdout.write(
    `storage: ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)'}; limit ${LIMIT}, batches of ${BATCH}\n`,
  );
  const rows: string[][] = [];
  let first: { run: number; longest: number; dry: number } | undefined;
  for (const perIntegration of STAGES) {
    const { db, drop } = await freshDb();
    try {
      await seed(db, { integrations: 100, versionsPerIntegration: perIntegration, contentEvery: 10 });
      await db.query("UPDATE versions SET created_at = now() - interval '200 days'");
      await db.query('ANALYZE');
      const versions = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM versions')).rows[0]!.n;
      const now = new Date();
      const options = {
        keep: DEFAULT_KEEP_SELECTORS,
        keepBranches: DEFAULT_KEEP_BRANCH_SELECTORS,
        limit: LIMIT,
        overwrittenDataMaxAge: 7,
        now: () => now,
      };
      // The floor: deleting one batch of the same kind of versions by id, cascade only, nothing decided.
      const keep = withDeployedAndReleased(DEFAULT_KEEP_SELECTORS).selectors;
      const batch = await versionsNotKept(db, keep, now, BATCH);
      const t0 = performance.now();
      await db.transaction((tx) => tx.query('DELETE FROM versions WHERE id = ANY($1::int[])', [batch]));
      const bare = performance.now() - t0;
      const t1 = performance.now();
      await clean(db, { ...options, dryRun: true });
      const dry = performance.now() - t1;
      const durations: number[] = [];
      const t2 = performance.now();
      const report = await clean(timed(db, durations), { ...options, dryRun: false });
      const run = performance.now() - t2;
      const deleted =
        report.performed && 'versions' in report.versions
          ? (report.versions.versions as { deleted: number }).deleted
          : 0;
      const longest = Math.max(...durations);
      first ??= { run, longest, dry };
      rows.push([
        String(versions),
        String(deleted),
        run.toFixed(0),
        longest.toFixed(1),
        (longest / bare).toFixed(2),
        dry.toFixed(0),
        `${(run / first.run).toFixed(2)} / ${(longest / first.longest).toFixed(2)} / ${(dry / first.dry).toFixed(2)}`,
      ]);
      process.stdout.write(`${rows.at(-1)!.join('\t')}\n`);
    } finally {
      await drop();
    }
  }
  process.stdout.write(
    `\n| versions | deleted | run ms | longest transaction ms | ÷ bare delete of ${BATCH} | dry run ms | run / longest / dry ÷ first stage |\n| --- | --- | --- | --- | --- | --- | --- |\n`,
  );
  for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
}

await main();
