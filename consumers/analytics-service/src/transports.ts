// Feeds OrderPlaced messages to the analytics: from an embedded in-process bus, or from RabbitMQ with a dead-letter queue.
import { consumeQueue, type QueueConsumer } from '@accord/rabbitmq-consumer';
import amqp, { type ChannelModel } from 'amqplib';
import type { Disposition, HandleResult, OrderAnalytics } from './analytics.js';
import { AnalyticsError } from './errors.js';

export const DEFAULT_QUEUE = 'analytics-service.order-placed';
/** Every OrderPlaced version: the v1 reader reads newer versions too. */
const DEFAULT_BINDING_KEY = 'OrderPlaced.*';

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
export async function consumeRabbitMq(
  analytics: OrderAnalytics,
  options: RabbitMqOptions,
): Promise<QueueConsumer> {
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
  // Acknowledged only after counting (see consumeQueue): a redelivery after a crash is deduped by the ledger.
  return consumeQueue(
    connection,
    {
      exchange: options.exchange,
      queue: options.queue ?? DEFAULT_QUEUE,
      bindingKeys: [DEFAULT_BINDING_KEY],
      retryDelayMs: options.retryDelayMs,
    },
    async (message) => {
      const result = await analytics.handle(message.content);
      options.onResult?.(result);
      return result.disposition;
    },
  );
}
