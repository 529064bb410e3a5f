// Wires the service together: database + migrations, transport, outbox relay, HTTP server; one handle to start and stop it.
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isDbError, type MigratableDb, migrate, openDb } from '@accord/db';
import { DEFAULT_CONFIG, type OrdersServiceConfig } from './config.js';
import { OrdersServiceError } from './errors.js';
import { createHttpServer } from './http/server.js';
import { createOrders, type Orders } from './orders/orders.js';
import { createOutboxRelay, type OutboxRelay } from './outbox/relay.js';
import { createEmbeddedTransport } from './transport/embedded.js';
import { createRabbitMqTransport } from './transport/rabbitmq.js';
import type { Transport } from './transport/transport.js';

// Same relative location from src/ and dist/; `migrations/` ships beside them.
const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

export interface OrdersServiceOptions {
  /** Use this transport instead of the one the config selects (tests, or an embedded bus shared with consumers). */
  transport?: Transport;
  /** Start the relay's polling loop (default true); tests turn it off and call relay.relayOnce(). */
  startRelay?: boolean;
  /** Injectable clock. */
  now?: () => Date;
  /** Structured log lines (one object per event); default: none. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface OrdersService {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly port: number;
  readonly config: OrdersServiceConfig;
  readonly db: MigratableDb;
  readonly orders: Orders;
  readonly relay: OutboxRelay;
  readonly transport: Transport;
  /** Stops HTTP, drains the relay pass in flight, closes the transport (unless it was passed in) and the database. */
  close(): Promise<void>;
}

export async function createOrdersService(
  config: Partial<OrdersServiceConfig> = {},
  options: OrdersServiceOptions = {},
): Promise<OrdersService> {
  const cfg: OrdersServiceConfig = { ...DEFAULT_CONFIG, ...config };
  const log = options.log ?? (() => {});
  const db = await openDb({
    databaseUrl: cfg.databaseUrl,
    dataDir: cfg.dataDir,
    memory: true,
    schema: cfg.dbSchema,
    owner: 'orders-service',
  });
  const cleanup: Array<() => Promise<unknown>> = [() => db.close()];
  try {
    const applied = await migrate(db, MIGRATIONS_DIR).catch((cause: unknown) => {
      throw isDbError(cause) ? new OrdersServiceError('MIGRATION_FAILED', cause.message, { cause }) : cause;
    });
    if (applied.length > 0) log({ event: 'migrated', applied });

    const ownsTransport = options.transport === undefined;
    const transport =
      options.transport ??
      (cfg.amqpUrl === undefined
        ? createEmbeddedTransport()
        : createRabbitMqTransport({ url: cfg.amqpUrl, exchange: cfg.exchange }));
    if (ownsTransport) cleanup.unshift(() => transport.close());

    const relay = createOutboxRelay({
      db,
      transport,
      batchSize: cfg.relayBatchSize,
      intervalMs: cfg.relayIntervalMs,
      onError: (error, row) =>
        log({
          event: 'relay_error',
          error: (error as Error)?.message ?? String(error),
          eventId: row?.eventId,
        }),
    });
    cleanup.unshift(() => relay.stop());

    const orders = createOrders({
      db,
      eventSource: cfg.eventSource,
      ...(options.now === undefined ? {} : { now: options.now }),
      onEventsCommitted: () => relay.wake(),
    });

    const server = createHttpServer({
      orders,
      validateResponses: cfg.validateResponses,
      onError: (error, requestId) =>
        log({ event: 'http_error', requestId, error: (error as Error)?.stack ?? String(error) }),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(cfg.port, cfg.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    cleanup.unshift(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    if (options.startRelay !== false) relay.start();

    const port = (server.address() as AddressInfo).port;
    const host = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}`,
      port,
      config: cfg,
      db,
      orders,
      relay,
      transport,
      close() {
        closing ??= runAll(cleanup);
        return closing;
      },
    };
  } catch (error) {
    await runAll(cleanup).catch(() => {});
    throw error;
  }
}

async function runAll(steps: Array<() => Promise<unknown>>): Promise<void> {
  for (const step of steps) await step().catch(() => {});
}
