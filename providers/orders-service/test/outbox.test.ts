// The transactional outbox on PGlite: order and event commit together, the relay publishes in order, retries, and re-publishes after a crash.
import { getValidator } from '@accord/contracts';
import type { Db } from '@accord/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  countUnsent,
  createEmbeddedTransport,
  createOrdersService,
  createOutboxRelay,
  eventsForAggregate,
  type OrdersService,
  type OutgoingMessage,
  type Transport,
} from '../src/index.js';
import { createOrders } from '../src/orders/orders.js';
import { createOrderRequest } from './support/fixtures.js';

let service: OrdersService;

beforeAll(async () => {
  service = await createOrdersService(
    { port: 0 },
    { startRelay: false, transport: createEmbeddedTransport() },
  );
});
afterAll(() => service.close());
beforeEach(async () => {
  // Earlier tests' rows would be relayed by later ones; every test starts with an empty outbox.
  await service.relay.drain();
  await service.orders.deleteAll();
});

const decode = (m: OutgoingMessage) => JSON.parse(new TextDecoder().decode(m.body));

/** A transport that records what it was asked to publish and can be told to fail. */
function recordingTransport(
  failOn?: (m: OutgoingMessage) => boolean,
): Transport & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  return {
    kind: 'embedded',
    sent,
    async publish(message) {
      if (failOn?.(message)) throw new Error('broker said no');
      sent.push(message);
    },
    async close() {},
  };
}

/** The same database, except that statements matching `pattern` fail (a connection lost at that point). */
function failingDb(db: Db, pattern: RegExp): Db {
  const guard = (q: Db): Db => ({
    query(sql, params) {
      if (pattern.test(sql)) return Promise.reject(new Error('connection lost'));
      return q.query(sql, params);
    },
    transaction: (fn) => q.transaction((tx) => fn(guard(tx))),
    exec: (sql) => q.exec(sql),
  });
  return guard(db);
}

describe('placing and cancelling orders', () => {
  it('writes the order and its OrderPlaced v2 event in one transaction', async () => {
    const order = await service.orders.placeOrder(createOrderRequest(), { channel: 'mobile' });
    const rows = await eventsForAggregate(service.db, order.id);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      eventType: 'OrderPlaced',
      schemaVersion: 2,
      routingKey: 'OrderPlaced.v2',
      sentAt: null,
    });
    expect(getValidator('OrderPlaced', 2)(row.payload)).toBe(true);
    expect(row.payload).toMatchObject({
      id: row.eventId,
      source: '/orders-service',
      data: {
        orderId: order.id,
        channel: 'mobile',
        couponCodes: [],
        total: order.total,
        placedAt: order.createdAt,
      },
    });
  });

  it('stores neither the order nor the event when the outbox insert fails', async () => {
    const broken = failingDb(service.db, /INSERT INTO outbox/);
    const orders = createOrders({ db: broken, eventSource: '/orders-service' });
    const id = '6c0cf1a4-5a3b-4d8e-9f57-1f3c4e2b9a10';
    await expect(orders.placeOrder(createOrderRequest(), { id })).rejects.toThrow('connection lost');
    await expect(service.orders.getOrder(id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await eventsForAggregate(service.db, id)).toEqual([]);
  });

  it('writes OrderCancelled v1 with the cancellation when an order is cancelled', async () => {
    const order = await service.orders.placeOrder(createOrderRequest());
    await service.orders.cancelOrder(order.id, { reason: 'payment_failed', comment: 'Card declined' });
    const rows = await eventsForAggregate(service.db, order.id);
    expect(rows.map((r) => r.routingKey)).toEqual(['OrderPlaced.v2', 'OrderCancelled.v1']);
    expect(getValidator('OrderCancelled', 1)(rows[1]!.payload)).toBe(true);
    expect(rows[1]!.payload.data).toMatchObject({
      orderId: order.id,
      reason: 'payment_failed',
      comment: 'Card declined',
    });
  });

  it('leaves no event behind when a cancellation is refused', async () => {
    const order = await service.orders.placeOrder(createOrderRequest());
    await service.orders.setStatus(order.id, 'shipped');
    await expect(service.orders.cancelOrder(order.id, { reason: 'other' })).rejects.toMatchObject({
      code: 'ORDER_NOT_CANCELLABLE',
    });
    expect((await eventsForAggregate(service.db, order.id)).map((r) => r.eventType)).toEqual(['OrderPlaced']);
  });
});

