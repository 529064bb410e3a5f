// shipping-service configuration, parsed once from the environment at the edge (bin/start.ts).
import { envValue } from '@accord/args';
import { ShippingError } from './errors.js';

export interface ShippingConfig {
  /** RabbitMQ URL; required by the standalone process (the embedded bus only exists inside one process). */
  amqpUrl?: string | undefined;
  /** PostgreSQL URL for the idempotency ledger and shipments; absent = in memory. */
  databaseUrl?: string | undefined;
  dbSchema: string;
  exchange: string;
  queue: string;
  prefetch: number;
}

export const DEFAULT_CONFIG: ShippingConfig = {
  dbSchema: 'shipping_service',
  exchange: 'orders.events',
  queue: 'shipping-service.order-placed',
  prefetch: 10,
};

export const ENV_HELP = `Environment:
  AMQP_URL             RabbitMQ URL (required for the standalone process)
  DATABASE_URL         PostgreSQL URL for the idempotency ledger and shipments; unset = in memory
  SHIPPING_DB_SCHEMA   schema the service owns (default shipping_service)
  ORDERS_EXCHANGE      topic exchange orders-service publishes to (default orders.events)
  SHIPPING_QUEUE       queue name (default shipping-service.order-placed; dead letters in <queue>.dead-letter)
  SHIPPING_PREFETCH    unacknowledged messages in flight (default 10)`;

export function configFromEnv(env: Record<string, string | undefined>): ShippingConfig {
  const text = (name: string) => envValue(env, name);
  const prefetchRaw = text('SHIPPING_PREFETCH');
  const prefetch = prefetchRaw === undefined ? DEFAULT_CONFIG.prefetch : Number(prefetchRaw);
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 1000) {
    throw new ShippingError(
      'INVALID_CONFIG',
      `SHIPPING_PREFETCH must be an integer from 1 to 1000, got "${prefetchRaw}"`,
    );
  }
  const schema = text('SHIPPING_DB_SCHEMA') ?? DEFAULT_CONFIG.dbSchema;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ShippingError('INVALID_CONFIG', 'SHIPPING_DB_SCHEMA must be a lower-case SQL identifier');
  }
  for (const [name, protocols] of [
    ['AMQP_URL', ['amqp:', 'amqps:']],
    ['DATABASE_URL', ['postgres:', 'postgresql:']],
  ] as const) {
    const value = text(name);
    if (value !== undefined && !(protocols as readonly string[]).includes(safeProtocol(value))) {
      throw new ShippingError('INVALID_CONFIG', `${name} must be a ${protocols.join(' or ')} URL`);
    }
  }
  return {
    amqpUrl: text('AMQP_URL'),
    databaseUrl: text('DATABASE_URL'),
    dbSchema: schema,
    exchange: text('ORDERS_EXCHANGE') ?? DEFAULT_CONFIG.exchange,
    queue: text('SHIPPING_QUEUE') ?? DEFAULT_CONFIG.queue,
    prefetch,
  };
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
