// The orders API's generated document judged against pacts shaped like checkout-web's (PactV4, matchers).
import { loadOpenApiDocument } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import { compareWithOpenApi, loadOpenApiContract } from '../src/index.js';
import { summary } from './support.js';

const contract = loadOpenApiContract(loadOpenApiDocument().text);
const ID = '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90';
const order = {
  id: ID,
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
  createdAt: '2026-11-26T08:15:00.000Z',
};

const interaction = (description: string, request: object, response: object) => ({
  type: 'Synchronous/HTTP',
  description,
  request,
  response,
});
const json = (content: unknown) => ({ content, contentType: 'application/json', encoded: false });
const pact = (...interactions: object[]) => ({
  interactions,
  metadata: { pactSpecification: { version: '4.0' } },
});

const place = interaction(
  'a request to place an order',
  {
    method: 'POST',
    path: '/orders',
    headers: { 'Content-Type': ['application/json'] },
    body: json({
      customerId: 'cus_8f3kQ2Lm',
      items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
      shippingAddress: {
        name: 'Ada',
        line1: 'Hauptstr. 1',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
    }),
  },
  {
    status: 201,
    headers: {
      'Content-Type': ['application/json; charset=utf-8'],
      Location: [`/orders/${ID}`],
      'accord-schema-version': ['1'],
    },
    body: json(order),
    matchingRules: {
      header: {
        Location: { combine: 'AND', matchers: [{ match: 'regex', regex: '^/orders/[0-9a-f-]{36}$' }] },
      },
    },
  },
);
const list = interaction(
  'a request for pending orders',
  {
    method: 'GET',
    path: '/orders',
    query: { status: ['pending'] },
    headers: { Accept: ['application/json'] },
  },
  { status: 200, headers: { 'Content-Type': ['application/json'] }, body: json({ orders: [order] }) },
);
const missing = interaction(
  'a request for an order that does not exist',
  { method: 'GET', path: '/orders/00000000-0000-4000-8000-000000000404' },
  { status: 404, body: json({ code: 'NOT_FOUND', message: 'gone', requestId: 'r-1' }) },
);

describe('the orders document against checkout-web-shaped pacts', () => {
  it('accepts what checkout-web reads, Location and the schema-version header included', () => {
    const result = compareWithOpenApi(pact(place, list, missing), contract);
    expect(result).toMatchObject({ success: true, interactionsCompared: 3, errors: [], warnings: [] });
  });

  it('names the interaction and both pointers when a pact reads a field or a status the API does not have', () => {
    const discount = interaction(
      'a request for an order with a discount',
      { method: 'GET', path: `/orders/${ID}` },
      { status: 200, body: json({ ...order, discount: { amount: 100, currency: 'EUR' } }) },
    );
    const teapot = interaction(
      'a request for a teapot',
      { method: 'GET', path: `/orders/${ID}` },
      { status: 418 },
    );
    const result = compareWithOpenApi(pact(place, discount, teapot), contract);
    expect(summary(result)).toEqual([
      [
        'response.body.incompatible',
        '/interactions/1/response/body/content/discount',
        '/components/schemas/OrderV1/additionalProperties',
      ],
      ['response.status.unknown', '/interactions/2/response/status', '/paths/~1orders~1{id}/get/responses'],
    ]);
    expect(result.errors.map((e) => e.interaction.description)).toEqual([
      'a request for an order with a discount',
      'a request for a teapot',
    ]);
  });

  it('rejects a request body the provider would reject (closed request schema, required fields)', () => {
    const sloppy = structuredClone(place);
    (sloppy.request as { body: { content: Record<string, unknown> } }).body.content = {
      customerId: 'cus_8f3kQ2Lm',
      coupon: 'X',
    };
    const result = compareWithOpenApi(pact(sloppy), contract);
    expect(result.errors.map((e) => [e.pact.pointer, e.contract.keyword]).sort()).toEqual([
      ['/interactions/0/request/body/content', 'required'],
      ['/interactions/0/request/body/content', 'required'],
      ['/interactions/0/request/body/content/coupon', 'additionalProperties'],
    ]);
  });
});
