// The provider's self-verification for its provider contract: real requests against orders-service, every
// response checked against the committed OpenAPI document (contracts/openapi/orders-service.openapi.yaml),
// and every declared response exercised. CI publishes this file's result with the document.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../src/http/server.js';
import { createOrdersService, type OrdersService } from '../src/index.js';
import type { Orders } from '../src/orders/orders.js';
import { createOrderRequest } from './support/fixtures.js';
import { createConformance } from './support/openapi-conformance.js';

const conformance = createConformance();
let service: OrdersService;

beforeAll(async () => {
  service = await createOrdersService({ port: 0, validateResponses: true }, { startRelay: false });
});
afterAll(() => service.close());

/** Sends a request, checks the exchange against the document, returns the parsed body. */
async function call(target: { url: string }, method: string, path: string, body?: unknown) {
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = await res.json();
  const problems = conformance.check({
    method,
    path: path.split('?')[0]!,
    status: res.status,
    headers: res.headers,
    body: parsed,
  });
  expect(problems, `${method} ${path} → ${res.status}`).toEqual([]);
  return { status: res.status, body: parsed as Record<string, unknown> };
}

const MISSING = '00000000-0000-4000-8000-000000000404';

describe('orders-service conforms to its OpenAPI document', () => {
  it('placeOrder: 201 with Location, 400 for an invalid body', async () => {
    expect((await call(service, 'POST', '/orders', createOrderRequest({ notes: 'Ring twice' }))).status).toBe(
      201,
    );
    expect((await call(service, 'POST', '/orders', { customerId: 'nope', items: [] })).status).toBe(400);
  });

  it('listOrders: 200 with and without filters and cursor, 400 for a bad query', async () => {
    for (let i = 0; i < 3; i++) await service.orders.placeOrder(createOrderRequest());
    const page = await call(service, 'GET', '/orders?status=pending&limit=2');
    expect(page.status).toBe(200);
    const next = await call(service, 'GET', `/orders?status=pending&limit=2&cursor=${page.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect((await call(service, 'GET', '/orders?limit=0')).status).toBe(400);
  });

  it('getOrder: 200 for an order (cancelled too), 404 for a missing one', async () => {
    const order = await service.orders.placeOrder(createOrderRequest());
    expect((await call(service, 'GET', `/orders/${order.id}`)).status).toBe(200);
    await service.orders.cancelOrder(order.id, { reason: 'other', comment: 'Changed my mind' });
    expect((await call(service, 'GET', `/orders/${order.id}`)).body.cancellation).toBeDefined();
    expect((await call(service, 'GET', `/orders/${MISSING}`)).status).toBe(404);
  });

  it('cancelOrder: 200, 400 for an invalid reason, 404 for a missing order, 409 when not cancellable', async () => {
    const order = await service.orders.placeOrder(createOrderRequest());
    expect((await call(service, 'POST', `/orders/${order.id}/cancel`, { reason: 'bored' })).status).toBe(400);
    expect((await call(service, 'POST', `/orders/${order.id}/cancel`, { reason: 'other' })).status).toBe(200);
    expect((await call(service, 'POST', `/orders/${order.id}/cancel`, { reason: 'other' })).status).toBe(409);
    expect((await call(service, 'POST', `/orders/${MISSING}/cancel`, { reason: 'other' })).status).toBe(404);
  });

  it('every operation: 500 INTERNAL_ERROR (the 5XX response) without internals when a use case fails unexpectedly', async () => {
    const failing = new Proxy({} as Orders, {
      get: () => async () => {
        throw new Error('connection terminated unexpectedly');
      },
    });
    const server = createHttpServer({ orders: failing, validateResponses: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    try {
      const answers = [
        await call(target, 'POST', '/orders', createOrderRequest()),
        await call(target, 'GET', '/orders'),
        await call(target, 'GET', `/orders/${MISSING}`),
        await call(target, 'POST', `/orders/${MISSING}/cancel`, { reason: 'other' }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(500);
        expect(answer.body).toEqual({
          code: 'INTERNAL_ERROR',
          message: 'Unexpected server error',
          requestId: expect.any(String),
        });
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('exercised every response the document declares, the 5XX (server failure) one included', () => {
    const missed = conformance
      .coverage()
      .filter((c) => !c.exercised)
      .map((c) => c.response);
    expect(missed).toEqual([]);
    expect(conformance.coverage().length).toBeGreaterThan(12);
  });
});

describe('the conformance check itself', () => {
  const headers = new Headers({
    'content-type': 'application/json',
    'accord-schema-version': '1',
    'x-request-id': 'req-1',
  });

  it('reports an undeclared status, a body breaking the 5XX response, an unknown operation, a missing header, an invalid body', () => {
    const check = createConformance().check;
    expect(check({ method: 'GET', path: `/orders/${MISSING}`, status: 418, headers, body: {} })).toEqual([
      'getOrder answered 418, which the document does not declare',
    ]);
    // A 5xx is the document's 5XX response: an ErrorResponse, which {} is not.
    expect(check({ method: 'GET', path: `/orders/${MISSING}`, status: 503, headers, body: {} })).toEqual([
      expect.stringMatching(/^body: .*must have required property 'code'/),
    ]);
    expect(check({ method: 'DELETE', path: '/orders', status: 200, headers, body: {} })).toEqual([
      'DELETE /orders is not an operation of the document',
    ]);
    const noId = new Headers({ 'content-type': 'application/json', 'accord-schema-version': '1' });
    const problems = check({
      method: 'GET',
      path: '/orders',
      status: 200,
      headers: noId,
      body: { orders: [], x: 1 },
    });
    expect(problems[0]).toBe('header x-request-id is missing');
    expect(problems[1]).toMatch(/^body: .*must NOT have additional properties/);
  });
});
