// Response-side mismatch codes: status, Content-Type, headers, and bodies judged as PactFlow judges them.
import { describe, expect, it } from 'vitest';
import { compare, jsonResponse, ORDER_ID, openapi, ordersDocument, summary } from './support.js';

const order = { id: ORDER_ID, status: 'pending', createdAt: '2026-11-26T08:15:00Z', total: 10 };
const get = (responseBody: unknown, extra = {}) => ({ path: `/orders/${ORDER_ID}`, responseBody, ...extra });

describe('response.status.*', () => {
  it('reports an undeclared status at the pact status and the operation responses', () => {
    const result = compare(ordersDocument(), [get(undefined, { status: 418 })]);
    expect(summary(result)).toEqual([
      ['response.status.unknown', '/interactions/0/response/status', '/paths/~1orders~1{id}/get/responses'],
    ]);
    expect(result.errors[0]!.message).toBe('Response status code not defined in spec file: 418');
  });

  it('matches a range key, and warns when only default matches (judging the body against it)', () => {
    const document = openapi({
      '/x': {
        get: {
          responses: {
            '2XX': { description: 'fine' },
            default: jsonResponse({ type: 'object', properties: { code: { type: 'string' } } }),
          },
        },
      },
    });
    expect(compare(document, [{ path: '/x', status: 204 }]).success).toBe(true);
    const fallback = compare(document, [{ path: '/x', status: 503, responseBody: { code: 'DOWN' } }]);
    expect(fallback.success).toBe(true);
    expect(summary(fallback)).toEqual([
      ['response.status.default', '/interactions/0/response/status', '/paths/~1x/get/responses/default'],
    ]);
    expect(compare(document, [{ path: '/x', status: 503, responseBody: { code: 1 } }]).errors[0]!.code).toBe(
      'response.body.incompatible',
    );
  });
});

describe('response.content-type.*', () => {
  it('accepts charset parameters and +json, rejects other types without judging the body', () => {
    for (const type of ['application/json; charset=utf-8', 'application/hal+json']) {
      expect(
        compare(ordersDocument(), [get(order, { responseHeaders: { 'Content-Type': type } })]).success,
      ).toBe(true);
    }
    const wrong = compare(ordersDocument(), [
      get({ nonsense: true }, { responseHeaders: { 'Content-Type': 'text/plain' } }),
    ]);
    expect(summary(wrong)).toEqual([
      [
        'response.content-type.incompatible',
        '/interactions/0/response/headers/Content-Type',
        '/paths/~1orders~1{id}/get/responses/200/content',
      ],
    ]);
  });

  it('warns when the response declares no media types', () => {
    expect(
      summary(
        compare(ordersDocument(), [
          get(undefined, { status: 404, responseHeaders: { 'Content-Type': 'application/json' } }),
        ]),
      ),
    ).toEqual([
      [
        'response.content-type.unknown',
        '/interactions/0/response/headers/Content-Type',
        '/paths/~1orders~1{id}/get/responses/404',
      ],
    ]);
  });
});

describe('response.header.*', () => {
  const document = openapi(
    {
      '/x': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              headers: {
                'X-Rate': { schema: { type: 'integer' } },
                'X-Req': { $ref: '#/components/headers/Req' },
              },
            },
          },
        },
      },
    },
    { headers: { Req: { schema: { type: 'string', pattern: '^r-' } } } },
  );

  it('validates declared headers the consumer reads (coerced), through $refs', () => {
    expect(
      compare(document, [{ path: '/x', responseHeaders: { 'X-Rate': '10', 'x-req': 'r-1' } }]).success,
    ).toBe(true);
    expect(
      summary(compare(document, [{ path: '/x', responseHeaders: { 'X-Rate': 'lots', 'X-Req': 'q' } }])),
    ).toEqual([
      [
        'response.header.incompatible',
        '/interactions/0/response/headers/X-Rate',
        '/paths/~1x/get/responses/200/headers/X-Rate/schema/type',
      ],
      [
        'response.header.incompatible',
        '/interactions/0/response/headers/X-Req',
        '/components/headers/Req/schema/pattern',
      ],
    ]);
  });

  it('lets a header matcher relax value constraints but not the type', () => {
    const rules = { header: { 'X-Req': { matchers: [{ match: 'regex', regex: '^q' }] } } };
    expect(
      compare(document, [{ path: '/x', responseHeaders: { 'X-Req': 'q-1' }, matchingRules: rules }]).success,
    ).toBe(true);
  });

  it('errors on an undeclared custom header, warns on an undeclared standard one', () => {
    const result = compare(document, [
      { path: '/x', responseHeaders: { 'X-Request-Id': 'a', Location: '/x/1' } },
    ]);
    expect(summary(result)).toEqual([
      [
        'response.header.unknown',
        '/interactions/0/response/headers/X-Request-Id',
        '/paths/~1x/get/responses/200/headers',
      ],
      [
        'response.header.undefined',
        '/interactions/0/response/headers/Location',
        '/paths/~1x/get/responses/200',
      ],
    ]);
    expect(result.errors[0]!.message).toBe('Response header is not defined in the spec file: x-request-id');
    expect(result.warnings[0]!.message).toBe(
      'Standard http response header is not defined in the spec file: location',
    );
  });
});

