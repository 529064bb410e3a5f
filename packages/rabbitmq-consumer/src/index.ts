// Consumes one RabbitMQ queue with a dead-letter queue beside it, acknowledging only after the handler is done.
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';

/** What the handler decided: done, try again later, or park it for a person (it will never be readable). */
export type Disposition = 'ack' | 'requeue' | 'dead-letter';

export interface QueueConsumerOptions {
  /** The producer's topic exchange (declared durable if missing). */
  exchange: string;
  queue: string;
  bindingKeys: readonly string[];
  /** Unacknowledged messages in flight (default 10). */
  prefetch?: number;
  /** Wait before requeueing a message whose handling failed, so a down dependency is not hammered (default 1000 ms). */
  retryDelayMs?: number;
}

export interface QueueConsumer {
  readonly queue: string;
  /** Where dead-lettered messages go: `<queue>.dead-letter`, through the fanout exchange `<queue>.dlx`. */
  readonly deadLetterQueue: string;
  readonly deadLetterExchange: string;
  /** Stops consuming and closes the connection; unacknowledged messages return to the queue. */
  close(): Promise<void>;
}

/**
 * Declares `<queue>` (durable, bound to `exchange` with every binding key) dead-lettering to `<queue>.dlx` →
 * `<queue>.dead-letter`, and consumes it on a new channel of `connection`, which the consumer then owns.
 */
export async function consumeQueue(
  connection: ChannelModel,
  options: QueueConsumerOptions,
  handle: (message: ConsumeMessage) => Promise<Disposition>,
): Promise<QueueConsumer> {
  const { queue } = options;
  const deadLetterExchange = `${queue}.dlx`;
  const deadLetterQueue = `${queue}.dead-letter`;
  const channel: Channel = await connection.createChannel();
  await channel.assertExchange(options.exchange, 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(deadLetterQueue, { durable: true });
  await channel.bindQueue(deadLetterQueue, deadLetterExchange, '');
  // A rejected (nack, requeue=false) message goes to the DLX with RabbitMQ's x-death header saying where from.
  await channel.assertQueue(queue, { durable: true, deadLetterExchange });
  for (const key of options.bindingKeys) await channel.bindQueue(queue, options.exchange, key);
  await channel.prefetch(options.prefetch ?? 10);

  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  const { consumerTag } = await channel.consume(queue, (message) => {
    if (message === null) return;
    void handle(message).then((disposition) => {
      if (closing) return;
      // Acknowledge only after handling: a crash before this line means redelivery, never loss.
      if (disposition === 'ack') channel.ack(message);
      else if (disposition === 'dead-letter') channel.nack(message, false, false);
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
    deadLetterExchange,
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      await channel.cancel(consumerTag).catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}
