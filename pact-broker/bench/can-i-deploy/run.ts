// Benchmark: can-i-deploy latency (p50/p99) as the broker grows from 1k to 10k to 100k versions
// (100 pacticipants × 10 / 100 / 1,000 versions), printed with ratios to the 1k stage of the same run.
// Usage: npm run bench:can-i-deploy -w @accord/pact-broker   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)

import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createBroker } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { CONSUMERS, PROVIDERS, seedPacticipants, seedVersions } from './seed.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const WARMUP = 200;
const STAGES = (process.env.BENCH_STAGES ?? '10,100,1000').split(',').map(Number);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `accord_bench_cid_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function main(): Promise<void> {
  const database = process.env.BENCH_DATABASE_URL
    ? await createDatabase(process.env.BENCH_DATABASE_URL)
    : undefined;
  const broker = await createBroker(
    defaultConfig({ host: '127.0.0.1', port: 0, databaseUrl: database?.url }),
    {
      log: () => {},
    },
  );
  process.stdout.write(
    `storage: ${database ? 'PostgreSQL' : 'PGlite (in memory)'}; ${REQUESTS} sequential requests per stage\n`,
  );
  const results: Array<{ versions: number; p50: number; p99: number; outcomes: string }> = [];
  try {
    await seedPacticipants(broker.db);
    let done = 0;
    for (const perPacticipant of STAGES) {
      const t0 = Date.now();
      await seedVersions(broker.db, done + 1, perPacticipant);
      done = perPacticipant;
      // A bulk load leaves the planner's statistics stale until autovacuum's analyze runs; do it now, as a
      // production database would have by the time anyone asks.
      await broker.db.query('ANALYZE');
      const counts = (
        await broker.db.query<{ versions: number; publications: number; verifications: number }>(
          `SELECT (SELECT count(*)::int FROM versions) AS versions, (SELECT count(*)::int FROM pact_publications) AS publications,
                  (SELECT count(*)::int FROM verifications) AS verifications`,
        )
      ).rows[0]!;
      process.stdout.write(
        `seeded to ${counts.versions} versions (${counts.publications} pact publications, ${counts.verifications} verifications) in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`,
      );
      // Alternate consumers and providers; ask about one of their 10 newest versions, to production.
      const queries = Array.from({ length: REQUESTS + WARMUP }, (_, i) => {
        const who = i % 2 === 0 ? `consumer-${i % CONSUMERS}` : `provider-${i % PROVIDERS}`;
        const version = `v${Math.max(1, perPacticipant - (i % 10))}`;
        return `${broker.url}/can-i-deploy?pacticipant=${who}&version=${version}&environment=production`;
      });
      const times: number[] = [];
      const outcomes = { true: 0, false: 0, null: 0 };
      for (const [i, q] of queries.entries()) {
        const start = performance.now();
        // The first request after a long seed may land on a keep-alive socket the server closed while idle;
        // warm-up requests are not measured, so one of those may be retried.
        const res = await fetch(q).catch((err: unknown) => (i < WARMUP ? fetch(q) : Promise.reject(err)));
        const body = (await res.json()) as { summary?: { deployable: boolean | null } };
        const ms = performance.now() - start;
        if (res.status !== 200 || !body.summary) throw new Error(`unexpected ${res.status} for ${q}`);
        if (i >= WARMUP) {
          times.push(ms);
          outcomes[String(body.summary.deployable) as keyof typeof outcomes]++;
        }
      }
      times.sort((a, b) => a - b);
      results.push({
        versions: counts.versions,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        outcomes: `deployable true ${outcomes.true} / false ${outcomes.false} / unknown ${outcomes.null}`,
      });
    }
  } finally {
    await broker.close();
    await database?.drop();
  }
  const base = results[0]!;
  process.stdout.write('\ncan-i-deploy --to-environment production\n');
  process.stdout.write('versions   p50 ms   p99 ms   p50 ratio   p99 ratio   answers\n');
  for (const r of results) {
    process.stdout.write(
      `${String(r.versions).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ` +
        `${(r.p50 / base.p50).toFixed(2).padStart(11)} ${(r.p99 / base.p99).toFixed(2).padStart(11)}   ${r.outcomes}\n`,
    );
  }
  const worst = Math.max(...results.map((r) => r.p99));
  process.stdout.write(
    `\ntarget p99 < 25 ms: ${worst < 25 ? 'met' : 'NOT met'} (worst p99 ${worst.toFixed(2)} ms)\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