describe('response.body.unknown / unvalidatable', () => {
  it('errors on a body where the response declares none', () => {
    expect(summary(compare(ordersDocument(), [get({ code: 'NOT_FOUND' }, { status: 404 })]))).toEqual([
      ['response.body.unknown', '/interactions/0/response/body', '/paths/~1orders~1{id}/get/responses/404'],
    ]);
  });

  it('warns on a body it cannot validate (XML) and succeeds', () => {
    const document = openapi({
      '/x': {
        get: {
          responses: {
            '200': { description: 'ok', content: { 'application/xml': { schema: { type: 'object' } } } },
          },
        },
      },
    });
    const result = compare(document, [
      { path: '/x', responseHeaders: { 'Content-Type': 'application/xml' }, responseBody: '<a/>' },
    ]);
    expect(result.success).toBe(true);
    expect(summary(result)).toEqual([
      [
        'response.body.unvalidatable',
        '/interactions/0/response/body',
        '/paths/~1x/get/responses/200/content',
      ],
    ]);
  });

  it('treats an empty body as no body', () => {
    expect(compare(ordersDocument(), [get('', { status: 404 })]).success).toBe(true);
  });
});

describe('response.body.incompatible', () => {
  it('does not demand required fields of the consumer example', () => {
    expect(compare(ordersDocument(), [get({ id: ORDER_ID })]).success).toBe(true);
  });

  it('closes response objects: a field the document does not have is an error at the field and the object', () => {
    const result = compare(ordersDocument(), [get({ ...order, discount: 10 })]);
    expect(summary(result)).toEqual([
      ['response.body.incompatible', '/interactions/0/response/body/discount', '/components/schemas/Order'],
    ]);
    expect(result.errors[0]).toMatchObject({
      message:
        'Response body is incompatible with the response body schema in the spec file: must NOT have unevaluated properties - discount',
      pact: { value: 10 },
      contract: {
        keyword: 'unevaluatedProperties',
        injected: true,
        operation: {
          method: 'get',
          path: '/orders/{id}',
          pointer: '/paths/~1orders~1{id}/get',
          response: '/paths/~1orders~1{id}/get/responses/200/content/application~1json/schema',
          basePath: '',
        },
      },
    });
  });

  it('reports type, enum and format errors with the keyword pointer', () => {
    const result = compare(ordersDocument(), [get({ id: 'x', status: 'lost', total: -1 })]);
    expect(summary(result)).toEqual([
      [
        'response.body.incompatible',
        '/interactions/0/response/body/id',
        '/components/schemas/Order/properties/id/format',
      ],
      [
        'response.body.incompatible',
        '/interactions/0/response/body/status',
        '/components/schemas/Order/properties/status/enum',
      ],
      [
        'response.body.incompatible',
        '/interactions/0/response/body/total',
        '/components/schemas/Order/properties/total/minimum',
      ],
    ]);
  });

  it('closes objects with additionalProperties: true too, but honours an additionalProperties schema', () => {
    const doc = (additionalProperties: unknown) =>
      openapi({
        '/x': {
          get: {
            responses: {
              '200': jsonResponse({
                type: 'object',
                properties: { a: { type: 'string' } },
                additionalProperties,
              }),
            },
          },
        },
      });
    expect(
      compare(doc(true), [{ path: '/x', responseBody: { a: 'x', b: 'y' } }]).errors[0]!.contract.pointer,
    ).toBe('/paths/~1x/get/responses/200/content/application~1json/schema');
    expect(compare(doc({ type: 'string' }), [{ path: '/x', responseBody: { a: 'x', b: 'y' } }]).success).toBe(
      true,
    );
    expect(
      compare(doc({ type: 'string' }), [{ path: '/x', responseBody: { b: 2 } }]).errors[0]!.contract.pointer,
    ).toBe('/paths/~1x/get/responses/200/content/application~1json/schema/additionalProperties/type');
  });

  it('sees through allOf: fields of every member are allowed, others fail at the allOf node', () => {
    const document = openapi(
      { '/pets': { get: { responses: { '200': jsonResponse({ $ref: '#/components/schemas/Cat' }) } } } },
      {
        schemas: {
          Pet: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
          Cat: {
            allOf: [
              { $ref: '#/components/schemas/Pet' },
              { type: 'object', properties: { meow: { type: 'boolean' } } },
            ],
          },
        },
      },
    );
    expect(compare(document, [{ path: '/pets', responseBody: { name: 'Tom', meow: true } }]).success).toBe(
      true,
    );
    expect(
      summary(compare(document, [{ path: '/pets', responseBody: { name: 'Tom', bark: true } }])),
    ).toEqual([
      ['response.body.incompatible', '/interactions/0/response/body/bark', '/components/schemas/Cat'],
    ]);
    // Pet used directly stays closed on its own.
    const direct = openapi(
      { '/pet': { get: { responses: { '200': jsonResponse({ $ref: '#/components/schemas/Pet' }) } } } },
      document.components as Record<string, unknown>,
    );
    expect(compare(direct, [{ path: '/pet', responseBody: { name: 'Tom', meow: true } }]).success).toBe(
      false,
    );
  });

  it('selects the oneOf alternative by discriminator; a subset matching several alternatives fails without one', () => {
    const schemas = {
      Cat: { type: 'object', properties: { petType: { type: 'string' }, meow: { type: 'boolean' } } },
      Dog: { type: 'object', properties: { petType: { type: 'string' }, bark: { type: 'boolean' } } },
    };
    const pets = (discriminator?: object) =>
      openapi(
        {
          '/pet': {
            get: {
              responses: {
                '200': jsonResponse({
                  oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
                  ...(discriminator ? { discriminator } : {}),
                }),
              },
            },
          },
        },
        { schemas },
      );
    const mapped = pets({
      propertyName: 'petType',
      mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' },
    });
    expect(compare(mapped, [{ path: '/pet', responseBody: { petType: 'cat', meow: true } }]).success).toBe(
      true,
    );
    expect(
      summary(compare(mapped, [{ path: '/pet', responseBody: { petType: 'cat', bark: true } }])),
    ).toEqual([
      ['response.body.incompatible', '/interactions/0/response/body/bark', '/components/schemas/Cat'],
    ]);
    expect(
      compare(mapped, [{ path: '/pet', responseBody: { petType: 'cow' } }]).errors[0]!.contract.pointer,
    ).toBe('/paths/~1pet/get/responses/200/content/application~1json/schema/discriminator/propertyName/enum');
    const byName = pets({ propertyName: 'petType' });
    expect(compare(byName, [{ path: '/pet', responseBody: { petType: 'Dog', bark: true } }]).success).toBe(
      true,
    );
    const plain = compare(pets(), [{ path: '/pet', responseBody: { petType: 'cat' } }]);
    expect(summary(plain)).toEqual([
      [
        'response.body.incompatible',
        '/interactions/0/response/body',
        '/paths/~1pet/get/responses/200/content/application~1json/schema/oneOf',
      ],
    ]);
    expect(compare(pets(), [{ path: '/pet', responseBody: { meow: true } }]).success).toBe(true);
  });

  it('reads OpenAPI 3.0 nullable (also beside a $ref) and 3.1 type lists', () => {
    const v30 = (nullable: boolean) => ({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: {
            responses: {
              '200': jsonResponse({
                type: 'object',
                properties: {
                  note: { type: 'string', nullable },
                  order: { $ref: '#/components/schemas/Order', nullable: true },
                },
              }),
            },
          },
        },
      },
      components: { schemas: { Order: { type: 'object', properties: { id: { type: 'string' } } } } },
    });
    expect(compare(v30(true), [{ path: '/x', responseBody: { note: null, order: null } }]).success).toBe(
      true,
    );
    expect(
      compare(v30(false), [{ path: '/x', responseBody: { note: null } }]).errors[0]!.contract.pointer,
    ).toBe('/paths/~1x/get/responses/200/content/application~1json/schema/properties/note/type');
    // Through the nullable reference the explanation is the referenced schema's, not "must match anyOf".
    expect(
      summary(compare(v30(true), [{ path: '/x', responseBody: { order: { id: '1', extra: 1 } } }])),
    ).toEqual([
      [
        'response.body.incompatible',
        '/interactions/0/response/body/order/extra',
        '/components/schemas/Order',
      ],
    ]);
    const v31 = openapi({
      '/x': {
        get: {
          responses: {
            '200': jsonResponse({ type: 'object', properties: { note: { type: ['string', 'null'] } } }),
          },
        },
      },
    });
    expect(compare(v31, [{ path: '/x', responseBody: { note: null } }]).success).toBe(true);
  });

  it('lets matchers relax value constraints (enum, array bounds, formats) but never types', () => {
    const document = openapi({
      '/x': {
        get: {
          responses: {
            '200': jsonResponse({
              type: 'object',
              properties: {
                status: { type: 'string', enum: ['pending', 'shipped'] },
                tags: {
                  type: 'array',
                  uniqueItems: true,
                  minItems: 3,
                  items: { type: 'string', maxLength: 3 },
                },
                count: { type: 'integer' },
                at: { type: 'string', format: 'date-time' },
              },
            }),
          },
        },
      },
    });
    const body = { status: 'lost', tags: ['abcd', 'abcd'], at: '2026-01-01T10:00:00' };
    const rules = {
      body: {
        '$.status': { matchers: [{ match: 'type' }] },
        '$.tags': { matchers: [{ match: 'type', min: 2 }] },
        '$.at': { matchers: [{ match: 'timestamp', timestamp: "yyyy-MM-dd'T'HH:mm:ss" }] },
      },
    };
    expect(compare(document, [{ path: '/x', responseBody: body, matchingRules: rules }]).success).toBe(true);
    expect(
      summary(compare(document, [{ path: '/x', responseBody: body }])).map(([code, at]) => [code, at]),
    ).toEqual([
      ['response.body.incompatible', '/interactions/0/response/body/status'],
      ['response.body.incompatible', '/interactions/0/response/body/tags'],
      ['response.body.incompatible', '/interactions/0/response/body/tags/0'],
      ['response.body.incompatible', '/interactions/0/response/body/tags/1'],
      ['response.body.incompatible', '/interactions/0/response/body/tags'],
      ['response.body.incompatible', '/interactions/0/response/body/at'],
    ]);
    const typed = compare(document, [
      {
        path: '/x',
        responseBody: { count: '12', tags: [1] },
        matchingRules: {
          body: {
            '$.count': { matchers: [{ match: 'regex', regex: '\\d+' }] },
            '$.tags': { matchers: [{ match: 'type' }] },
          },
        },
      },
    ]);
    expect(typed.errors.map((e) => [e.pact.pointer, e.message])).toEqual([
      [
        '/interactions/0/response/body/tags/0',
        'Response body is incompatible with the response body schema in the spec file: must be string',
      ],
      [
        '/interactions/0/response/body/count',
        'Response body is incompatible with the response body schema in the spec file: must be integer',
      ],
    ]);
    const exactAgain = {
      body: { $: { matchers: [{ match: 'type' }] }, '$.status': { matchers: [{ match: 'equality' }] } },
    };
    expect(
      compare(document, [{ path: '/x', responseBody: { status: 'lost' }, matchingRules: exactAgain }])
        .success,
    ).toBe(false);
  });

  it('reads v2 matching rules under $.body', () => {
    const result = compare(
      ordersDocument(),
      [get({ status: 'lost' }, { matchingRules: { '$.body.status': { match: 'type' } } })],
      '2.0.0',
    );
    expect(result.success).toBe(true);
  });

  it('validates recursive schemas and points into the recursion', () => {
    const document = openapi(
      { '/tree': { get: { responses: { '200': jsonResponse({ $ref: '#/components/schemas/Node' }) } } } },
      {
        schemas: {
          Node: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
            },
          },
        },
      },
    );
    const body = { name: 'a', children: [{ name: 'b', children: [{ name: 3 }] }] };
    expect(summary(compare(document, [{ path: '/tree', responseBody: body }]))).toEqual([
      [
        'response.body.incompatible',
        '/interactions/0/response/body/children/0/children/0/name',
        '/components/schemas/Node/properties/name/type',
      ],
    ]);
  });
});
