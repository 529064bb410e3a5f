// Matching-rule path extraction in every Pact specification version, on documents shaped as the Pact tools write them.
import { describe, expect, it } from 'vitest';
import { type PactBody, readPact } from './pact.js';
import { reliedPaths } from './relied.js';

function bodies(doc: unknown): PactBody[] {
  const r = readPact(doc);
  if (!r.ok) throw new Error(r.reason);
  return r.pact.interactions.flatMap((i) => i.parts.flatMap((p) => (p.body ? [p.body] : [])));
}
const relied = (body: PactBody) => {
  const r = reliedPaths(body.content, body.rules);
  return Object.fromEntries(
    r.paths.map((p) => [p.text, p.matchers.join(',') || (p.fromExample ? 'example' : '')]),
  );
};

describe('V2 pacts (flat `$.body…` rule keys, `match`/`min`/`regex`)', () => {
  const v2 = {
    consumer: { name: 'legacy-web' },
    provider: { name: 'orders-service' },
    interactions: [
      {
        description: 'an order',
        request: { method: 'GET', path: '/orders/1', headers: { Accept: 'application/json' } },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: { id: 'o-1', items: [{ sku: 'AB-1' }, { sku: 'CD-2' }], total: { amount: 1 } },
          matchingRules: {
            '$.headers.Content-Type': { match: 'regex', regex: 'json' },
            '$.body.id': { match: 'type' },
            '$.body.items': { min: 2, match: 'type' },
            '$.body.items[*].sku': { match: 'regex', regex: '^[A-Z]+-\\d$' },
          },
        },
      },
    ],
    metadata: { pactSpecification: { version: '2.0.0' } },
  };

  it('body rules only; eachLike arrays stand for every element; unmatched example values count too', () => {
    const [body] = bodies(v2);
    expect(relied(body!)).toEqual({
      $: 'example',
      '$.id': 'type',
      '$.items': 'type',
      '$.items[*]': 'example',
      '$.items[*].sku': 'regex',
      '$.total': 'example',
      '$.total.amount': 'example',
    });
  });

  it('an array without an every-element rule keeps its positions', () => {
    const doc = structuredClone(v2);
    delete (doc.interactions[0]!.response.matchingRules as Record<string, unknown>)['$.body.items'];
    delete (doc.interactions[0]!.response.matchingRules as Record<string, unknown>)['$.body.items[*].sku'];
    const [body] = bodies(doc);
    expect(Object.keys(relied(body!))).toEqual(expect.arrayContaining(['$.items[0].sku', '$.items[1].sku']));
  });
});

