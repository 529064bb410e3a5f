// Handles one orders event: reads OrderPlaced as v2 and OrderCancelled as v1 tolerantly, acts once per event, and says what to do with the delivery.
import { randomUUID } from 'node:crypto';
import type { OrderCancelledV1, OrderPlacedV2 } from '@accord/contracts';
import {
  createEventReader,
  type IdempotencyStore,
  isReadError,
  processOnce,
  type ReadError,
} from '@accord/tolerant-reader';
import type { Shipment, ShipmentRepository } from './shipments.js';

const CONSUMER_NAME = 'shipping-service';

/** The versions this service is written against; other versions are read as these. */
export const READS = { OrderPlaced: 2, OrderCancelled: 1 } as const;

/** What the transport adapter does with the delivery: ack, requeue (try again later) or dead-letter. */
export type Disposition = 'ack' | 'requeue' | 'dead-letter';

export type HandleResult =
  | { disposition: 'ack'; outcome: 'shipment-created'; shipment: Shipment }
  /** OrderPlaced for an order that already has a shipment row (e.g. its cancellation arrived first). */
  | { disposition: 'ack'; outcome: 'shipment-exists'; shipment: Shipment | undefined }
  | {
      disposition: 'ack';
      outcome: 'shipment-cancelled';
      orderId: string;
      result: 'cancelled' | 'already-cancelled' | 'recorded-early';
    }
  /** Processed before (a redelivery or a re-published outbox row): nothing to do. */
  | { disposition: 'ack'; outcome: 'duplicate' }
  /** Another worker holds this message right now. */
  | { disposition: 'requeue'; outcome: 'in-progress' }
  /** The message can never be read as OrderPlaced v2 / OrderCancelled v1; `error.code` says why. */
  | { disposition: 'dead-letter'; outcome: 'unreadable'; error: ReadError }
  /** Handling failed for a reason that may pass (database down): retry. */
  | { disposition: 'requeue'; outcome: 'failed'; error: unknown };

export interface OrderEventsHandlerOptions {
  store: IdempotencyStore;
  shipments: ShipmentRepository;
  /** Idempotency ledger key; default "shipping-service". */
  consumerName?: string;
  /** Lease on a message while it is handled (default 60 s). */
  leaseMs?: number;
}

export interface OrderEventsHandler {
  /** Handles a message body (bytes, string or parsed JSON). Never throws: the result says what to do. */
  handle(body: unknown): Promise<HandleResult>;
}

type Ack = Exclude<HandleResult, { disposition: 'requeue' | 'dead-letter' } | { outcome: 'duplicate' }>;

let reader: { read(input: unknown): OrderPlacedV2 | OrderCancelledV1 } | undefined;

export function createOrderEventsHandler(options: OrderEventsHandlerOptions): OrderEventsHandler {
  // Older producers' events are upcast with the declared defaults; unknown fields of newer ones are dropped.
  reader ??= createEventReader({ contracts: READS });
  const read = reader;
  const consumer = options.consumerName ?? CONSUMER_NAME;

  const placed = async (event: OrderPlacedV2): Promise<Ack> => {
    const shipment: Shipment = {
      id: randomUUID(),
      orderId: event.data.orderId,
      customerId: event.data.customerId,
      method: event.data.channel === 'pos' ? 'store-pickup' : 'parcel',
      lines: event.data.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
      eventId: event.id,
      status: 'ready',
    };
    if (await options.shipments.create(shipment)) {
      return { disposition: 'ack', outcome: 'shipment-created', shipment };
    }
    return {
      disposition: 'ack',
      outcome: 'shipment-exists',
      shipment: await options.shipments.findByOrder(shipment.orderId),
    };
  };

  const cancelled = async (event: OrderCancelledV1): Promise<Ack> => {
    const result = await options.shipments.cancel({
      orderId: event.data.orderId,
      customerId: event.data.customerId,
      eventId: event.id,
      cancelledAt: event.data.cancelledAt,
    });
    return { disposition: 'ack', outcome: 'shipment-cancelled', orderId: event.data.orderId, result };
  };

  return {
    async handle(body) {
      let event: OrderPlacedV2 | OrderCancelledV1;
      try {
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
          () => (event.type === 'OrderPlaced' ? placed(event) : cancelled(event)),
        );
        if (outcome.status === 'processed') return outcome.result;
        if (outcome.status === 'duplicate') return { disposition: 'ack', outcome: 'duplicate' };
        return { disposition: 'requeue', outcome: 'in-progress' };
      } catch (error) {
        return { disposition: 'requeue', outcome: 'failed', error };
      }
    },
  };
}
