#!/usr/bin/env node
// The accord-broker command: parse flags/env, open storage, start the broker and print its URL; one line and exit 1
// when it cannot start, "accord-broker stopped" and exit 0 after SIGINT/SIGTERM.

import cluster from 'node:cluster';
import { type Broker, consoleLog, createBroker } from '../app.js';
import { type BrokerConfig, parseConfig, usage } from '../config.js';
import { type MigratableDb, openStorage } from '../db/index.js';
import { cleanCommand } from '../retention/command.js';
import { startupErrorLine } from './startup-error.js';
import { chooseWasmTier } from './wasm-tier.js';
import { runPrimary } from './workers.js';

/** How long a failed start waits for the database to close before exiting anyway. */
const CLOSE_ON_FAILURE_MS = 5_000;

function fail(line: string, code: number): never {
  process.stderr.write(`accord-broker: ${line}\n`);
  process.exit(code);
}

async function start(
  config: BrokerConfig,
  log: ReturnType<typeof consoleLog>,
): Promise<{ broker: Broker; folder: string | undefined }> {
  let db: MigratableDb | undefined;
  chooseWasmTier(config.databaseUrl);
  try {
    // Opened here rather than inside createBroker so that a failure after it (the port is taken) can still
    // close the database and free the data folder for the next start.
    db = await openStorage({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.poolSize,
      // The command's "in memory" is a folder deleted on exit: the same lifetime, some 170 MiB less resident.
      throwaway: true,
    });
    const broker = await createBroker(config, { log, db });
    // Whoever finds the data folder taken learns where this broker answers.
    await db.dataDirLock?.update({ url: broker.url });
    return { broker, folder: db.dataDirLock?.dataDir };
  } catch (err) {
    if (db !== undefined) {
      const timer = new Promise((resolve) => setTimeout(resolve, CLOSE_ON_FAILURE_MS).unref());
      await Promise.race([db.close().catch(() => {}), timer]);
    }
    if (config.logLevel === 'debug' && err instanceof Error && err.stack)
      process.stderr.write(`${err.stack}\n`);
    fail(startupErrorLine(err, config), 1);
  }
}

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (err) {
    fail((err as Error).message, 2);
  }
  if (config === 'help') {
    process.stdout.write(usage);
    return;
  }
  const log = consoleLog(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config, log, fail);
  let broker: Broker | undefined;
  let stopping: string | undefined;
  const shutdown = (b: Broker, signal: string) => {
    log('info', `${signal} received, shutting down`);
    b.close().then(
      () => {
        if (cluster.isPrimary) process.stdout.write('accord-broker stopped\n');
        process.exit(0);
      },
      (err: unknown) => fail(`shutdown failed: ${firstLine(err)}`, 1),
    );
  };
  const onSignal = (signal: string) => {
    if (stopping !== undefined) {
      // A worker hears Ctrl-C and then its primary's SIGTERM: one stop, already under way.
      if (cluster.isWorker) return;
      // A second Ctrl-C means "now": skip the grace period for open connections.
      fail(`${signal} received again, exiting without waiting for the shutdown to finish`, 1);
    }
    stopping = signal;
    // Before the broker is up, the stop waits for it: start-up is not cut off half-way through a migration.
    if (broker !== undefined) shutdown(broker, signal);
  };
  // Installed before the "listening" line: whoever reads that line may signal at once.
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  // A worker whose primary is gone stops too.
  if (cluster.isWorker) process.on('disconnect', () => onSignal('disconnect'));
  const started = await start(config, log);
  broker = started.broker;
  if (cluster.isWorker) {
    process.send?.({ accordBrokerListening: broker.url });
    if (stopping !== undefined) shutdown(broker, stopping);
    return;
  }
  const storage = config.databaseUrl
    ? 'postgresql'
    : config.dataDir
      ? `pglite ${config.dataDir}`
      : `pglite, throwaway folder ${started.folder} (deleted on exit)`;
  // The one line tools wait for: it carries the real port, also with --port 0.
  process.stdout.write(`accord-broker listening on ${broker.url} (storage: ${storage})\n`);
  if (stopping !== undefined) shutdown(broker, stopping);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
}

if (process.argv[2] === 'clean') {
  cleanCommand(process.argv.slice(3), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => fail(`clean failed: ${firstLine(err)}`, 1),
  );
} else {
  main().catch((err: unknown) => fail(`failed to start: ${firstLine(err)}`, 1));
}
