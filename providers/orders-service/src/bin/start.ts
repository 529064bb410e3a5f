#!/usr/bin/env node
// `orders-service` entry point: reads the environment once, starts the service, stops cleanly on SIGINT/SIGTERM.
import { ArgsError, parseFlags } from '@accord/args';
import { configFromEnv, ENV_HELP } from '../config.js';
import { isOrdersServiceError } from '../errors.js';
import { createOrdersService } from '../service.js';

async function main(): Promise<void> {
  // Configured by the environment alone: the only flag is --help.
  if (parseFlags(process.argv.slice(2), {}).help) {
    process.stdout.write(`Usage: orders-service\n\n${ENV_HELP}\n`);
    return;
  }
  const config = configFromEnv(process.env);
  const log = (entry: Record<string, unknown>) =>
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), service: 'orders-service', ...entry })}\n`,
    );
  const service = await createOrdersService(config, { log });
  log({
    event: 'started',
    url: service.url,
    database: service.db.kind,
    transport: service.transport.kind,
    exchange: service.transport.kind === 'rabbitmq' ? config.exchange : undefined,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log({ event: 'stopping', signal });
    void service.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`orders-service: ${(error as Error)?.message ?? String(error)}\n`);
  // Exit 2 for configuration and usage errors (fix the environment or the command line), 1 for anything else.
  const usage =
    (isOrdersServiceError(error) && error.code === 'INVALID_CONFIG') || error instanceof ArgsError;
  process.exit(usage ? 2 : 1);
});
