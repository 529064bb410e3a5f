// Throughput of the step (publish a pact, read it, publish a verification) by BENCH_CLIENTS clients.
// The clients run in a child process (clients.ts), so this process's CPU time is the broker's own; the clients'
// CPU and, on a local PostgreSQL, the server's are reported beside it.
import { fork } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createBroker } from '../../src/app.js';
import { chooseWasmTier } from '../../src/bin/wasm-tier.js';
import { defaultConfig } from '../../src/config.js';
import { benchDatabase } from '../database.js';
import type { ClientsResult, ClientsTask } from './clients.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
// Long enough for V8 to finish optimising the hot paths: after 1 s its compiler thread still took a sixth of the
// broker's CPU during the measured seconds (perf).
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
// Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times.
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds of each process named `postgres` on this machine (the server and its backends) by pid, or undefined
 * when /proc cannot tell (another OS). Other users' queries on the same server are counted too.
 */
async function postgresCpuSeconds(): Promise<Map<string, number> | undefined> {
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  const seconds = new Map<string, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (!stat.slice(0, close).includes('(postgres')) continue;
    // Fields after the command: state is field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(close + 2).split(' ');
    seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return seconds;
}

/** CPU seconds the postgres processes alive at both readings spent between them (backends come and go). */
function postgresCpuBetween(before: Map<string, number>, after: Map<string, number>): number {
  let sum = 0;
  for (const [pid, s] of after) {
    const b = before.get(pid);
    if (b !== undefined) sum += s - b;
  }
  return sum;
}

interface Measured {
  perSecond: number;
  /** CPU ms per completion: this (broker) process, the clients' process, PostgreSQL's processes. */
  brokerMs: number;
  clientMs: number;
  postgresMs: number | undefined;
}

const child = fork(new URL('./clients.ts', import.meta.url), { stdio: 'inherit' });
let nextVersion = 0;

function runClients(task: ClientsTask): Promise<ClientsResult> {
  return new Promise((resolve, reject) => {
    child.once('message', (m: { result?: ClientsResult; error?: string }) =>
      m.result ? resolve(m.result) : reject(new Error(`clients: ${m.error}`)),
    );
    child.send(task);
  });
}

async function rate(
  url: string,
  what: ClientsTask['what'],
  seconds: number,
  local: boolean,
): Promise<Measured> {
  const pgBefore = local ? await postgresCpuSeconds() : undefined;
  const cpu = process.cpuUsage();
  const r = await runClients({ url, what, clients: CLIENTS, seconds, firstVersion: nextVersion });
  const used = process.cpuUsage(cpu);
  const pgAfter = local ? await postgresCpuSeconds() : undefined;
  if (what === 'step') nextVersion += r.done + CLIENTS;
  return {
    perSecond: r.done / r.seconds,
    brokerMs: (used.user + used.system) / 1000 / r.done,
    clientMs: r.cpuMs / r.done,
    postgresMs:
      pgBefore === undefined || pgAfter === undefined
        ? undefined
        : (postgresCpuBetween(pgBefore, pgAfter) * 1000) / r.done,
  };
}

async function main(): Promise<void> {
  const { databaseUrl, drop } = await benchDatabase();
  // The WebAssembly tier the accord-broker command would choose for this storage.
  const liftoffOnly = chooseWasmTier(databaseUrl);
  const local =
    databaseUrl !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(databaseUrl).hostname);
  const broker = await createBroker(defaultConfig({ databaseUrl }), { log: () => {} });
  try {
    const url = broker.url;
    await rate(url, 'step', WARMUP_SECONDS, false); // warm-up: creates the pacticipants, compiles the hot paths
    const beats = await rate(url, 'heartbeat', SECONDS, local);
    const steps = await rate(url, 'step', SECONDS, local);
    const ms = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(3)).padStart(14);
    const row = (name: string, r: Measured) =>
      `${name.padEnd(24)}${r.perSecond.toFixed(0).padStart(11)}${(r.perSecond / beats.perSecond).toFixed(3).padStart(12)}` +
      `${ms(r.brokerMs)}${(r.brokerMs / beats.brokerMs).toFixed(1).padStart(12)}${ms(r.clientMs)}${ms(r.postgresMs)}\n`;
    process.stdout.write(
      `storage: ${databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}${liftoffOnly ? ', V8 --liftoff-only (as accord-broker)' : ''}, ` +
        `${CLIENTS} clients in a child process, ${SECONDS} s each\n` +
        `${'measure'.padEnd(24)}${'per second'.padStart(11)}${'÷ heartbeat'.padStart(12)}` +
        `${'broker CPU'.padStart(14)}${'÷ heartbeat'.padStart(12)}${'client CPU'.padStart(14)}${'postgres CPU'.padStart(14)}\n` +
        row('heartbeat', beats) +
        row('publish + read + verify', steps) +
        '(CPU in ms per completion; postgres: every local process named postgres)\n',
    );
  } finally {
    child.disconnect();
    await broker.close();
    await drop();
  }
}

await main();
