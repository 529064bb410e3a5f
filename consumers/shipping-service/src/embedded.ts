// Consumes OrderPlaced and OrderCancelled from an embedded in-process bus (orders-service's embedded transport, or any bus of this shape).
import type { Disposition, HandleResult, OrderEventsHandler } from './handler.js';

/** The part of an in-process bus this consumer uses; orders-service's createEmbeddedTransport() has it. */
export interface EmbeddedBus {
  subscribe(
    queue: string,
    bindingKey: string | readonly string[],
    handler: (delivery: { body: Uint8Array; messageId: string; routingKey: string }) => Promise<Disposition>,
  ): () => void;
}

export interface EmbeddedConsumerOptions {
  queue?: string;
  bindingKeys?: readonly string[];
  onResult?: (result: HandleResult, delivery: { messageId: string; routingKey: string }) => void;
}

const DEFAULT_QUEUE = 'shipping-service.order-placed';
/** Every version of both events: the tolerant reader reads older and newer ones as the versions in READS. */
export const DEFAULT_BINDING_KEYS: readonly string[] = ['OrderPlaced.*', 'OrderCancelled.*'];

export function consumeEmbedded(
  bus: EmbeddedBus,
  handler: OrderEventsHandler,
  options: EmbeddedConsumerOptions = {},
) {
  return bus.subscribe(
    options.queue ?? DEFAULT_QUEUE,
    options.bindingKeys ?? DEFAULT_BINDING_KEYS,
    async (delivery) => {
      const result = await handler.handle(delivery.body);
      options.onResult?.(result, delivery);
      return result.disposition;
    },
  );
}
