// Benchmark: can-i-deploy and pacts-for-verification latency (p50/p99) as the broker grows from 1k to 10k to 100k
// versions (100 pacticipants × 10 / 100 / 1,000 versions; BENCH_MILLION=1 adds a 1M stage), one row per stage with
// ratios to the first stage and to the heartbeat measured in the same stage of the same run, and the CPU this process
// (the broker) spent per request. The requests come from a child process (client.ts), as an external load tool's do.
// Usage: npm run bench:can-i-deploy -w @accord/pact-broker   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)

import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createBroker } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import type { LatencyResult, LatencyTask } from './client.js';
import { CONSUMERS, PROVIDERS, seedPacticipants, seedVersions } from './seed.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const WARMUP = 100;
const STAGES = (process.env.BENCH_STAGES ?? `10,100,1000${process.env.BENCH_MILLION === '1' ? ',10000' : ''}`)
  .split(',')
  .map(Number);

interface Latency {
  p50: number;
  p99: number;
  /** CPU milliseconds of this process (the broker; the client runs in its own) per request, warm-up included. */
  cpu: number;
}

const client = fork(new URL('./client.ts', import.meta.url), { stdio: 'inherit' });

/** Sequential requests from the client process after a warm-up; `check` throws on a wrong answer. */
async function latency(
  requests: LatencyTask['requests'],
  check: (body: Record<string, unknown>, measured: boolean) => void = () => {},
): Promise<Latency> {
  const cpu = process.cpuUsage();
  const result = await new Promise<LatencyResult>((resolve, reject) => {
    client.once('message', (m: { result?: LatencyResult; error?: string }) =>
      m.result ? resolve(m.result) : reject(new Error(`client: ${m.error}`)),
    );
    client.send({ requests, warmup: WARMUP } satisfies LatencyTask);
  });
  const used = process.cpuUsage(cpu);
  for (const [i, body] of result.bodies.entries()) check(body, i >= WARMUP);
  const times = result.ms.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    cpu: (used.user + used.system) / 1000 / requests.length,
  };
}

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
  const results: Array<{
    versions: number;
    heartbeat: Latency;
    canIDeploy: Latency;
    forVerification: Latency;
    outcomes: string;
  }> = [];
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
      const n = REQUESTS + WARMUP;
      const heartbeat = await latency(
        Array.from({ length: n }, () => ({
          method: 'GET',
          url: `${broker.url}/diagnostic/status/heartbeat`,
        })),
      );
      // Alternate consumers and providers; ask about one of their 10 newest versions, to production.
      const outcomes = { true: 0, false: 0, null: 0 };
      const canIDeploy = await latency(
        Array.from({ length: n }, (_, i) => {
          const who = i % 2 === 0 ? `consumer-${i % CONSUMERS}` : `provider-${i % PROVIDERS}`;
          const version = `v${Math.max(1, perPacticipant - (i % 10))}`;
          return {
            method: 'GET',
            url: `${broker.url}/can-i-deploy?pacticipant=${who}&version=${version}&environment=production`,
          };
        }),
        (body, measured) => {
          const summary = (body as { summary?: { deployable: boolean | null } }).summary;
          if (!summary) throw new Error('can-i-deploy: no summary');
          if (measured) outcomes[String(summary.deployable) as keyof typeof outcomes]++;
        },
      );
      // What a provider build asks: its consumers' main-branch heads and what is deployed.
      const selectors = {
        consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
        providerVersionBranch: 'main',
        includePendingStatus: true,
      };
      const forVerification = await latency(
        Array.from({ length: n }, (_, i) => ({
          method: 'POST',
          url: `${broker.url}/pacts/provider/provider-${i % PROVIDERS}/for-verification`,
          body: selectors,
        })),
        (body) => {
          const pacts = (body as { _embedded?: { pacts?: unknown[] } })._embedded?.pacts;
          if (!pacts?.length) throw new Error('for-verification: no pacts');
        },
      );
      results.push({
        versions: counts.versions,
        heartbeat,
        canIDeploy,
        forVerification,
        outcomes: `deployable true ${outcomes.true} / false ${outcomes.false} / unknown ${outcomes.null}`,
      });
    }
  } finally {
    client.kill();
    await broker.close();
    await database?.drop();
  }
  const base = results[0]!;
  const f = (x: number, w = 7) => x.toFixed(2).padStart(w);
  process.stdout.write(
    '\ncan-i-deploy --to-environment production, and pacts for verification (mainBranch + deployedOrReleased)\n' +
      '                heartbeat  |  can-i-deploy                            |  pacts for verification\n' +
      ' versions      p50    p99  |    p50    p99  p50÷1st  p50÷beat    cpu  |    p50    p99  p50÷1st  p50÷beat    cpu\n',
  );
  for (const r of results) {
    const cols = (l: Latency, b: Latency) =>
      `${f(l.p50)}${f(l.p99)}${f(l.p50 / b.p50, 9)}${f(l.p50 / r.heartbeat.p50, 10)}${f(l.cpu)}`;
    process.stdout.write(
      `${String(r.versions).padStart(9)}${f(r.heartbeat.p50, 9)}${f(r.heartbeat.p99)}  |${cols(r.canIDeploy, base.canIDeploy)}  |${cols(r.forVerification, base.forVerification)}\n`,
    );
  }
  for (const r of results) process.stdout.write(`${String(r.versions).padStart(9)}: ${r.outcomes}\n`);
  process.stdout.write('cpu: milliseconds of CPU of the broker process per request\n');
  const worst = Math.max(...results.flatMap((r) => [r.canIDeploy.p99, r.forVerification.p99]));
  const worst50 = Math.max(...results.flatMap((r) => [r.canIDeploy.p50, r.forVerification.p50]));
  process.stdout.write(
    `\ntarget p50 <= 2 ms and p99 <= 10 ms: ${worst50 <= 2 && worst <= 10 ? 'met' : 'NOT met'} (worst p50 ${worst50.toFixed(2)} ms, p99 ${worst.toFixed(2)} ms)\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
