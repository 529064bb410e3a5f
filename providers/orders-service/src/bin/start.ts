#!/usr/bin/env node
// `orders-service` entry point: reads the environment once, starts the service, stops cleanly on SIGINT/SIGTERM.
import { parseFlagsOrExit } from '@accord/args';
import { configFromEnv, ENV_HELP } from '../config.js';
import { isOrdersServiceError } from '../errors.js';
import { createOrdersService } from '../service.js';

async function main(): Promise<void> {
  // Configured by the environment alone: the only flag is --help.
  parseFlagsOrExit(
    process.argv.slice(2),
    {},
    { name: 'orders-service', usage: `Usage: orders-service\n\n${ENV_HELP}` },
  );
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
  // Exit 2 for configuration errors (fix the environment), 1 for anything else.
  process.exit(isOrdersServiceError(error) && error.code === 'INVALID_CONFIG' ? 2 : 1);
});
