import { describe, expect, it } from 'vitest';
import { bindPact, type ContractBinding, pathMatches } from './binding.js';
import { readPact } from './pact.js';

const contracts: ContractBinding[] = [
  { name: 'OrderPlaced', kind: 'event', owner: 'orders-service', versions: [1, 2], routes: [] },
  {
    name: 'Order',
    kind: 'http-response',
    owner: 'orders-service',
    versions: [1],
    routes: [
      { method: 'POST', path: '/orders', status: 201 },
      { method: 'GET', path: '/orders/{id}', status: 200 },
    ],
  },
  {
    name: 'ErrorResponse',
    kind: 'http-response',
    owner: 'orders-service',
    versions: [1],
    routes: [{ method: 'GET', path: '/orders/{id}', status: 404 }],
  },
  {
    name: 'CreateOrderRequest',
    kind: 'http-request',
    owner: 'orders-service',
    versions: [1],
    routes: [{ method: 'POST', path: '/orders' }],
  },
  {
    name: 'Invoice',
    kind: 'http-response',
    owner: 'billing-service',
    versions: [1],
    routes: [{ method: 'GET', path: '/health', status: 200 }],
  },
];

function bind(doc: unknown) {
  const r = readPact(doc);
  if (!r.ok) throw new Error(r.reason);
  return bindPact(r.pact, contracts);
}
const pact = (interactions: unknown[]) => ({
  consumer: { name: 'c' },
  provider: { name: 'orders-service' },
  interactions,
  metadata: { pactSpecification: { version: '4.0' } },
});
const json = (content: unknown) => ({ content, contentType: 'application/json', encoded: false });
const event = (
  contents: unknown,
  metadata: Record<string, unknown> = { contentType: 'application/json' },
) => ({
  type: 'Asynchronous/Messages',
  description: 'an event',
  contents: json(contents),
  metadata,
});

describe('pathMatches', () => {
  it('matches a parameter to one non-empty segment, ignores the query and a trailing slash', () => {
    expect(pathMatches('/orders/{id}', '/orders/5b2b0a7e')).toBe(true);
    expect(pathMatches('/orders/{id}', '/orders/5b2b0a7e/cancel')).toBe(false);
    expect(pathMatches('/orders/{id}/cancel', '/orders/x/cancel/')).toBe(true);
    expect(pathMatches('/orders', '/orders?status=pending')).toBe(true);
    expect(pathMatches('/orders/{id}', '/orders/')).toBe(false);
  });
});

describe('bindPact: HTTP', () => {
  it('binds request and response bodies by method, path template and status', () => {
    const b = bind(
      pact([
        {
          type: 'Synchronous/HTTP',
          description: 'place an order',
          request: { method: 'POST', path: '/orders', body: json({ customerId: 'c' }) },
          response: { status: 201, body: json({ id: 'o' }) },
        },
        {
          type: 'Synchronous/HTTP',
          description: 'missing order',
          request: { method: 'GET', path: '/orders/nope' },
          response: {
            status: 404,
            headers: { 'accord-schema-version': ['1'] },
            body: json({ code: 'NOT_FOUND' }),
          },
        },
      ]),
    );
    expect(b.unmatched).toEqual([]);
    expect(b.reads.map((r) => [r.contract, r.role, r.via, r.version, r.versionFrom])).toEqual([
      ['CreateOrderRequest', 'writes', 'POST /orders', undefined, undefined],
      ['Order', 'reads', 'POST /orders → 201', undefined, undefined],
      ['ErrorResponse', 'reads', 'GET /orders/{id} → 404', 1, 'accord-schema-version header'],
    ]);
  });

  it('lists what it cannot bind, with the reason; contracts of other providers are not considered', () => {
    const b = bind(
      pact([
        {
          type: 'Synchronous/HTTP',
          description: 'health',
          request: { method: 'GET', path: '/health' },
          response: { status: 200 },
        },
        {
          type: 'Synchronous/HTTP',
          description: 'server error',
          request: { method: 'GET', path: '/orders/1' },
          response: { status: 500, body: json({ oops: true }) },
        },
        {
          type: 'Synchronous/HTTP',
          description: 'as text',
          request: { method: 'GET', path: '/orders/1' },
          response: { status: 200, body: { content: 'hi', contentType: 'text/plain', encoded: false } },
        },
      ]),
    );
    expect(b.reads).toEqual([]);
    expect(b.unmatched).toEqual([
      { interaction: 'health', via: 'GET /health', reason: 'no contract route matches GET /health' },
      {
        interaction: 'server error',
        via: 'GET /orders/1',
        reason: 'no contract declares the 500 response body of GET /orders/1',
      },
      {
        interaction: 'as text',
        via: 'GET /orders/1',
        reason: 'the 200 response body of GET /orders/1 (Order) is text/plain, not JSON',
      },
    ]);
  });
});

describe('bindPact: messages', () => {
  it('CloudEvents type + schemaversion, dataschema, or contract metadata name the contract and version', () => {
    const b = bind(
      pact([
        event({ specversion: '1.0', type: 'OrderPlaced', schemaversion: 2, data: { orderId: 'o' } }),
        event({
          specversion: '1.0',
          type: 'OrderPlaced',
          dataschema: 'https://contracts.accord.dev/OrderPlaced/v1.schema.json',
        }),
        event({ orderId: 'o' }, { contract: 'OrderPlaced', contractVersion: '2' }),
      ]),
    );
    expect(b.unmatched).toEqual([]);
    expect(b.reads.map((r) => [r.contract, r.version, r.via])).toEqual([
      ['OrderPlaced', 2, 'message OrderPlaced v2 (schemaversion)'],
      ['OrderPlaced', 1, 'message OrderPlaced v1 (dataschema)'],
      ['OrderPlaced', 2, 'message OrderPlaced v2 (metadata contractVersion)'],
    ]);
  });

  it('binary-mode CloudEvents (ce-* metadata): the contents are `data`, so paths move under $.data', () => {
    const b = bind(pact([event({ orderId: 'o' }, { 'ce-type': 'OrderPlaced', 'ce-schemaversion': 2 })]));
    expect(b.reads[0]?.paths.map((p) => p.text)).toEqual(['$.data', '$.data.orderId']);
  });

  it('a message without a contract, of an unknown type, without or with an unknown version is listed', () => {
    const b = bind(
      pact([
        event({ hello: 'world' }),
        event({ type: 'OrderArchived', schemaversion: 1 }),
        event({ type: 'OrderPlaced' }),
        event({ type: 'OrderPlaced', schemaversion: 7 }),
      ]),
    );
    expect(b.reads).toEqual([]);
    expect(b.unmatched.map((u) => u.reason)).toEqual([
      'the message names no contract: no CloudEvents type or dataschema in its contents, no ce-type or contract metadata',
      '"OrderArchived" is not an event contract of this provider (event contracts: OrderPlaced)',
      'the message names OrderPlaced but not its version (no schemaversion, dataschema or contractVersion)',
      'OrderPlaced v7 is not in the catalog (it has v1, v2)',
    ]);
  });

  it('a document that is not a pact is refused with a reason', () => {
    expect(readPact([1, 2])).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(readPact({ consumer: {} })).toEqual({
      ok: false,
      reason: 'has neither "interactions" nor "messages"',
    });
  });
});
