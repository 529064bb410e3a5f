// Consumer contract of checkout-web against orders-service (PactV4 HTTP): writes pacts/checkout-web-orders-service.json.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getValidator } from '@accord/contracts';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { createOrdersClient, type OrdersClientError } from '../src/index.js';

const { like, eachLike, regex, uuid, datetime, integer } = MatchersV3;

const PACT_DIR = fileURLToPath(new URL('../pacts', import.meta.url));
// PactV4 merges into an existing file: start from none so removed interactions do not linger.
rmSync(`${PACT_DIR}/checkout-web-orders-service.json`, { force: true });
const pact = new PactV4({
  consumer: 'checkout-web',
  provider: 'orders-service',
  dir: PACT_DIR,
  logLevel: (process.env.PACT_LOG_LEVEL as 'warn' | undefined) ?? 'warn',
});

const ORDER_ID = '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90';
const MISSING_ID = '00000000-0000-4000-8000-000000000404';
// What toISOString() produces, which orders-service sends; the Rust matcher reads the Java pattern.
const TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSX";
const JSON_TYPE = regex('^application/json(;.*)?$', 'application/json; charset=utf-8');

const money = (amount: number) => ({ amount: integer(amount), currency: regex('^[A-Z]{3}$', 'EUR') });

const address = {
  name: like('Ada Lovelace'),
  line1: like('Hauptstr. 1'),
  city: like('Berlin'),
  postalCode: like('10115'),
  country: regex('^[A-Z]{2}$', 'DE'),
};

/** The Order v1 fields checkout-web uses, with matchers; the provider may send more (tolerant reader). */
const order = (status: string, id?: string) => ({
  id: id === undefined ? uuid(ORDER_ID) : uuid(id),
  customerId: regex('^cus_[A-Za-z0-9]{6,32}$', 'cus_8f3kQ2Lm'),
  status,
  items: eachLike({
    sku: regex('^[A-Z0-9][A-Z0-9-]{2,31}$', 'MUG-BLUE-350'),
    quantity: integer(2),
    unitPrice: money(1250),
    lineTotal: money(2500),
  }),
  total: money(2500),
  shippingAddress: address,
  createdAt: datetime(TIMESTAMP, '2026-11-26T08:15:00.000Z'),
  updatedAt: datetime(TIMESTAMP, '2026-11-26T08:15:00.000Z'),
});

const errorBody = (code: string) => ({
  code,
  message: like('Human-readable explanation'),
  requestId: like('3a7c1f0e-0d5b-4a59-8f40-1c2b3d4e5f60'),
});

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

// Each interaction gets a fresh mock server, sometimes on a port a previous one used: a kept-alive socket to
// the old server would fail a POST (fetch retries only idempotent requests), so tests do not keep sockets.
const clientFor = (baseUrl: string) => createOrdersClient({ baseUrl, headers: { connection: 'close' } });

