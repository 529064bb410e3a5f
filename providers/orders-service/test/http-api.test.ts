// End-to-end tests of the orders HTTP API on a random port: statuses, bodies valid against the contract artifacts, errors.
import { getValidator } from '@accord/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrdersService, type OrdersService } from '../src/index.js';
import { createOrderRequest, postJson } from './support/fixtures.js';

let service: OrdersService;

beforeAll(async () => {
  service = await createOrdersService({ port: 0, validateResponses: true }, { startRelay: false });
});
afterAll(() => service.close());
beforeEach(() => service.orders.deleteAll());

const expectContract = (name: string, body: unknown) => {
  const validate = getValidator(name, 1);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
};

describe('POST /orders', () => {
  it('creates a pending order with line totals and a total, as a valid Order v1', async () => {
    const res = await postJson(`${service.url}/orders`, createOrderRequest({ notes: 'Leave at the door' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('accord-schema-version')).toBe('1');
    const order = await res.json();
    expectContract('Order', order);
    expect(res.headers.get('location')).toBe(`/orders/${order.id}`);
    expect(order).toMatchObject({
      status: 'pending',
      customerId: 'cus_8f3kQ2Lm',
      notes: 'Leave at the door',
      total: { amount: 2 * 1250 + 899, currency: 'EUR' },
    });
    expect(order.items[0].lineTotal).toEqual({ amount: 2500, currency: 'EUR' });
    expect(order.createdAt).toBe(order.updatedAt);
  });

  it('answers 400 VALIDATION_FAILED with one detail per invalid field', async () => {
    const res = await postJson(`${service.url}/orders`, {
      customerId: 'nope',
      items: [{ sku: 'MUG-BLUE-350', quantity: 0, unitPrice: { amount: 1, currency: 'EUR' } }],
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expectContract('ErrorResponse', body);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['customerId', 'items.0.quantity', 'shippingAddress'].sort(),
    );
    expect(body.requestId).toEqual(expect.any(String));
  });

  it('rejects items in different currencies', async () => {
    const request = createOrderRequest();
    request.items[1]!.unitPrice.currency = 'USD';
    const res = await postJson(`${service.url}/orders`, request);
    expect(res.status).toBe(400);
    expect((await res.json()).details).toEqual([
      { field: 'items.1.unitPrice.currency', message: 'must be EUR like items.0' },
    ]);
  });

  it('rejects bodies that are not JSON', async () => {
    const bad = await fetch(`${service.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"customerId":',
    });
    expect(bad.status).toBe(400);
    const text = await fetch(`${service.url}/orders`, { method: 'POST', body: 'hello' });
    expect(text.status).toBe(400);
    expectContract('ErrorResponse', await text.json());
  });
});

describe('GET /orders/{id}', () => {
  it('returns the order as created', async () => {
    const created = await (await postJson(`${service.url}/orders`, createOrderRequest())).json();
    const res = await fetch(`${service.url}/orders/${created.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(created);
  });

  it('answers 404 NOT_FOUND for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await fetch(`${service.url}/orders/${id}`);
      expect(res.status).toBe(404);
      const body = await res.json();
      expectContract('ErrorResponse', body);
      expect(body.code).toBe('NOT_FOUND');
    }
  });
});

describe('GET /orders', () => {
  it('lists newest first, filters by status and pages with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const at = new Date(Date.UTC(2026, 10, 26, 8, i));
      ids.push((await service.orders.placeOrder(createOrderRequest(), { at })).id);
    }
    await service.orders.cancelOrder(ids[1]!, { reason: 'customer_request' });

    const first = await fetch(`${service.url}/orders?status=pending&limit=2`);
    expect(first.status).toBe(200);
    const page1 = await first.json();
    expectContract('OrderList', page1);
    expect(page1.orders.map((o: { id: string }) => o.id)).toEqual([ids[4], ids[3]]);
    expect(page1.nextCursor).toEqual(expect.any(String));

    const page2 = await (
      await fetch(`${service.url}/orders?status=pending&limit=2&cursor=${page1.nextCursor}`)
    ).json();
    expect(page2.orders.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[0]]);
    expect(page2.nextCursor).toBeUndefined();

    const cancelled = await (await fetch(`${service.url}/orders?status=cancelled`)).json();
    expect(cancelled.orders.map((o: { id: string }) => o.id)).toEqual([ids[1]]);
    const all = await (await fetch(`${service.url}/orders`)).json();
    expect(all.orders).toHaveLength(5);
  });

  it('answers 400 for an unknown status, a bad limit or a forged cursor', async () => {
    const res = await fetch(`${service.url}/orders?status=lost&limit=1000&cursor=xyz`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expectContract('ErrorResponse', body);
    expect(body.details.map((d: { field: string }) => d.field)).toEqual(['status', 'limit', 'cursor']);
  });
});

describe('POST /orders/{id}/cancel', () => {
  it('cancels a pending order and records the reason', async () => {
    const order = await service.orders.placeOrder(createOrderRequest());
    const res = await postJson(`${service.url}/orders/${order.id}/cancel`, {
      reason: 'out_of_stock',
      comment: 'Mug discontinued',
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expectContract('Order', body);
    expect(body.status).toBe('cancelled');
    expect(body.cancellation).toMatchObject({ reason: 'out_of_stock', comment: 'Mug discontinued' });
    expect(await service.orders.getOrder(order.id)).toEqual(body);
  });

  it('answers 409 ORDER_NOT_CANCELLABLE for a shipped or already cancelled order', async () => {
    const shipped = await service.orders.placeOrder(createOrderRequest());
    await service.orders.setStatus(shipped.id, 'shipped');
    const res = await postJson(`${service.url}/orders/${shipped.id}/cancel`, { reason: 'other' });
    expect(res.status).toBe(409);
    const body = await res.json();
    expectContract('ErrorResponse', body);
    expect(body.code).toBe('ORDER_NOT_CANCELLABLE');

    const once = await service.orders.placeOrder(createOrderRequest());
    expect((await postJson(`${service.url}/orders/${once.id}/cancel`, { reason: 'other' })).status).toBe(200);
    expect((await postJson(`${service.url}/orders/${once.id}/cancel`, { reason: 'other' })).status).toBe(409);
  });

  it('answers 404 for an unknown order and 400 for an invalid reason', async () => {
    const missing = await postJson(`${service.url}/orders/00000000-0000-4000-8000-000000000000/cancel`, {
      reason: 'other',
    });
    expect(missing.status).toBe(404);
    const order = await service.orders.placeOrder(createOrderRequest());
    const invalid = await postJson(`${service.url}/orders/${order.id}/cancel`, { reason: 'bored' });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).details[0].field).toBe('reason');
  });
});

describe('routing', () => {
  it('answers 404 for unknown paths and 405 with Allow for unsupported methods', async () => {
    const unknown = await fetch(`${service.url}/customers`);
    expect(unknown.status).toBe(404);
    expectContract('ErrorResponse', await unknown.json());
    const wrong = await fetch(`${service.url}/orders`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, GET');
  });

  it('echoes a well-formed x-request-id into error bodies', async () => {
    const res = await fetch(`${service.url}/orders/nope`, { headers: { 'x-request-id': 'req-42' } });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    expect((await res.json()).requestId).toBe('req-42');
  });
});
