// Feeds OrderPlaced messages to the analytics: from an embedded in-process bus, or from RabbitMQ with a dead-letter queue.
import amqp, { type ChannelModel } from 'amqplib';
import type { Disposition, HandleResult, OrderAnalytics } from './analytics.js';
import { AnalyticsError } from './errors.js';

export const DEFAULT_QUEUE = 'analytics-service.order-placed';
/** Every OrderPlaced version: the v1 reader reads newer versions too. */
export const DEFAULT_BINDING_KEY = 'OrderPlaced.*';

/** The part of an in-process bus used here; orders-service's createEmbeddedTransport() has it. */
export interface EmbeddedBus {
  subscribe(
    queue: string,
    bindingKey: string,
    handler: (delivery: { body: Uint8Array; messageId: string; routingKey: string }) => Promise<Disposition>,
  ): () => void;
}

export function consumeEmbedded(
  bus: EmbeddedBus,
  analytics: OrderAnalytics,
  options: { queue?: string; onResult?: (result: HandleResult) => void } = {},
): () => void {
  return bus.subscribe(options.queue ?? DEFAULT_QUEUE, DEFAULT_BINDING_KEY, async (delivery) => {
    const result = await analytics.handle(delivery.body);
    options.onResult?.(result);
    return result.disposition;
  });
}

export interface RabbitMqOptions {
  url: string;
  exchange: string;
  queue?: string;
  retryDelayMs?: number;
  onResult?: (result: HandleResult) => void;
}

/** Declares `<queue>` (bound to OrderPlaced.*) with dead-lettering to `<queue>.dlx` → `<queue>.dead-letter`, and consumes it. */
export async function consumeRabbitMq(analytics: OrderAnalytics, options: RabbitMqOptions) {
  const queue = options.queue ?? DEFAULT_QUEUE;
  const deadLetterExchange = `${queue}.dlx`;
  const deadLetterQueue = `${queue}.dead-letter`;
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(options.url, {
      clientProperties: { connection_name: 'analytics-service' },
    });
  } catch (cause) {
    throw new AnalyticsError('TRANSPORT_UNAVAILABLE', `cannot reach RabbitMQ: ${(cause as Error).message}`, {
      cause,
    });
  }
  const channel = await connection.createChannel();
  await channel.assertExchange(options.exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(deadLetterQueue, { durable: true });
  await channel.bindQueue(deadLetterQueue, deadLetterExchange, '');
  await channel.assertQueue(queue, { durable: true, deadLetterExchange });
  await channel.bindQueue(queue, options.exchange, DEFAULT_BINDING_KEY);
  await channel.prefetch(10);
  let closing = false;
  const timers = new Set<NodeJS.Timeout>();
  const { consumerTag } = await channel.consume(queue, (message) => {
    if (message === null) return;
    void analytics.handle(message.content).then((result) => {
      options.onResult?.(result);
      if (closing) return;
      // Acknowledged only after counting: a crash before this means a redelivery, which the ledger dedupes.
      if (result.disposition === 'ack') channel.ack(message);
      else if (result.disposition === 'dead-letter') channel.nack(message, false, false);
      else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!closing) channel.nack(message, false, true);
        }, options.retryDelayMs ?? 1000);
        timers.add(timer);
      }
    });
  });
  return {
    queue,
    deadLetterQueue,
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      await channel.cancel(consumerTag).catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}
