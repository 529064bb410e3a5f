// Benchmark: the resident memory (RSS) of the built `accord-broker` command on PGlite: just after start on a new
// data folder, idle a few seconds later, after a restart on the same folder, and after a short publish and read
// load; as MiB and as ratios to a bare `node` process measured in the same run.
// Usage: npm run build -w @accord/pact-broker && npm run bench:memory -w @accord/pact-broker

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { largePublishBody } from '../large-publish/body.js';

const bin = fileURLToPath(new URL('../../bin/accord-broker.js', import.meta.url));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, '--port', '0', ...args], {
    env: {
      PATH: process.env.PATH ?? '',

      PACT_BROKER_LOG_LEVEL: 'warn',
      PACT_BROKER_SEED_EXAMPLE_DATA: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Publishes, reads and verifies in a loop with 8 clients, tracking the highest RSS seen. */
async function load(url: string, pid: number): Promise<number> {
  let peak = 0;
  let n = 0;
  const sampler = setInterval(() => {
    rssMiB(pid).then(
      (v) => {
        peak = Math.max(peak, v);
      },
      () => {},
    );
  }, 100);
  const client = async (c: number) => {
    while (n < REQUESTS) {
      const i = n++;
      const consumer = `consumer-${c}`;
      const body = largePublishBody(consumer, `1.0.${i}`, 1).replaceAll('provider-00000', `provider-${c}`);
      const res = await fetch(`${url}/contracts/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      const pact = await fetch(`${url}/pacts/provider/provider-${c}/consumer/${consumer}/latest`);
      await pact.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
  clearInterval(sampler);
  return Math.max(peak, await rssMiB(pid));
}

const bare = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
await sleep(500);
const node = await rssMiB(bare.pid!);
bare.kill();

const dir = await mkdtemp(join(tmpdir(), 'accord-broker-rss-'));
const rows: Array<[string, number]> = [];
try {
  const first = await start(['--data-dir', dir]);
  rows.push(['new data folder, just started', await rssMiB(first.child.pid!)]);
  await sleep(5000);
  rows.push(['new data folder, idle 5 s', await rssMiB(first.child.pid!)]);
  await stop(first.child);
  const again = await start(['--data-dir', dir]);
  rows.push(['restarted, just started', await rssMiB(again.child.pid!)]);
  await sleep(3000);
  rows.push(['restarted, idle 3 s', await rssMiB(again.child.pid!)]);
  rows.push([
    `peak under load (${REQUESTS} publish + read, 8 clients)`,
    await load(again.url, again.child.pid!),
  ]);
  await sleep(3000);
  rows.push(['idle 3 s after the load', await rssMiB(again.child.pid!)]);
  await stop(again.child);
  const memory = await start([]);
  await sleep(3000);
  rows.push(['no folder (a throwaway one), idle 3 s', await rssMiB(memory.child.pid!)]);
  await stop(memory.child);
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.stdout.write(
  `${'accord-broker on PGlite'.padEnd(52)}${'RSS MiB'.padStart(9)}${'× node'.padStart(9)}\n`,
);
process.stdout.write(`${'bare node process'.padEnd(52)}${node.toFixed(0).padStart(9)}${'1.0'.padStart(9)}\n`);
for (const [what, v] of rows)
  process.stdout.write(`${what.padEnd(52)}${v.toFixed(0).padStart(9)}${(v / node).toFixed(1).padStart(9)}\n`);
