// Builds the events orders-service publishes from an order; the outbox stores exactly what these return.
import { createEvent, type OrderCancelledV1, type OrderPlacedV2, type OrderV1 } from '@accord/contracts';
import type { Channel } from './repository.js';

export interface EventMeta {
  source: string;
  id?: string;
  time?: string;
}

/** Topic routing keys are `<Contract>.v<version>`, so a consumer binds `OrderPlaced.*` and reads every version. */
export function routingKeyFor(type: string, version: number): string {
  return `${type}.v${version}`;
}

/** OrderPlaced v2 (the current version) for a freshly placed order; validated against the artifact. */
export function buildOrderPlacedEvent(order: OrderV1, channel: Channel, meta: EventMeta): OrderPlacedV2 {
  return createEvent(
    'OrderPlaced',
    2,
    {
      orderId: order.id,
      customerId: order.customerId,
      items: order.items.map((item) => ({
        sku: item.sku,
        quantity: item.quantity,
        unitPrice: item.unitPrice,
      })),
      total: order.total,
      placedAt: order.createdAt,
      channel,
      couponCodes: [],
    },
    { source: meta.source, ...(meta.id ? { id: meta.id } : {}), time: meta.time ?? order.createdAt },
  );
}

/** OrderCancelled v1 for an order that has just been cancelled. */
export function buildOrderCancelledEvent(order: OrderV1, meta: EventMeta): OrderCancelledV1 {
  const cancellation = order.cancellation;
  if (cancellation === undefined) throw new TypeError(`order ${order.id} is not cancelled`);
  return createEvent(
    'OrderCancelled',
    1,
    {
      orderId: order.id,
      customerId: order.customerId,
      reason: cancellation.reason,
      ...(cancellation.comment === undefined ? {} : { comment: cancellation.comment }),
      cancelledAt: cancellation.cancelledAt,
    },
    { source: meta.source, ...(meta.id ? { id: meta.id } : {}), time: meta.time ?? cancellation.cancelledAt },
  );
}