describe('V3 pacts (`matchingRules.body` with `matchers` and `combine`)', () => {
  const v3 = {
    consumer: { name: 'mobile-app' },
    provider: { name: 'orders-service' },
    interactions: [
      {
        description: 'orders',
        request: { method: 'GET', path: '/orders', query: { status: ['pending'] } },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: {
            id: 'e2490de5-5bd3-43d5-b7c4-526e33f71304',
            items: [{ sku: 'AB', tags: { k: 'v' } }],
            any: [{ a: 1 }, { b: 'x' }],
          },
          matchingRules: {
            body: {
              '$.id': { combine: 'AND', matchers: [{ match: 'regex', regex: '[0-9a-f-]{36}' }] },
              '$.items': { combine: 'AND', matchers: [{ match: 'type', min: 1 }] },
              '$.items[*].sku': { combine: 'AND', matchers: [{ match: 'regex', regex: '^[A-Z]+$' }] },
              '$.items[*].tags': { combine: 'AND', matchers: [{ match: 'values' }] },
              '$.items[*].tags.*': { combine: 'AND', matchers: [{ match: 'type' }] },
              '$.any': {
                combine: 'AND',
                matchers: [
                  {
                    match: 'arrayContains',
                    variants: [
                      { index: 0, rules: { '$.a': { combine: 'AND', matchers: [{ match: 'integer' }] } } },
                      { index: 1, rules: { '$.b': { combine: 'AND', matchers: [{ match: 'type' }] } } },
                    ],
                  },
                ],
              },
            },
            header: { 'Content-Type': { matchers: [{ match: 'regex', regex: 'json' }] } },
          },
        },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };

  it('`values` maps stand for every key; arrayContains variants stand for some element', () => {
    const [body] = bodies(v3);
    expect(relied(body!)).toMatchObject({
      '$.id': 'regex',
      '$.items': 'type',
      '$.items[*].sku': 'regex',
      '$.items[*].tags': 'values',
      '$.items[*].tags.*': 'type',
      '$.any': 'arrayContains',
      '$.any[*].a': 'integer',
      '$.any[*].b': 'type',
    });
    expect(Object.keys(relied(body!))).not.toContain('$.items[0].sku');
  });

  it('message pacts: `messages[].contents` with `metaData` and `matchingRules.body`', () => {
    const doc = {
      consumer: { name: 'fulfilment-worker' },
      provider: { name: 'orders-service' },
      messages: [
        {
          description: 'an OrderPlaced v2 event',
          providerStates: [{ name: 'an order has been placed' }],
          contents: {
            specversion: '1.0',
            type: 'OrderPlaced',
            dataschema: 'https://contracts.accord.dev/OrderPlaced/v2.schema.json',
            data: { orderId: 'o-1', items: [{ sku: 'A', quantity: 2 }] },
          },
          metaData: { contentType: 'application/json' },
          matchingRules: {
            body: {
              '$.data.orderId': { matchers: [{ match: 'type' }] },
              '$.data.items': { matchers: [{ match: 'type', min: 1 }] },
              '$.data.items[*].quantity': { matchers: [{ match: 'integer' }] },
            },
          },
        },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    };
    const [body] = bodies(doc);
    expect(relied(body!)).toMatchObject({
      '$.data.orderId': 'type',
      '$.data.items': 'type',
      '$.data.items[*].sku': 'example',
      '$.data.items[*].quantity': 'integer',
      '$.type': 'example',
    });
  });
});

describe('V4 pacts (body wrappers, arrayContains, eachKey / eachValue)', () => {
  const v4 = {
    consumer: { name: 'admin-console' },
    provider: { name: 'orders-service' },
    interactions: [
      {
        type: 'Synchronous/HTTP',
        description: 'orders',
        request: { method: 'GET', path: '/orders' },
        response: {
          status: 200,
          headers: { 'Content-Type': ['application/json'] },
          body: {
            content: { items: [{ quantity: 1, sku: 'AB' }], meta: { a: 'x' }, vals: { a: 'x' } },
            contentType: 'application/json',
            encoded: false,
          },
          matchingRules: {
            body: {
              '$.items': {
                combine: 'AND',
                matchers: [
                  {
                    match: 'arrayContains',
                    variants: [
                      {
                        index: 0,
                        rules: {
                          '$.quantity': { combine: 'AND', matchers: [{ match: 'integer' }] },
                          '$.sku': { combine: 'AND', matchers: [{ match: 'regex', regex: '^[A-Z]+$' }] },
                        },
                      },
                    ],
                  },
                ],
              },
              '$.meta': {
                combine: 'AND',
                matchers: [
                  { match: 'eachKey', rules: [{ match: 'regex', regex: '^[a-z]+$' }], value: '{"a":"x"}' },
                ],
              },
              '$.vals': {
                combine: 'AND',
                matchers: [{ match: 'eachValue', rules: [{ match: 'type' }], value: '{"a":"x"}' }],
              },
            },
          },
        },
      },
      {
        type: 'Asynchronous/Messages',
        description: 'an event, JSON-encoded',
        contents: {
          content: '{"type":"OrderPlaced","schemaversion":2,"data":{"orderId":"o"}}',
          contentType: 'application/json',
          encoded: 'JSON',
        },
        metadata: { contentType: 'application/json' },
        matchingRules: { body: { '$.data.orderId': { combine: 'AND', matchers: [{ match: 'type' }] } } },
      },
    ],
    metadata: { pactSpecification: { version: '4.0' } },
  };

  it('reads the `content` wrapper; arrayContains elements, eachKey keys and eachValue values are `[*]` / `.*`', () => {
    const [http] = bodies(v4);
    expect(relied(http!)).toEqual({
      $: 'example',
      '$.items': 'arrayContains',
      '$.items[*]': 'example',
      '$.items[*].quantity': 'integer',
      '$.items[*].sku': 'regex',
      '$.meta': 'eachKey',
      '$.meta.*': 'example',
      '$.vals': 'eachValue',
      '$.vals.*': 'example',
    });
  });

  it('decodes JSON-encoded message contents', () => {
    const [, message] = bodies(v4);
    expect(relied(message!)).toMatchObject({
      '$.type': 'example',
      '$.schemaversion': 'example',
      '$.data.orderId': 'type',
    });
  });

  it('a rule for a path the example lacks is relied on by itself; a key it cannot read is reported', () => {
    const r = reliedPaths({ a: 1 }, [
      { key: '$.b.c', matchers: [{ match: 'type' }] },
      { key: 'not a path', matchers: [{ match: 'type' }] },
    ]);
    expect(r.paths.map((p) => [p.text, p.fromExample, p.fromRule])).toContainEqual(['$.b.c', false, true]);
    expect(r.unreadableKeys).toEqual(['not a path']);
  });
});
