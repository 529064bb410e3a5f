// The service on the PostgreSQL server (DATABASE_URL path): migrations, the API, and concurrent relays sharing the outbox via SKIP LOCKED.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countUnsent,
  createOrdersService,
  createOutboxRelay,
  type OrdersService,
  type OutgoingMessage,
} from '../src/index.js';
import { createOrderRequest, postJson } from './support/fixtures.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// A schema per run keeps parallel CI runs and reruns apart.
const schema = `orders_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
let service: OrdersService;

beforeAll(async () => {
  service = await createOrdersService(
    { port: 0, databaseUrl: DATABASE_URL, dbSchema: schema, validateResponses: true },
    { startRelay: false },
  );
});

afterAll(async () => {
  await service?.close();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe('orders-service on PostgreSQL', () => {
  it('migrates its own schema once, even when started twice', async () => {
    const second = await createOrdersService(
      { port: 0, databaseUrl: DATABASE_URL, dbSchema: schema },
      { startRelay: false },
    );
    await second.close();
    const { rows } = await service.db.query<{ name: string }>(
      'SELECT name FROM schema_migrations ORDER BY name',
    );
    expect(rows.map((r) => r.name)).toEqual(['001_orders.sql', '002_outbox.sql']);
    const { rows: tables } = await service.db.query<{ table_schema: string }>(
      "SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox' AND table_schema = $1",
      [schema],
    );
    expect(tables).toHaveLength(1);
  });

  it('serves the API and keeps amounts as numbers', async () => {
    const res = await postJson(`${service.url}/orders`, createOrderRequest());
    expect(res.status).toBe(201);
    const order = await res.json();
    const fetched = await (await fetch(`${service.url}/orders/${order.id}`)).json();
    expect(fetched).toEqual(order);
    expect(typeof fetched.total.amount).toBe('number');
  });

  it('lets concurrent relays split the outbox so every event is published exactly once when nothing fails', async () => {
    await service.relay.drain();
    for (let i = 0; i < 30; i++) await service.orders.placeOrder(createOrderRequest());
    const sent: OutgoingMessage[] = [];
    const transport = {
      kind: 'embedded' as const,
      async publish(m: OutgoingMessage) {
        // Slow publishes keep each relay's rows locked while the other relay looks for work.
        await new Promise((resolve) => setTimeout(resolve, 5));
        sent.push(m);
      },
      async close() {},
    };
    const relays = [1, 2, 3].map(() => createOutboxRelay({ db: service.db, transport, batchSize: 5 }));
    const totals = await Promise.all(relays.map((r) => r.drain()));
    expect(totals.reduce((a, b) => a + b, 0)).toBe(30);
    expect(new Set(sent.map((m) => m.messageId)).size).toBe(30);
    expect(await countUnsent(service.db)).toBe(0);
  });
});
