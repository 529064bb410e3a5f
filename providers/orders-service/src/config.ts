// Service configuration: parsed once from the environment at the edge (bin/start.ts), then passed in as a typed object.
import { envValue } from '@accord/args';
import { OrdersServiceError } from './errors.js';

export interface OrdersServiceConfig {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  host: string;
  /** PostgreSQL server URL; absent means embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; absent (and no databaseUrl) means an in-memory database. */
  dataDir?: string | undefined;
  /** The PostgreSQL schema the service owns (created and migrated on start). */
  dbSchema: string;
  /** RabbitMQ URL; absent means the embedded in-process transport. */
  amqpUrl?: string | undefined;
  /** Topic exchange events are published to. */
  exchange: string;
  /** CloudEvents `source` of every event. */
  eventSource: string;
  /** How often the outbox relay looks for unsent rows when nothing woke it up. */
  relayIntervalMs: number;
  relayBatchSize: number;
  /** Validate every response body against the published artifact before sending it (tests, staging). */
  validateResponses: boolean;
}

export const DEFAULT_CONFIG: OrdersServiceConfig = {
  port: 3000,
  host: '127.0.0.1',
  dbSchema: 'orders_service',
  exchange: 'orders.events',
  eventSource: '/orders-service',
  relayIntervalMs: 250,
  relayBatchSize: 50,
  validateResponses: false,
};

export const ENV_HELP = `Environment:
  PORT                      HTTP port (default 3000; 0 = any free port)
  HOST                      listen address (default 127.0.0.1)
  DATABASE_URL              PostgreSQL URL; unset = embedded PGlite
  ORDERS_DATA_DIR           PGlite data folder; unset = in memory
  ORDERS_DB_SCHEMA          schema the service owns (default orders_service)
  AMQP_URL                  RabbitMQ URL; unset = embedded in-process transport
  ORDERS_EXCHANGE           topic exchange for events (default orders.events)
  ORDERS_EVENT_SOURCE       CloudEvents source (default /orders-service)
  OUTBOX_POLL_MS            relay poll interval in ms (default 250)
  OUTBOX_BATCH_SIZE         rows per relay batch (default 50)
  ORDERS_VALIDATE_RESPONSES 1/true to validate every response body against its contract`;

/** Parses the environment into a config; throws INVALID_CONFIG naming the variable on bad input. */
export function configFromEnv(env: Record<string, string | undefined>): OrdersServiceConfig {
  const text = (name: string) => envValue(env, name);
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new OrdersServiceError(
        'INVALID_CONFIG',
        `${name} must be an integer from ${min} to ${max}, got "${raw}"`,
      );
    }
    return value;
  };
  const bool = (name: string, fallback: boolean) => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    throw new OrdersServiceError('INVALID_CONFIG', `${name} must be true or false, got "${raw}"`);
  };
  const url = (name: string, protocols: string[]) => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new OrdersServiceError('INVALID_CONFIG', `${name} is not a URL`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new OrdersServiceError('INVALID_CONFIG', `${name} must use ${protocols.join(' or ')}`);
    }
    return raw;
  };
  const schema = text('ORDERS_DB_SCHEMA') ?? DEFAULT_CONFIG.dbSchema;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new OrdersServiceError('INVALID_CONFIG', 'ORDERS_DB_SCHEMA must be a lower-case SQL identifier');
  }
  return {
    port: int('PORT', DEFAULT_CONFIG.port, 0, 65535),
    host: text('HOST') ?? DEFAULT_CONFIG.host,
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: text('ORDERS_DATA_DIR'),
    dbSchema: schema,
    amqpUrl: url('AMQP_URL', ['amqp:', 'amqps:']),
    exchange: text('ORDERS_EXCHANGE') ?? DEFAULT_CONFIG.exchange,
    eventSource: text('ORDERS_EVENT_SOURCE') ?? DEFAULT_CONFIG.eventSource,
    relayIntervalMs: int('OUTBOX_POLL_MS', DEFAULT_CONFIG.relayIntervalMs, 10, 60_000),
    relayBatchSize: int('OUTBOX_BATCH_SIZE', DEFAULT_CONFIG.relayBatchSize, 1, 1000),
    validateResponses: bool('ORDERS_VALIDATE_RESPONSES', DEFAULT_CONFIG.validateResponses),
  };
}
