import { createBroker } from '../../src/app.js';
import { defaultConfig } from '../../src/config.js';
import { benchDatabase } from '../database.js';
import { largePublishBody } from './body.js';

const CONTRACTS = Number(process.env.BENCH_CONTRACTS ?? 2000);

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;
}

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t;
}

/** Polls `url` every 10 ms until `until` settles; returns each request's latency. */
async function poll(url: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  until.finally(() => {
    done = true;
  });
  const out: number[] = [];
  while (!done) {
    out.push(await timed(url));
    await new Promise((r) => setTimeout(r, 10));
  }
  return out;
}

async function main(): Promise<void> {
  const { databaseUrl, drop } = await benchDatabase();
  const broker = await createBroker(defaultConfig({ databaseUrl }), { log: () => {} });
  try {
    const heartbeat = `${broker.url}/diagnostic/status/heartbeat`;
    const read = `${broker.url}/diagnostic/status/dependencies`;
    const idleHeartbeat: number[] = [];
    const idleRead: number[] = [];
    for (let i = 0; i < 50; i++) {
      idleHeartbeat.push(await timed(heartbeat));
      idleRead.push(await timed(read));
    }
    const body = largePublishBody('big-consumer', '1.0.0', CONTRACTS);
    const t0 = performance.now();
    const publish = fetch(`${broker.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).then(async (res) => {
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`publish: ${res.status}`);
      return performance.now() - t0;
    });
    const [publishMs, busyHeartbeat, busyRead] = await Promise.all([
      publish,
      poll(heartbeat, publish),
      poll(read, publish),
    ]);
    const row = (name: string, idle: number[], busy: number[]) => {
      const a = [...idle].sort((x, y) => x - y);
      const b = [...busy].sort((x, y) => x - y);
      return `${name.padEnd(26)}${quantile(a, 0.5).toFixed(1).padStart(10)}${quantile(b, 0.5).toFixed(1).padStart(10)}${b.at(-1)!.toFixed(1).padStart(10)}${(quantile(b, 0.5) / quantile(a, 0.5)).toFixed(1).padStart(12)}${String(b.length).padStart(8)}\n`;
    };
    process.stdout.write(
      `storage: ${databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}\n` +
        `one publish of ${CONTRACTS} contracts, ${(body.length / 1048576).toFixed(2)} MiB: ${publishMs.toFixed(0)} ms\n\n` +
        `${'meanwhile'.padEnd(26)}${'idle p50'.padStart(10)}${'busy p50'.padStart(10)}${'busy max'.padStart(10)}${'p50 ÷ idle'.padStart(12)}${'count'.padStart(8)}\n` +
        row('heartbeat', idleHeartbeat, busyHeartbeat) +
        row('database ping', idleRead, busyRead),
    );
  } finally {
    await broker.close();
    await drop();
  }
}

await main();
