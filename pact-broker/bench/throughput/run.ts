import { createBroker } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { benchDatabase } from '../database.js';
import { stepRequests } from './step.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
let version = 0;
async function step(url: string): Promise<void> {
  for (const send of stepRequests(url, version++)) await send();
}

async function heartbeat(url: string): Promise<void> {
  const res = await fetch(`${url}/diagnostic/status/heartbeat`);
  if (!res.ok) throw new Error(`heartbeat: ${res.status}`);
  await res.json();
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
