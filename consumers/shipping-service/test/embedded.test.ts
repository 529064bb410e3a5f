// End to end in one process: orders-service's outbox relay → embedded bus → shipping-service, including a relay crash that re-publishes.
import type { Db } from '@accord/db';
import {
  createEmbeddedTransport,
  createOrdersService,
  createOutboxRelay,
  type EmbeddedTransport,
  type OrdersService,
} from '@accord/orders-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShippingService, type HandleResult, type ShippingService } from '../src/index.js';
import { encode, orderPlacedV2 } from './support.js';

const request = {
  customerId: 'cus_8f3kQ2Lm',
  items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: 'Hauptstr. 1',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
};

let bus: EmbeddedTransport;
let orders: OrdersService;
let shipping: ShippingService;
const results: HandleResult[] = [];

beforeAll(async () => {
  bus = createEmbeddedTransport();
  shipping = await createShippingService({}, { bus, onResult: (r) => results.push(r) });
  orders = await createOrdersService({ port: 0 }, { transport: bus, startRelay: false });
});
afterAll(async () => {
  await orders?.close();
  await shipping?.close();
});

/** The same database, except that marking rows sent fails: the relay "crashes" after publishing. */
function crashBeforeMarkingSent(db: Db): Db {
  const guard = (q: Db): Db => ({
    query: (sql, params) =>
      /UPDATE outbox SET sent_at/.test(sql)
        ? Promise.reject(new Error('relay crashed'))
        : q.query(sql, params),
    transaction: (fn) => q.transaction((tx) => fn(guard(tx))),
    exec: (sql) => q.exec(sql),
  });
  return guard(db);
}

describe('orders-service → shipping-service over the embedded transport', () => {
  it('creates exactly one shipment when a relay crash makes the outbox publish the event twice', async () => {
    const order = await orders.orders.placeOrder(request, { channel: 'pos' });
    const crashing = createOutboxRelay({ db: crashBeforeMarkingSent(orders.db), transport: bus });
    await expect(crashing.relayOnce()).rejects.toThrow('relay crashed');
    expect(await orders.relay.drain()).toBe(1);
    await bus.idle();

    const published = bus.published().filter((m) => m.routingKey === 'OrderPlaced.v2');
    expect(published).toHaveLength(2);
    expect(published[0]!.messageId).toBe(published[1]!.messageId);
    expect(results.slice(-2).map((r) => r.outcome)).toEqual(['shipment-created', 'duplicate']);
    expect(await shipping.shipments.findByOrder(order.id)).toMatchObject({ method: 'store-pickup' });
    expect(await shipping.shipments.count()).toBe(1);
  });

  it('puts what it cannot read on the dead-letter list and keeps consuming', async () => {
    const garbage = { ...orderPlacedV2(), data: { orderId: 'not-a-uuid' } };
    await bus.publish({
      routingKey: 'OrderPlaced.v2',
      messageId: garbage.id,
      type: 'OrderPlaced',
      schemaVersion: 2,
      body: encode(garbage),
      contentType: 'application/json',
      timestamp: new Date(),
    });
    const order = await orders.orders.placeOrder(request);
    await orders.relay.drain();
    await bus.idle();

    const dead = bus.deadLetters('shipping-service.order-placed');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.delivery.messageId).toBe(garbage.id);
    const unreadable = results.find((r) => r.outcome === 'unreadable');
    expect(unreadable?.outcome === 'unreadable' && unreadable.error.code).toBe('INVALID_DATA');
    expect(await shipping.shipments.findByOrder(order.id)).toBeDefined();
  });

  it('cancels the shipment when orders-service cancels the order', async () => {
    const order = await orders.orders.placeOrder(request);
    await orders.orders.cancelOrder(order.id, { reason: 'out_of_stock' });
    await orders.relay.drain();
    await bus.idle();
    expect(results.slice(-2).map((r) => r.outcome)).toEqual(['shipment-created', 'shipment-cancelled']);
    expect((await shipping.shipments.findByOrder(order.id))?.status).toBe('cancelled');
  });
});
