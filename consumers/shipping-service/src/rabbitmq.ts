// Consumes OrderPlaced and OrderCancelled from RabbitMQ: a durable queue bound to the orders topic exchange, with a dead-letter exchange and queue.
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { DEFAULT_BINDING_KEYS } from './embedded.js';
import { ShippingError } from './errors.js';
import type { HandleResult, OrderEventsHandler } from './handler.js';

export interface RabbitMqConsumerOptions {
  url: string;
  /** The producer's topic exchange (declared durable if missing). */
  exchange: string;
  queue: string;
  bindingKeys?: readonly string[];
  /** Unacknowledged messages in flight (default 10). */
  prefetch?: number;
  /** Wait before requeueing a message whose handling failed, so a down database is not hammered (default 1000 ms). */
  retryDelayMs?: number;
  onResult?: (result: HandleResult, message: ConsumeMessage) => void;
}

export interface RabbitMqConsumer {
  /** Where unreadable messages go: `<queue>.dead-letter`, through the fanout exchange `<queue>.dlx`. */
  readonly deadLetterQueue: string;
  readonly deadLetterExchange: string;
  close(): Promise<void>;
}

export async function consumeRabbitMq(
  handler: OrderEventsHandler,
  options: RabbitMqConsumerOptions,
): Promise<RabbitMqConsumer> {
  const deadLetterExchange = `${options.queue}.dlx`;
  const deadLetterQueue = `${options.queue}.dead-letter`;
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(options.url, {
      clientProperties: { connection_name: 'shipping-service' },
    });
  } catch (cause) {
    throw new ShippingError('TRANSPORT_UNAVAILABLE', `cannot reach RabbitMQ: ${(cause as Error).message}`, {
      cause,
    });
  }
  const channel: Channel = await connection.createChannel();
  await channel.assertExchange(options.exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(deadLetterQueue, { durable: true });
  await channel.bindQueue(deadLetterQueue, deadLetterExchange, '');
  // A rejected (nack, requeue=false) message goes to the DLX with RabbitMQ's x-death header saying where from.
  await channel.assertQueue(options.queue, { durable: true, deadLetterExchange });
  for (const key of options.bindingKeys ?? DEFAULT_BINDING_KEYS)
    await channel.bindQueue(options.queue, options.exchange, key);
  await channel.prefetch(options.prefetch ?? 10);

  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  const { consumerTag } = await channel.consume(options.queue, (message) => {
    if (message === null) return;
    void handler.handle(message.content).then((result) => {
      options.onResult?.(result, message);
      if (closing) return;
      // Acknowledge only after the shipment is stored: a crash before this line means redelivery, never loss.
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
    deadLetterQueue,
    deadLetterExchange,
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      // Unacknowledged messages return to the queue when the channel closes.
      await channel.cancel(consumerTag).catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}
