// Wires shipping-service: idempotency store and shipments (PostgreSQL or memory), the handler, and a transport (RabbitMQ or an embedded bus).
import { openPostgres } from '@accord/db';
import {
  createMemoryIdempotencyStore,
  createPostgresIdempotencyStore,
  type IdempotencyStore,
  migrateIdempotencyStore,
} from '@accord/tolerant-reader';
import { DEFAULT_CONFIG, type ShippingConfig } from './config.js';
import { consumeEmbedded, type EmbeddedBus } from './embedded.js';
import { ShippingError } from './errors.js';
import { createOrderEventsHandler, type HandleResult, type OrderEventsHandler } from './handler.js';
import { consumeRabbitMq } from './rabbitmq.js';
import {
  createMemoryShipments,
  createPostgresShipments,
  migrateShipments,
  type ShipmentRepository,
} from './shipments.js';

export interface ShippingServiceOptions {
  /** Consume from this in-process bus instead of RabbitMQ (single-process setups and tests). */
  bus?: EmbeddedBus;
  onResult?: (result: HandleResult) => void;
}

export interface ShippingService {
  readonly handler: OrderEventsHandler;
  readonly shipments: ShipmentRepository;
  readonly store: IdempotencyStore;
  /** RabbitMQ only: the dead-letter queue's name. */
  readonly deadLetterQueue: string | undefined;
  close(): Promise<void>;
}

export async function createShippingService(
  config: Partial<ShippingConfig> = {},
  options: ShippingServiceOptions = {},
): Promise<ShippingService> {
  const cfg = { ...DEFAULT_CONFIG, ...config };
  const closers: Array<() => Promise<unknown>> = [];
  let store: IdempotencyStore;
  let shipments: ShipmentRepository;
  if (cfg.databaseUrl !== undefined) {
    const db = await openPostgres({ url: cfg.databaseUrl, schema: cfg.dbSchema, poolSize: 5 });
    closers.push(() => db.close());
    try {
      await migrateIdempotencyStore(db);
      await migrateShipments(db);
    } catch (error) {
      await db.close().catch(() => {});
      throw error;
    }
    store = createPostgresIdempotencyStore(db);
    shipments = createPostgresShipments(db);
  } else {
    store = createMemoryIdempotencyStore();
    shipments = createMemoryShipments();
  }
  const handler = createOrderEventsHandler({ store, shipments });
  const onResult = options.onResult;
  let deadLetterQueue: string | undefined;
  try {
    if (options.bus !== undefined) {
      const stop = consumeEmbedded(options.bus, handler, {
        queue: cfg.queue,
        ...(onResult === undefined ? {} : { onResult: (r) => onResult(r) }),
      });
      closers.unshift(async () => stop());
    } else if (cfg.amqpUrl !== undefined) {
      const consumer = await consumeRabbitMq(handler, {
        url: cfg.amqpUrl,
        exchange: cfg.exchange,
        queue: cfg.queue,
        prefetch: cfg.prefetch,
        ...(onResult === undefined ? {} : { onResult: (r) => onResult(r) }),
      });
      deadLetterQueue = consumer.deadLetterQueue;
      closers.unshift(() => consumer.close());
    } else {
      throw new ShippingError(
        'INVALID_CONFIG',
        'shipping-service needs AMQP_URL (or an embedded bus passed in)',
      );
    }
  } catch (error) {
    for (const close of closers) await close().catch(() => {});
    throw error;
  }
  return {
    handler,
    shipments,
    store,
    deadLetterQueue,
    async close() {
      for (const close of closers) await close().catch(() => {});
    },
  };
}
