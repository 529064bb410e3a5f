#!/usr/bin/env node
// `shipping-service` entry point: reads the environment once, consumes OrderPlaced/OrderCancelled from RabbitMQ, stops cleanly on SIGINT/SIGTERM.
import { parseFlagsOrExit } from '@accord/args';
import { isReadError } from '@accord/tolerant-reader';
import { configFromEnv, ENV_HELP } from '../config.js';
import { ShippingError } from '../errors.js';
import { createShippingService } from '../service.js';

const log = (entry: Record<string, unknown>) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), service: 'shipping-service', ...entry })}\n`,
  );

async function main(): Promise<void> {
  // Configured by the environment alone: the only flag is --help.
  parseFlagsOrExit(
    process.argv.slice(2),
    {},
    { name: 'shipping-service', usage: `Usage: shipping-service\n\n${ENV_HELP}` },
  );
  const config = configFromEnv(process.env);
  const service = await createShippingService(config, {
    onResult: (result) =>
      log({
        event: result.outcome,
        ...('shipment' in result ? { orderId: result.shipment?.orderId } : {}),
        ...('orderId' in result ? { orderId: result.orderId, result: result.result } : {}),
        ...('error' in result
          ? { error: isReadError(result.error) ? result.error.toJSON() : String(result.error) }
          : {}),
      }),
  });
  log({
    event: 'started',
    queue: config.queue,
    deadLetterQueue: service.deadLetterQueue,
    store: config.databaseUrl ? 'postgres' : 'memory',
  });
  const stop = (signal: string) => {
    log({ event: 'stopping', signal });
    void service.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`shipping-service: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(error instanceof ShippingError && error.code === 'INVALID_CONFIG' ? 2 : 1);
});
