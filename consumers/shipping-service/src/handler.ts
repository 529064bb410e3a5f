// Handles one OrderPlaced message: reads it tolerantly as v2, creates the shipment once per event, and says what to do with the delivery.
import { randomUUID } from 'node:crypto';
import type { OrderPlacedV2 } from '@accord/contracts';
import {
  createReader,
  type IdempotencyStore,
  isReadError,
  processOnce,
  type ReadError,
  type Reader,
} from '@accord/tolerant-reader';
import type { Shipment, ShipmentRepository } from './shipments.js';

export const CONSUMER_NAME = 'shipping-service';

/** What the transport adapter does with the delivery: ack, requeue (try again later) or dead-letter. */
export type Disposition = 'ack' | 'requeue' | 'dead-letter';

export type HandleResult =
  | { disposition: 'ack'; outcome: 'shipment-created'; shipment: Shipment }
  /** Processed before (a redelivery or a re-published outbox row): nothing to do. */
  | { disposition: 'ack'; outcome: 'duplicate' }
  /** Another worker holds this message right now. */
  | { disposition: 'requeue'; outcome: 'in-progress' }
  /** The message can never be read as OrderPlaced v2; `error.code` says why. */
  | { disposition: 'dead-letter'; outcome: 'unreadable'; error: ReadError }
  /** Handling failed for a reason that may pass (database down): retry. */
  | { disposition: 'requeue'; outcome: 'failed'; error: unknown };

export interface OrderPlacedHandlerOptions {
  store: IdempotencyStore;
  shipments: ShipmentRepository;
  /** Idempotency ledger key; default "shipping-service". */
  consumerName?: string;
  /** Lease on a message while it is handled (default 60 s). */
  leaseMs?: number;
}

export interface OrderPlacedHandler {
  /** Handles a message body (bytes, string or parsed JSON). Never throws: the result says what to do. */
  handle(body: unknown): Promise<HandleResult>;
}

let reader: Reader<OrderPlacedV2> | undefined;

export function createOrderPlacedHandler(options: OrderPlacedHandlerOptions): OrderPlacedHandler {
  reader ??= createReader({ contract: 'OrderPlaced', version: 2 }) as Reader<OrderPlacedV2>;
  const consumer = options.consumerName ?? CONSUMER_NAME;
  const read = reader;

  return {
    async handle(body) {
      let event: OrderPlacedV2;
      try {
        // Older producers' v1 events come back as v2 with the declared defaults; unknown fields are dropped.
        event = read.read(body);
      } catch (error) {
        if (isReadError(error) && error.permanent)
          return { disposition: 'dead-letter', outcome: 'unreadable', error };
        return { disposition: 'requeue', outcome: 'failed', error };
      }
      try {
        // CloudEvents ids are unique per source, so the ledger key is both.
        const outcome = await processOnce(
          options.store,
          {
            messageId: `${event.source}#${event.id}`,
            consumer,
            ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
          },
          async () => {
            const shipment: Shipment = {
              id: randomUUID(),
              orderId: event.data.orderId,
              customerId: event.data.customerId,
              method: event.data.channel === 'pos' ? 'store-pickup' : 'parcel',
              lines: event.data.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
              eventId: event.id,
            };
            await options.shipments.create(shipment);
            return shipment;
          },
        );
        if (outcome.status === 'processed')
          return { disposition: 'ack', outcome: 'shipment-created', shipment: outcome.result };
        if (outcome.status === 'duplicate') return { disposition: 'ack', outcome: 'duplicate' };
        return { disposition: 'requeue', outcome: 'in-progress' };
      } catch (error) {
        return { disposition: 'requeue', outcome: 'failed', error };
      }
    },
  };
}
