// The lagging consumer end to end: orders-service publishes OrderPlaced v2 through its outbox; analytics, written against v1, still counts it.
import {
  createEmbeddedTransport,
  createOrdersService,
  type EmbeddedTransport,
  type OrdersService,
} from '@accord/orders-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEmbedded, createOrderAnalytics, type HandleResult } from '../src/index.js';

let bus: EmbeddedTransport;
let orders: OrdersService;

beforeAll(async () => {
  bus = createEmbeddedTransport();
  orders = await createOrdersService({ port: 0 }, { transport: bus, startRelay: false });
});
afterAll(() => orders?.close());

describe('analytics-service reading what orders-service publishes today', () => {
  it('counts OrderPlaced v2 events with its v1 reader and ignores OrderCancelled', async () => {
    const analytics = createOrderAnalytics();
    const results: HandleResult[] = [];
    consumeEmbedded(bus, analytics, { onResult: (r) => results.push(r) });
    const order = await orders.orders.placeOrder(
      {
        customerId: 'cus_8f3kQ2Lm',
        items: [{ sku: 'MUG-BLUE-350', quantity: 3, unitPrice: { amount: 1250, currency: 'EUR' } }],
        shippingAddress: {
          name: 'Ada',
          line1: 'Hauptstr. 1',
          city: 'Berlin',
          postalCode: '10115',
          country: 'DE',
        },
      },
      { channel: 'mobile' },
    );
    await orders.orders.cancelOrder(order.id, { reason: 'other' });
    await orders.relay.drain();
    await bus.idle();

    expect(bus.published().map((m) => m.routingKey)).toEqual(['OrderPlaced.v2', 'OrderCancelled.v1']);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ outcome: 'counted', producerVersion: 2 });
    expect(analytics.report()).toEqual({
      orders: 1,
      revenue: { EUR: 3750 },
      unitsBySku: { 'MUG-BLUE-350': 3 },
      byProducerVersion: { v2: 1 },
    });
    expect(bus.deadLetters()).toEqual([]);
  });
});
