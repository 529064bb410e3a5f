import type { OrderV1 } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import { createOrdersClient } from './client.js';
import type { OrdersClientError } from './errors.js';

const order: OrderV1 = {
  id: '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90',
  customerId: 'cus_8f3kQ2Lm',
  status: 'pending',
  items: [
    {
      sku: 'MUG-BLUE-350',
      quantity: 2,
      unitPrice: { amount: 1250, currency: 'EUR' },
      lineTotal: { amount: 2500, currency: 'EUR' },
    },
  ],
  total: { amount: 2500, currency: 'EUR' },
  shippingAddress: { name: 'Ada', line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  createdAt: '2026-11-26T08:15:00.000Z',
  updatedAt: '2026-11-26T08:15:00.000Z',
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

/** A fetch that answers from a queue and records what it was asked. */
function fakeFetch(...responses: Array<Response | Error>) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    const next = responses.shift();
    if (next === undefined) throw new Error('no more responses');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { impl, calls };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as OrdersClientError,
  );

describe('orders client', () => {
  it('sends typed JSON and reads the Order, ignoring fields a newer provider added', async () => {
    const { impl, calls } = fakeFetch(json(201, { ...order, loyaltyPoints: 25 }));
    const client = createOrdersClient({ baseUrl: 'http://orders.test/', fetch: impl });
    const placed = await client.placeOrder({
      customerId: order.customerId,
      items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
      shippingAddress: order.shippingAddress,
    });
    expect(placed).toEqual(order);
    expect(calls[0]!.url).toBe('http://orders.test/orders');
    expect(calls[0]!.init?.method).toBe('POST');
    expect(new Headers(calls[0]!.init?.headers).get('content-type')).toBe('application/json');
  });

  it('turns ErrorResponse bodies into coded errors with details and request id', async () => {
    const { impl } = fakeFetch(
      json(400, {
        code: 'VALIDATION_FAILED',
        message: 'Request body is not a valid CreateOrderRequest v1',
        details: [{ field: 'items', message: 'is required' }],
        requestId: 'req-1',
      }),
      json(409, { code: 'ORDER_NOT_CANCELLABLE', message: 'shipped' }),
      json(500, { code: 'INTERNAL_ERROR', message: 'boom', requestId: 'req-3' }),
    );
    const client = createOrdersClient({ baseUrl: 'http://orders.test', fetch: impl });
    const invalid = await failure(client.getOrder(order.id));
    expect(invalid).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, requestId: 'req-1' });
    expect(invalid.details).toEqual([{ field: 'items', message: 'is required' }]);
    expect(await failure(client.cancelOrder(order.id, { reason: 'other' }))).toMatchObject({
      code: 'ORDER_NOT_CANCELLABLE',
      status: 409,
    });
    expect(await failure(client.getOrder(order.id))).toMatchObject({
      code: 'SERVER_ERROR',
      requestId: 'req-3',
    });
  });

  it('reports a 502 with an HTML body as SERVER_ERROR and a refused connection as NETWORK_ERROR', async () => {
    const { impl } = fakeFetch(
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      new TypeError('fetch failed'),
    );
    const client = createOrdersClient({ baseUrl: 'http://orders.test', fetch: impl });
    expect(await failure(client.getOrder(order.id))).toMatchObject({ code: 'SERVER_ERROR', status: 502 });
    expect(await failure(client.getOrder(order.id))).toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('reports a body that breaks the contract as UNEXPECTED_RESPONSE naming the field', async () => {
    const { total: _dropped, ...withoutTotal } = order;
    const { impl } = fakeFetch(json(200, withoutTotal), new Response(null, { status: 204 }));
    const client = createOrdersClient({ baseUrl: 'http://orders.test', fetch: impl });
    const broken = await failure(client.getOrder(order.id));
    expect(broken.code).toBe('UNEXPECTED_RESPONSE');
    expect(broken.message).toContain('total');
    expect(await failure(client.getOrder(order.id))).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      status: 204,
    });
  });

  it('follows nextCursor through every page', async () => {
    const second = { ...order, id: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f' };
    const { impl, calls } = fakeFetch(
      json(200, { orders: [order], nextCursor: 'abc' }),
      json(200, { orders: [second] }),
    );
    const client = createOrdersClient({ baseUrl: 'http://orders.test', fetch: impl });
    const ids: string[] = [];
    for await (const o of client.allOrders({ status: 'pending', limit: 1 })) ids.push(o.id);
    expect(ids).toEqual([order.id, second.id]);
    expect(calls.map((c) => c.url)).toEqual([
      'http://orders.test/orders?status=pending&limit=1',
      'http://orders.test/orders?status=pending&limit=1&cursor=abc',
    ]);
  });
});
