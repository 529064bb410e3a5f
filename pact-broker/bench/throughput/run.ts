import { createBroker } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { benchDatabase } from '../database.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PAIRS = 10;

function pact(consumer: string, provider: string, revision: number) {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: Array.from({ length: 4 }, (_, i) => ({
      description: `request ${i}`,
      providerState: `state ${i}`,
      request: { method: 'GET', path: `/things/${i}` },
      response: { status: 200, body: { id: i, revision } },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
}

async function json(res: Response): Promise<Record<string, unknown>> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

let version = 0;
async function step(url: string): Promise<void> {
  const n = version++;
  const pair = n % PAIRS;
  const consumer = `consumer-${pair}`;
  const provider = `provider-${pair}`;
  const number = `1.0.${n}`;
  await json(
    await fetch(`${url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pacticipantName: consumer,
        pacticipantVersionNumber: number,
        branch: 'main',
        contracts: [
          {
            consumerName: consumer,
            providerName: provider,
            specification: 'pact',
            contentType: 'application/json',
            // A new content every fourth version, as pipelines mostly republish what they had.
            content: Buffer.from(JSON.stringify(pact(consumer, provider, Math.floor(n / 4)))).toString(
              'base64',
            ),
          },
        ],
      }),
    }),
  );
  const read = await json(
    await fetch(`${url}/pacts/provider/${provider}/consumer/${consumer}/version/${number}`),
  );
  const links = read._links as Record<string, { href: string }>;
  await json(
    await fetch(links['pb:publish-verification-results']!.href, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ success: true, providerApplicationVersion: `9.0.${n}` }),
    }),
  );
}

async function heartbeat(url: string): Promise<void> {
  await json(await fetch(`${url}/diagnostic/status/heartbeat`));
}

/** Runs `fn` from CLIENTS loops for SECONDS; returns completions per second. */
async function rate(fn: () => Promise<void>, seconds: number): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        await fn();
        done++;
      }
    }),
  );
  return done / seconds;
}

async function main(): Promise<void> {
  const { databaseUrl, drop } = await benchDatabase();
  const broker = await createBroker(defaultConfig({ databaseUrl }), { log: () => {} });
  try {
    const url = broker.url;
    await rate(() => step(url), 1); // warm-up: creates the pacticipants, compiles the hot paths
    const beats = await rate(() => heartbeat(url), SECONDS);
    const steps = await rate(() => step(url), SECONDS);
    process.stdout.write(
      `storage: ${databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}, ${CLIENTS} clients, ${SECONDS} s each\n` +
        `${'measure'.padEnd(34)}${'per second'.padStart(12)}${'÷ heartbeat'.padStart(14)}\n` +
        `${'heartbeat'.padEnd(34)}${beats.toFixed(0).padStart(12)}${'1.000'.padStart(14)}\n` +
        `${'publish + read + verify'.padEnd(34)}${steps.toFixed(0).padStart(12)}${(steps / beats).toFixed(3).padStart(14)}\n`,
    );
  } finally {
    await broker.close();
    await drop();
  }
}

await main();