describe('outbox relay', () => {
  it('publishes unsent rows in order with the event id as message id, and marks them sent', async () => {
    const a = await service.orders.placeOrder(createOrderRequest());
    await service.orders.cancelOrder(a.id, { reason: 'other' });
    const b = await service.orders.placeOrder(createOrderRequest());
    const transport = recordingTransport();
    const relay = createOutboxRelay({ db: service.db, transport, batchSize: 2 });

    expect(await relay.drain()).toBe(3);
    expect(transport.sent.map((m) => [m.routingKey, decode(m).data.orderId])).toEqual([
      ['OrderPlaced.v2', a.id],
      ['OrderCancelled.v1', a.id],
      ['OrderPlaced.v2', b.id],
    ]);
    for (const m of transport.sent) {
      expect(m.messageId).toBe(decode(m).id);
      expect(m.contentType).toBe('application/json');
    }
    expect(await countUnsent(service.db)).toBe(0);
    expect(await relay.relayOnce()).toEqual({ published: 0, failed: 0 });
    expect(
      (await eventsForAggregate(service.db, a.id)).every((r) => r.sentAt !== null && r.attempts === 1),
    ).toBe(true);
  });

  it('keeps a row unsent with its error when publishing fails, stops the batch, and sends it on retry', async () => {
    const a = await service.orders.placeOrder(createOrderRequest());
    const b = await service.orders.placeOrder(createOrderRequest());
    let brokerDown = true;
    const transport = recordingTransport(() => brokerDown);
    const errors: unknown[] = [];
    const relay = createOutboxRelay({ db: service.db, transport, onError: (e) => errors.push(e) });

    expect(await relay.relayOnce()).toEqual({ published: 0, failed: 2 });
    expect(errors).toHaveLength(1);
    const [row] = await eventsForAggregate(service.db, a.id);
    expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: 'broker said no' });
    expect(await countUnsent(service.db)).toBe(2);

    brokerDown = false;
    expect(await relay.drain()).toBe(2);
    expect(transport.sent.map((m) => decode(m).data.orderId)).toEqual([a.id, b.id]);
  });

  it('re-publishes a row when the relay crashes after publishing but before marking it sent', async () => {
    const order = await service.orders.placeOrder(createOrderRequest());
    const transport = recordingTransport();
    const crashing = createOutboxRelay({ db: failingDb(service.db, /UPDATE outbox SET sent_at/), transport });
    await expect(crashing.relayOnce()).rejects.toThrow('connection lost');
    expect(transport.sent).toHaveLength(1);
    expect(await countUnsent(service.db)).toBe(1);

    const healthy = createOutboxRelay({ db: service.db, transport });
    expect(await healthy.drain()).toBe(1);
    // At-least-once: the same event (same id) went out twice; consumers de-duplicate on it.
    expect(transport.sent).toHaveLength(2);
    expect(transport.sent[1]!.messageId).toBe(transport.sent[0]!.messageId);
    expect(decode(transport.sent[1]!).data.orderId).toBe(order.id);
    expect(await countUnsent(service.db)).toBe(0);
  });

  it('relays on its own once started, woken by each commit', async () => {
    const transport = createEmbeddedTransport();
    const received: string[] = [];
    transport.subscribe('test.all', '#', (d) => {
      received.push(d.routingKey);
      return 'ack';
    });
    const relay = createOutboxRelay({ db: service.db, transport, intervalMs: 10_000 });
    relay.start();
    const orders = createOrders({
      db: service.db,
      eventSource: '/orders-service',
      onEventsCommitted: () => relay.wake(),
    });
    await orders.placeOrder(createOrderRequest());
    await expect.poll(() => received, { timeout: 5_000 }).toEqual(['OrderPlaced.v2']);
    await relay.stop();
  });
});
