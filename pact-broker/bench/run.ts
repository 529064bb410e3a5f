// Benchmark: seeds 100 integrations × 1,000 versions, then measures publish and pacts-for-verification with
// autocannon on loopback, as ratios to the heartbeat measured in the same run.
// Usage: npm run bench -w @accord/pact-broker   (BENCH_DATABASE_URL=postgres://… to bench PostgreSQL)

import autocannon from 'autocannon';
import { createBroker } from '../src/app.js';
import { defaultConfig } from '../src/config.js';
import { benchDatabase } from './database.js';
import { benchPact, seed } from './seed.js';

const INTEGRATIONS = Number(process.env.BENCH_INTEGRATIONS ?? 100);
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 1000);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Result {
  name: string;
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function measure(name: string, opts: Record<string, unknown>): Promise<Result> {
  const r = (await autocannon({
    duration: DURATION,
    connections: CONNECTIONS,
    ...opts,
  } as never)) as unknown as {
    requests: { average: number };
    latency: { p99: number };
    errors: number;
    non2xx: number;
  };
  return { name, rps: r.requests.average, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

async function main(): Promise<void> {
  const { databaseUrl, drop } = await benchDatabase();
  const broker = await createBroker(defaultConfig({ host: '127.0.0.1', port: 0, databaseUrl }), {
    log: () => {},
  });
  try {
    const storage = databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)';
    process.stdout.write(
      `storage: ${storage}\nseeding ${INTEGRATIONS} integrations × ${VERSIONS} versions…\n`,
    );
    const t0 = Date.now();
    await seed(broker.db, { integrations: INTEGRATIONS, versionsPerIntegration: VERSIONS, contentEvery: 10 });
    const counts = (
      await broker.db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM versions) AS versions, (SELECT count(*)::int FROM pact_publications) AS publications,
                (SELECT count(*)::int FROM pact_versions) AS contents, (SELECT count(*)::int FROM verifications) AS verifications,
                pg_database_size(current_database())::bigint AS bytes`,
      )
    ).rows[0]!;
    process.stdout.write(
      `seeded in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${counts.versions} versions, ${counts.publications} publications, ` +
        `${counts.contents} distinct contents, ${counts.verifications} verifications, database ${(Number(counts.bytes) / 1048576).toFixed(1)} MiB\n`,
    );

    const url = broker.url;
    const heartbeat = await measure('heartbeat', { url: `${url}/diagnostic/status/heartbeat` });

    const forVerificationBody = JSON.stringify({
      consumerVersionSelectors: [{ mainBranch: true }, { tag: 'prod', latest: true }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
      includeWipPactsSince: '2020-01-01',
    });
    let n = 0;
    const forVerification = await measure('pacts for verification', {
      url,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            path: `/pacts/provider/provider-${n++ % INTEGRATIONS}/for-verification`,
            body: forVerificationBody,
          }),
        },
      ],
    });

    let v = 0;
    const publish = await measure('publish', {
      url,
      requests: [
        {
          method: 'POST',
          path: '/contracts/publish',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req: Record<string, unknown>) => {
            const i = v++;
            const integration = i % INTEGRATIONS;
            const consumer = `consumer-${integration}`;
            const provider = `provider-${integration}`;
            // Every other publish brings new content; the rest re-use the content of an existing version.
            const content = benchPact(consumer, provider, i % 2 === 0 ? 100_000 + i : 0);
            return {
              ...req,
              body: JSON.stringify({
                pacticipantName: consumer,
                pacticipantVersionNumber: `bench.${i}`,
                branch: 'main',
                contracts: [
                  {
                    consumerName: consumer,
                    providerName: provider,
                    specification: 'pact',
                    contentType: 'application/json',
                    content: Buffer.from(JSON.stringify(content)).toString('base64'),
                  },
                ],
              }),
            };
          },
        },
      ],
    });

    const rows = [heartbeat, forVerification, publish];
    process.stdout.write(
      `\n${'endpoint'.padEnd(24)}${'req/s'.padStart(10)}${'p99 ms'.padStart(10)}${'req/s ÷ heartbeat'.padStart(20)}${'p99 × heartbeat'.padStart(18)}${'errors'.padStart(8)}\n`,
    );
    for (const r of rows) {
      process.stdout.write(
        `${r.name.padEnd(24)}${r.rps.toFixed(0).padStart(10)}${r.p99.toFixed(1).padStart(10)}` +
          `${(r.rps / heartbeat.rps).toFixed(3).padStart(20)}${(r.p99 / Math.max(heartbeat.p99, 0.1)).toFixed(1).padStart(18)}` +
          `${String(r.errors + r.non2xx).padStart(8)}\n`,
      );
    }
    process.stdout.write(
      `\n(${CONNECTIONS} connections, ${DURATION}s each, loopback, same process as the broker)\n`,
    );
  } finally {
    await broker.close();
    await drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