describe('checkout-web → orders-service (HTTP contract)', () => {
  it('places an order', async () => {
    expect(getValidator('CreateOrderRequest', 1)(request)).toBe(true);
    await pact
      .addInteraction()
      .uponReceiving('a request to place an order')
      .withRequest('POST', '/orders', (b) =>
        b.headers({ 'Content-Type': 'application/json' }).jsonBody(request),
      )
      .willRespondWith(201, (b) =>
        b
          .headers({
            'Content-Type': JSON_TYPE,
            Location: regex('^/orders/[0-9a-f-]{36}$', `/orders/${ORDER_ID}`),
          })
          .jsonBody(order('pending')),
      )
      .executeTest(async (server) => {
        const placed = await clientFor(server.url).placeOrder(request);
        expect(getValidator('Order', 1)(placed)).toBe(true);
        expect(placed.status).toBe('pending');
        expect(placed.total).toEqual({ amount: 2500, currency: 'EUR' });
      });
  });

  it('is told which fields are invalid when placing an order fails validation', async () => {
    const invalid = { ...request, items: [] };
    await pact
      .addInteraction()
      .uponReceiving('a request to place an order without items')
      .withRequest('POST', '/orders', (b) =>
        b.headers({ 'Content-Type': 'application/json' }).jsonBody(invalid),
      )
      .willRespondWith(400, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          ...errorBody('VALIDATION_FAILED'),
          details: eachLike({ field: like('items'), message: like('must NOT have fewer than 1 items') }),
        }),
      )
      .executeTest(async (server) => {
        const error = (await clientFor(server.url)
          .placeOrder(invalid)
          .catch((e: unknown) => e)) as OrdersClientError;
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(error.status).toBe(400);
        expect(error.details[0]?.field).toBe('items');
      });
  });

  it('gets an existing order', async () => {
    await pact
      .addInteraction()
      .given('an order with the id exists', { id: ORDER_ID, status: 'pending' })
      .uponReceiving('a request for an existing order')
      .withRequest('GET', `/orders/${ORDER_ID}`, (b) => b.headers({ Accept: 'application/json' }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody(order('pending', ORDER_ID)),
      )
      .executeTest(async (server) => {
        const found = await clientFor(server.url).getOrder(ORDER_ID);
        expect(found.id).toBe(ORDER_ID);
        expect(found.items[0]?.sku).toBe('MUG-BLUE-350');
      });
  });

  it('gets NOT_FOUND for an order that does not exist', async () => {
    await pact
      .addInteraction()
      .given('no order with the id exists', { id: MISSING_ID })
      .uponReceiving('a request for an order that does not exist')
      .withRequest('GET', `/orders/${MISSING_ID}`, (b) => b.headers({ Accept: 'application/json' }))
      .willRespondWith(404, (b) => b.headers({ 'Content-Type': JSON_TYPE }).jsonBody(errorBody('NOT_FOUND')))
      .executeTest(async (server) => {
        const error = (await clientFor(server.url)
          .getOrder(MISSING_ID)
          .catch((e: unknown) => e)) as OrdersClientError;
        expect(error.code).toBe('NOT_FOUND');
        expect(error.requestId).toEqual(expect.any(String));
      });
  });

  it('lists orders by status', async () => {
    await pact
      .addInteraction()
      .given('orders with the status exist', { status: 'pending' })
      .uponReceiving('a request for pending orders')
      .withRequest('GET', '/orders', (b) =>
        b.query({ status: 'pending' }).headers({ Accept: 'application/json' }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({ orders: eachLike(order('pending')) }),
      )
      .executeTest(async (server) => {
        const page = await clientFor(server.url).listOrders({ status: 'pending' });
        expect(page.orders.length).toBeGreaterThan(0);
        expect(page.orders.every((o) => o.status === 'pending')).toBe(true);
      });
  });

  it('cancels a pending order', async () => {
    await pact
      .addInteraction()
      .given('an order with the id exists', { id: ORDER_ID, status: 'pending' })
      .uponReceiving('a request to cancel a pending order')
      .withRequest('POST', `/orders/${ORDER_ID}/cancel`, (b) =>
        b.headers({ 'Content-Type': 'application/json' }).jsonBody({ reason: 'customer_request' }),
      )
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody({
          ...order('cancelled', ORDER_ID),
          cancellation: {
            reason: 'customer_request',
            cancelledAt: datetime(TIMESTAMP, '2026-11-26T09:00:00.000Z'),
          },
        }),
      )
      .executeTest(async (server) => {
        const cancelled = await clientFor(server.url).cancelOrder(ORDER_ID, {
          reason: 'customer_request',
        });
        expect(cancelled.status).toBe('cancelled');
        expect(cancelled.cancellation?.reason).toBe('customer_request');
      });
  });

  it('gets ORDER_NOT_CANCELLABLE for a shipped order', async () => {
    await pact
      .addInteraction()
      .given('an order with the id exists', { id: ORDER_ID, status: 'shipped' })
      .uponReceiving('a request to cancel a shipped order')
      .withRequest('POST', `/orders/${ORDER_ID}/cancel`, (b) =>
        b.headers({ 'Content-Type': 'application/json' }).jsonBody({ reason: 'customer_request' }),
      )
      .willRespondWith(409, (b) =>
        b.headers({ 'Content-Type': JSON_TYPE }).jsonBody(errorBody('ORDER_NOT_CANCELLABLE')),
      )
      .executeTest(async (server) => {
        const error = (await clientFor(server.url)
          .cancelOrder(ORDER_ID, { reason: 'customer_request' })
          .catch((e: unknown) => e)) as OrdersClientError;
        expect(error.code).toBe('ORDER_NOT_CANCELLABLE');
        expect(error.status).toBe(409);
      });
  });
});
