// Counts and times the SQL statements of the can-i-deploy bench's requests (a consumer's, a provider's) and of its
// pacts-for-verification request, on 100 pacticipants × BENCH_PER versions: one request's statements, then the
// median of ITER requests against the summed time of their statements (SQL=1 lists the statements, PLANS=1 shows
// how often PostgreSQL re-planned each prepared statement).
// Usage: BENCH_DATABASE_URL=postgres://… npm run bench:statements -w @accord/pact-broker
import { performance } from 'node:perf_hooks';
import { createBroker } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { openDb } from '../../src/db/index.js';
import { benchDatabase } from '../database.js';
import { seedPacticipants, seedVersions } from './seed.js';

const PER = Number(process.env.BENCH_PER ?? 100);
const ITER = Number(process.env.ITER ?? 200);

async function main() {
  const database = await benchDatabase();
  const db = await openDb({ databaseUrl: database.databaseUrl });
  const log: Array<{ sql: string; ms: number; params: unknown }> = [];
  const q = db.query.bind(db);
  db.query = (async (sql: string, params?: unknown[]) => {
    const t = performance.now();
    const r = await q(sql, params);
    log.push({ sql, ms: performance.now() - t, params });
    return r;
  }) as typeof db.query;
  const broker = await createBroker(
    defaultConfig({ host: '127.0.0.1', port: 0, databaseUrl: database.databaseUrl }),
    { db, log: () => {} },
  );
  try {
    await seedPacticipants(broker.db);
    await seedVersions(broker.db, 1, PER);
    await broker.db.query('ANALYZE');
    const body = JSON.stringify({
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
    });
    const reqs: Record<string, () => Promise<Response>> = {
      canIDeployConsumer: () =>
        fetch(`${broker.url}/can-i-deploy?pacticipant=consumer-3&version=v${PER - 2}&environment=production`),
      canIDeployProvider: () =>
        fetch(`${broker.url}/can-i-deploy?pacticipant=provider-3&version=v${PER - 2}&environment=production`),
      forVerification: () =>
        fetch(`${broker.url}/pacts/provider/provider-3/for-verification`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }),
    };
    for (const [name, send] of Object.entries(reqs)) {
      for (let i = 0; i < 50; i++) await (await send()).text();
      log.length = 0;
      const t = performance.now();
      const res = await send();
      await res.text();
      const total = performance.now() - t;
      process.stdout.write(
        `\n== ${name}: ${total.toFixed(2)} ms, ${log.length} statements, sum ${log.reduce((a, b) => a + b.ms, 0).toFixed(2)} ms\n`,
      );
      const tot: number[] = [],
        sum: number[] = [];
      for (let i = 0; i < ITER; i++) {
        log.length = 0;
        const t1 = performance.now();
        await (await send()).text();
        tot.push(performance.now() - t1);
        sum.push(log.reduce((a, b) => a + b.ms, 0));
      }
      const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(2);
      process.stdout.write(
        `median of ${ITER}: request ${med(tot)} ms, statements' wall time summed ${med(sum)} ms\n`,
      );
      if (process.env.SQL)
        for (const l of log)
          process.stdout.write(
            `${l.ms.toFixed(2).padStart(6)}  ${l.sql.replace(/\s+/g, ' ').slice(0, 150)}  ${process.env.PARAMS ? JSON.stringify(l.params) : ''}\n`,
          );
    }
    if (process.env.PLANS) {
      const plans = await Promise.all(
        Array.from({ length: 10 }, () =>
          broker.db.query<Record<string, unknown>>(
            "SELECT generic_plans, custom_plans, left(regexp_replace(statement, '\\s+', ' ', 'g'), 70) AS sql FROM pg_prepared_statements WHERE generic_plans + custom_plans > 20 ORDER BY sql",
            [],
          ),
        ),
      );
      for (const r of plans[0]!.rows) process.stdout.write(`${JSON.stringify(r)}\n`);
    }
  } finally {
    await broker.close();
    await database.drop();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
