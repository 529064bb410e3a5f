#!/usr/bin/env node
// The accord-broker command: parse flags/env, start the broker, print its URL, shut down cleanly on SIGINT/SIGTERM.

import { consoleLog, createBroker } from '../app.js';
import { parseConfig, usage } from '../config.js';
import { BrokerError } from '../errors.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`accord-broker: ${(err as Error).message}\n`);
    process.exit(2);
  }
  if (config === 'help') {
    process.stdout.write(usage);
    return;
  }
  const log = consoleLog(config.logLevel);
  const broker = await createBroker(config, { log });
  const storage = config.databaseUrl
    ? 'postgresql'
    : config.dataDir
      ? `pglite ${config.dataDir}`
      : 'pglite in memory (data is lost on exit)';
  // The one line tools wait for: it carries the real port, also with --port 0.
  process.stdout.write(`accord-broker listening on ${broker.url} (storage: ${storage})\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal} received, shutting down`);
    broker.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log('error', `shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const message = err instanceof BrokerError ? err.message : ((err as Error)?.stack ?? String(err));
  process.stderr.write(`accord-broker: failed to start: ${message}\n`);
  process.exit(1);
});
