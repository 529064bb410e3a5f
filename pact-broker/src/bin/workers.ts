// `accord-broker --workers N`: the primary process forks N broker processes (node:cluster) that share one port
// and one PostgreSQL database, prints the one "listening" line once all of them listen, replaces a worker that
// dies, and stops them all on SIGINT/SIGTERM. Webhook deliveries are claimed with row locks and leases, and the
// optional clean takes an advisory lock, so any number of processes may run them.

import cluster, { type Worker } from 'node:cluster';
import type { BrokerConfig } from '../config.js';
import type { Log } from '../deps.js';

/** What a worker tells the primary once its server listens. */
export interface WorkerListening {
  accordBrokerListening: string;
}

function isListening(message: unknown): message is WorkerListening {
  return typeof (message as WorkerListening)?.accordBrokerListening === 'string';
}

export async function runPrimary(
  config: BrokerConfig,
  log: Log,
  fail: (line: string, code: number) => never,
): Promise<void> {
  let stopping = false;
  let started = false;
  const fork = (index: number): Worker =>
    // Example data is seeded by the first worker only, so two empty-database checks never race.
    cluster.fork({
      ACCORD_BROKER_WORKER_INDEX: String(index),
      ...(index > 0 ? { PACT_BROKER_SEED_EXAMPLE_DATA: 'false' } : {}),
    });
  const workers = new Map<Worker, number>();
  const urls = await Promise.all(
    Array.from({ length: config.workers }, (_, index) => {
      const worker = fork(index);
      workers.set(worker, index);
      return new Promise<string>((resolve) => {
        worker.on('message', (m: unknown) => {
          if (isListening(m)) resolve(m.accordBrokerListening);
        });
        worker.once('exit', (code) => {
          // The worker printed why; the others are stopped so the start fails as a whole.
          if (!started) {
            for (const w of workers.keys()) w.process.kill('SIGKILL');
            fail(`worker ${index} exited with ${code} during start`, 1);
          }
        });
      });
    }),
  );
  started = true;
  cluster.on('exit', (worker, code, signal) => {
    const index = workers.get(worker);
    workers.delete(worker);
    if (stopping || index === undefined) return;
    log('warn', `worker ${index} exited (${signal ?? code}); starting another`);
    workers.set(fork(index), index);
  });
  const stop = (signal: string) => {
    if (stopping) {
      for (const w of workers.keys()) w.process.kill('SIGKILL');
      fail(`${signal} received again, exiting without waiting for the workers`, 1);
    }
    stopping = true;
    log('info', `${signal} received, stopping ${workers.size} workers`);
    const exits = [...workers.keys()].map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.isDead()) resolve();
          else w.once('exit', () => resolve());
          w.process.kill('SIGTERM');
        }),
    );
    Promise.all(exits).then(() => {
      process.stdout.write('accord-broker stopped\n');
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.stdout.write(
    `accord-broker listening on ${urls[0]} (storage: postgresql, ${config.workers} workers)\n`,
  );
}
