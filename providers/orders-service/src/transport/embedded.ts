// The embedded in-process transport: a topic exchange with named queues, redelivery and a dead-letter list, no broker needed.
import { topicMatches } from './topic.js';
import type { OutgoingMessage, Transport } from './transport.js';

/** What a handler tells the queue to do with a delivery, like ack / nack(requeue) / nack(dead-letter) in AMQP. */
export type Disposition = 'ack' | 'requeue' | 'dead-letter';

export interface Delivery extends OutgoingMessage {
  queue: string;
  /** 1 on first delivery. */
  deliveryCount: number;
  redelivered: boolean;
}

export interface DeadLetter {
  queue: string;
  delivery: Delivery;
  reason: string;
  at: Date;
}

export type DeliveryHandler = (delivery: Delivery) => Promise<Disposition> | Disposition;

export interface EmbeddedTransportOptions {
  /** Deliveries per message before it is dead-lettered when the handler keeps failing (default 5). */
  maxDeliveries?: number;
  /** Called when a handler throws (the message is requeued); default: ignore. */
  onHandlerError?: (error: unknown, delivery: Delivery) => void;
}

export interface EmbeddedTransport extends Transport {
  readonly kind: 'embedded';
  /**
   * Declares `queue` bound to `bindingKey` (e.g. "OrderPlaced.*"; several keys bind it several times, as
   * repeated queue.bind calls do in AMQP) and consumes it one message at a time.
   * Messages published before a queue exists are not routed to it (as with an unbound AMQP queue).
   * Returns a function that stops consuming (the queue keeps buffering).
   */
  subscribe(queue: string, bindingKey: string | readonly string[], handler: DeliveryHandler): () => void;
  /** Dead-lettered deliveries, optionally of one queue, oldest first. */
  deadLetters(queue?: string): DeadLetter[];
  /** Every message accepted by publish, oldest first. */
  published(): OutgoingMessage[];
  /** Resolves once every queue with a consumer is empty and no handler is running. */
  idle(): Promise<void>;
}

interface Queue {
  name: string;
  bindingKeys: readonly string[];
  messages: Array<{ message: OutgoingMessage; deliveryCount: number }>;
  handler: DeliveryHandler | undefined;
  running: boolean;
}

export function createEmbeddedTransport(options: EmbeddedTransportOptions = {}): EmbeddedTransport {
  const maxDeliveries = options.maxDeliveries ?? 5;
  const queues = new Map<string, Queue>();
  const deadLetters: DeadLetter[] = [];
  const published: OutgoingMessage[] = [];
  let waiters: Array<() => void> = [];
  let closed = false;

  const isIdle = () =>
    [...queues.values()].every(
      (q) => q.running === false && (q.handler === undefined || q.messages.length === 0),
    );
  const notifyIdle = () => {
    if (!isIdle()) return;
    const pending = waiters;
    waiters = [];
    for (const resolve of pending) resolve();
  };

  const pump = (queue: Queue) => {
    if (queue.running || queue.handler === undefined || closed) return notifyIdle();
    const next = queue.messages.shift();
    if (next === undefined) return notifyIdle();
    queue.running = true;
    const handler = queue.handler;
    next.deliveryCount += 1;
    const delivery: Delivery = {
      ...next.message,
      queue: queue.name,
      deliveryCount: next.deliveryCount,
      redelivered: next.deliveryCount > 1,
    };
    // Deliveries are asynchronous, as from a broker: publish never runs consumer code on its own stack.
    setImmediate(async () => {
      let disposition: Disposition;
      let reason = 'rejected by consumer';
      try {
        disposition = await handler(delivery);
      } catch (error) {
        options.onHandlerError?.(error, delivery);
        disposition = 'requeue';
        reason = `handler failed: ${(error as Error)?.message ?? String(error)}`;
      }
      if (disposition === 'requeue') {
        if (next.deliveryCount >= maxDeliveries) {
          deadLetters.push({
            queue: queue.name,
            delivery,
            reason: `delivery limit ${maxDeliveries} reached (${reason})`,
            at: new Date(),
          });
        } else {
          queue.messages.push(next);
        }
      } else if (disposition === 'dead-letter') {
        deadLetters.push({ queue: queue.name, delivery, reason, at: new Date() });
      }
      queue.running = false;
      pump(queue);
    });
  };

  return {
    kind: 'embedded',
    async publish(message) {
      if (closed) throw new Error('embedded transport is closed');
      // The body is copied so a caller reusing its buffer cannot change a queued message.
      const copy = { ...message, body: new Uint8Array(message.body) };
      published.push(copy);
      for (const queue of queues.values()) {
        if (queue.bindingKeys.some((key) => topicMatches(key, message.routingKey))) {
          queue.messages.push({ message: copy, deliveryCount: 0 });
          pump(queue);
        }
      }
    },
    subscribe(name, bindingKey, handler) {
      const bindingKeys = typeof bindingKey === 'string' ? [bindingKey] : [...bindingKey];
      let queue = queues.get(name);
      if (queue === undefined) {
        queue = { name, bindingKeys, messages: [], handler: undefined, running: false };
        queues.set(name, queue);
      }
      queue.bindingKeys = bindingKeys;
      queue.handler = handler;
      const q = queue;
      pump(q);
      return () => {
        if (q.handler === handler) q.handler = undefined;
        notifyIdle();
      };
    },
    deadLetters(queue) {
      return deadLetters.filter((d) => queue === undefined || d.queue === queue);
    },
    published() {
      return [...published];
    },
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      closed = true;
      for (const queue of queues.values()) queue.handler = undefined;
      notifyIdle();
    },
  };
}
