// Consumes OrderPlaced and OrderCancelled from RabbitMQ: a durable queue bound to the orders topic exchange, with a dead-letter exchange and queue.
import { consumeQueue, type QueueConsumer } from '@accord/rabbitmq-consumer';
import amqp, { type ChannelModel, type ConsumeMessage } from 'amqplib';
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

/** The running consumer: its queue, where unreadable messages go (`<queue>.dead-letter`) and `close()`. */
export type RabbitMqConsumer = QueueConsumer;

export async function consumeRabbitMq(
  handler: OrderEventsHandler,
  options: RabbitMqConsumerOptions,
): Promise<RabbitMqConsumer> {
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
  // Acknowledged only after the shipment is stored (see consumeQueue): a crash means redelivery, never loss.
  return consumeQueue(
    connection,
    { ...options, bindingKeys: options.bindingKeys ?? DEFAULT_BINDING_KEYS },
    async (message) => {
      const result = await handler.handle(message.content);
      options.onResult?.(result, message);
      return result.disposition;
    },
  );
}
