// Throughput of the step (publish a pact, read it, publish a verification) by BENCH_CLIENTS clients.
// The clients run in a child process (clients.ts), so this process's CPU time is the broker's own; the clients'
// CPU and, on a local PostgreSQL, the server's are reported beside it.
import { fork } from 'node:child_process';
import { createBroker } from '../../src/app.js';
import { chooseWasmTier } from '../../src/bin/wasm-tier.js';
import { defaultConfig } from '../../src/config.js';
import { benchDatabase } from '../database.js';
import type { ClientsResult, ClientsTask } from './clients.js';
import { localDatabase, postgresCpuBetween, postgresCpuSeconds } from './postgres-cpu.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
// Long enough for V8 to finish optimising the hot paths: after 1 s its compiler thread still took a sixth of the
// broker's CPU during the measured seconds (perf).
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);

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
  /** The PostgreSQL database on this machine, whose backends' CPU is counted. */
  local: string | undefined,
): Promise<Measured> {
  const pgBefore = local ? await postgresCpuSeconds(undefined, local) : undefined;
  const cpu = process.cpuUsage();
  const r = await runClients({ url, what, clients: CLIENTS, seconds, firstVersion: nextVersion });
  const used = process.cpuUsage(cpu);
  const pgAfter = local ? await postgresCpuSeconds(undefined, local) : undefined;
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
  const local = localDatabase(databaseUrl);
  const broker = await createBroker(defaultConfig({ databaseUrl }), { log: () => {} });
  try {
    const url = broker.url;
    await rate(url, 'step', WARMUP_SECONDS, undefined); // warm-up: creates the pacticipants, compiles the hot paths
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
        "(CPU in ms per completion; postgres: the local server's processes but other databases' backends)\n",
    );
  } finally {
    child.disconnect();
    await broker.close();
    await drop();
  }
}

await main();
