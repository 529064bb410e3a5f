#!/usr/bin/env node
// `analytics-service` entry point: consumes OrderPlaced from RabbitMQ (AMQP_URL) and logs the running report; stops on SIGINT/SIGTERM.
import { envValue, helpSection, parseFlagsOrExit } from '@accord/args';
import { isReadError } from '@accord/tolerant-reader';
import { createOrderAnalytics } from '../analytics.js';
import { AnalyticsError } from '../errors.js';
import { consumeRabbitMq, DEFAULT_QUEUE } from '../transports.js';

const HELP = `Usage: analytics-service

${helpSection('Environment', [
  ['AMQP_URL', 'RabbitMQ URL (required)'],
  ['ORDERS_EXCHANGE', 'topic exchange orders-service publishes to (default orders.events)'],
  ['ANALYTICS_QUEUE', `queue name (default ${DEFAULT_QUEUE}; dead letters in <queue>.dead-letter)`],
])}`;

const log = (entry: Record<string, unknown>) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), service: 'analytics-service', ...entry })}\n`,
  );

async function main(): Promise<void> {
  // Configured by the environment alone: the only flag is --help.
  parseFlagsOrExit(process.argv.slice(2), {}, { name: 'analytics-service', usage: HELP });
  const url = envValue(process.env, 'AMQP_URL');
  if (!url) throw new AnalyticsError('INVALID_CONFIG', 'AMQP_URL is required');
  const analytics = createOrderAnalytics();
  const consumer = await consumeRabbitMq(analytics, {
    url,
    exchange: envValue(process.env, 'ORDERS_EXCHANGE') ?? 'orders.events',
    queue: envValue(process.env, 'ANALYTICS_QUEUE') ?? DEFAULT_QUEUE,
    onResult: (result) =>
      log({
        event: result.outcome,
        ...(result.outcome === 'counted'
          ? { producerVersion: result.producerVersion, report: analytics.report() }
          : {}),
        ...('error' in result
          ? { error: isReadError(result.error) ? result.error.toJSON() : String(result.error) }
          : {}),
      }),
  });
  log({ event: 'started', queue: consumer.queue, deadLetterQueue: consumer.deadLetterQueue });
  const stop = (signal: string) => {
    log({ event: 'stopping', signal, report: analytics.report() });
    void consumer.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`analytics-service: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(error instanceof AnalyticsError && error.code === 'INVALID_CONFIG' ? 2 : 1);
});
