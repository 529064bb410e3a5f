// Consumes OrderPlaced from an embedded in-process bus (orders-service's embedded transport, or any bus of this shape).
import type { Disposition, HandleResult, OrderPlacedHandler } from './handler.js';

/** The part of an in-process bus this consumer uses; orders-service's createEmbeddedTransport() has it. */
export interface EmbeddedBus {
  subscribe(
    queue: string,
    bindingKey: string,
    handler: (delivery: { body: Uint8Array; messageId: string; routingKey: string }) => Promise<Disposition>,
  ): () => void;
}

export interface EmbeddedConsumerOptions {
  queue?: string;
  bindingKey?: string;
  onResult?: (result: HandleResult, delivery: { messageId: string; routingKey: string }) => void;
}

export const DEFAULT_QUEUE = 'shipping-service.order-placed';
/** Every OrderPlaced version: the tolerant reader reads older and newer ones as v2. */
export const DEFAULT_BINDING_KEY = 'OrderPlaced.*';

export function consumeEmbedded(
  bus: EmbeddedBus,
  handler: OrderPlacedHandler,
  options: EmbeddedConsumerOptions = {},
) {
  return bus.subscribe(
    options.queue ?? DEFAULT_QUEUE,
    options.bindingKey ?? DEFAULT_BINDING_KEY,
    async (delivery) => {
      const result = await handler.handle(delivery.body);
      options.onResult?.(result, delivery);
      return result.disposition;
    },
  );
}
