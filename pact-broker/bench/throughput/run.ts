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

/**
 * Runs `fn` from CLIENTS loops for SECONDS; returns completions per second and this process's CPU time (server and
 * clients together) per completion, which the other agents' load on the machine disturbs less than the rate.
 */
async function rate(fn: () => Promise<void>, seconds: number): Promise<{ perSecond: number; cpuMs: number }> {
  const until = performance.now() + seconds * 1000;
  const cpu = process.cpuUsage();
  let done = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        await fn();
        done++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { perSecond: done / seconds, cpuMs: (used.user + used.system) / 1000 / done };
}

async function main(): Promise<void> {
  const { databaseUrl, drop } = await benchDatabase();
  const broker = await createBroker(defaultConfig({ databaseUrl }), { log: () => {} });
  try {
    const url = broker.url;
    await rate(() => step(url), 1); // warm-up: creates the pacticipants, compiles the hot paths
    const beats = await rate(() => heartbeat(url), SECONDS);
    const steps = await rate(() => step(url), SECONDS);
    const row = (name: string, r: { perSecond: number; cpuMs: number }) =>
      `${name.padEnd(26)}${r.perSecond.toFixed(0).padStart(12)}${(r.perSecond / beats.perSecond).toFixed(3).padStart(14)}` +
      `${r.cpuMs.toFixed(3).padStart(16)}${(r.cpuMs / beats.cpuMs).toFixed(1).padStart(12)}\n`;
    process.stdout.write(
      `storage: ${databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}, ${CLIENTS} clients, ${SECONDS} s each\n` +
        `${'measure'.padEnd(26)}${'per second'.padStart(12)}${'÷ heartbeat'.padStart(14)}${'CPU ms each'.padStart(16)}${'÷ heartbeat'.padStart(12)}\n` +
        row('heartbeat', beats) +
        row('publish + read + verify', steps),
    );
  } finally {
    await broker.close();
    await drop();
  }
}

await main();
