// Request-side mismatch codes: authorization, Accept, Content-Type, header and query parameters, bodies.
import { describe, expect, it } from 'vitest';
import { compare, jsonResponse, openapi, summary } from './support.js';

const ok = {
  '200': jsonResponse({ type: 'object', properties: { ok: { type: 'boolean' } } }),
  '400': { description: 'bad' },
};

const CREATE = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'items'],
  properties: {
    id: { type: 'string', readOnly: true },
    customerId: { type: 'string', pattern: '^cus_' },
    items: { type: 'array', minItems: 1, items: { type: 'integer' } },
  },
};

const document = openapi(
  {
    '/orders': {
      get: {
        parameters: [
          {
            name: 'status',
            in: 'query',
            required: true,
            schema: { type: 'string', enum: ['pending', 'paid'] },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } },
          {
            name: 'tags',
            in: 'query',
            schema: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
          },
          { $ref: '#/components/parameters/ApiVersion' },
          { name: 'X-Count', in: 'header', schema: { type: 'integer' } },
          { name: 'Accept', in: 'header', required: true, schema: { type: 'string' } },
        ],
        responses: ok,
      },
      post: {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Create' } } },
        },
        responses: { '201': jsonResponse({ type: 'object' }), '400': { description: 'bad' } },
      },
    },
    '/secure': {
      get: { security: [{ bearer: [] }], responses: { ...ok, '401': { description: 'no' } } },
      post: { security: [{ key: [] }, { oauth: [] }], responses: ok },
      put: { security: [{ queryKey: [] }], responses: ok },
      delete: { security: [], responses: ok },
    },
    '/form': {
      post: {
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['n'],
                properties: { n: { type: 'integer' }, tag: { type: 'array', items: { type: 'string' } } },
              },
            },
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['title'],
                properties: { title: { type: 'string', maxLength: 5 } },
              },
            },
            'application/xml': { schema: { type: 'object' } },
          },
        },
        responses: ok,
      },
    },
    '/nobody': { post: { responses: ok } },
  },
  {
    schemas: { Create: CREATE },
    parameters: {
      ApiVersion: {
        name: 'X-Api-Version',
        in: 'header',
        required: true,
        schema: { type: 'string', pattern: '^[0-9]+$' },
      },
    },
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      key: { type: 'apiKey', in: 'header', name: 'X-Key' },
      queryKey: { type: 'apiKey', in: 'query', name: 'key' },
      oauth: { type: 'oauth2', flows: {} },
    },
  },
);

const get = (query: Record<string, string | string[]> | string, headers: Record<string, string> = {}) => ({
  path: '/orders',
  query,
  headers: { 'X-Api-Version': '2', Accept: 'application/json', ...headers },
});

describe('request.authorization.missing', () => {
  it('requires the bearer token the operation demands', () => {
    expect(summary(compare(document, [{ path: '/secure' }]))).toEqual([
      ['request.authorization.missing', '/interactions/0/request/headers', '/paths/~1secure/get/security'],
    ]);
    expect(compare(document, [{ path: '/secure' }]).errors[0]!.message).toBe(
      'Request Authorization header is missing but is required by the spec file',
    );
    expect(compare(document, [{ path: '/secure', headers: { Authorization: 'Bearer x' } }]).success).toBe(
      true,
    );
    expect(compare(document, [{ path: '/secure', headers: { Authorization: 'Basic eDp5' } }]).success).toBe(
      false,
    );
  });

  it('is met by any requirement (oauth2 is assumed), and names the query for an apiKey in the query', () => {
    expect(compare(document, [{ method: 'POST', path: '/secure' }]).success).toBe(true);
    const query = compare(document, [{ method: 'PUT', path: '/secure' }]);
    expect(summary(query)).toEqual([
      ['request.authorization.missing', '/interactions/0/request/query', '/paths/~1secure/put/security'],
    ]);
    expect(query.errors[0]!.message).toBe(
      'Request Authorization query is missing but is required by the spec file',
    );
    expect(compare(document, [{ method: 'PUT', path: '/secure', query: { key: 'k' } }]).success).toBe(true);
    expect(compare(document, [{ method: 'DELETE', path: '/secure' }]).success).toBe(true);
  });

  it('is not demanded of a negative scenario (status >= 400)', () => {
    expect(compare(document, [{ path: '/secure', status: 401 }]).success).toBe(true);
  });
});

describe('request.accept.*', () => {
  it('reports an Accept no response media type satisfies', () => {
    const result = compare(document, [
      { ...get({ status: 'paid' }), headers: { 'X-Api-Version': '2', Accept: 'application/xml' } },
    ]);
    expect(summary(result)).toEqual([
      [
        'request.accept.incompatible',
        '/interactions/0/request/headers/Accept',
        '/paths/~1orders/get/responses',
      ],
    ]);
  });

  it('negotiates parameters, q-values, suffixes and wildcards', () => {
    for (const accept of [
      'application/json; charset=utf-8',
      'text/html;q=0.5, application/*',
      '*/*',
      'application/hal+json',
    ]) {
      expect(compare(document, [get({ status: 'paid' }, { Accept: accept })]).errors).toEqual([]);
    }
    expect(
      compare(document, [get({ status: 'paid' }, { Accept: 'application/json;q=0' })]).errors[0]!.code,
    ).toBe('request.accept.incompatible');
  });

  it('warns when the operation declares no response media types', () => {
    const result = compare(document, [
      { method: 'DELETE', path: '/secure', status: 418, headers: { Accept: 'text/plain' } },
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual([]);
    const bare = openapi({ '/ping': { get: { responses: { '204': { description: 'none' } } } } });
    expect(
      summary(compare(bare, [{ path: '/ping', status: 204, headers: { Accept: 'text/plain' } }])),
    ).toEqual([['request.accept.unknown', '/interactions/0/request/headers/Accept', '/paths/~1ping/get']]);
  });
});

describe('request.content-type.*', () => {
  const body = { customerId: 'cus_1', items: [1] };
  it('accepts an equivalent Content-Type and rejects an incompatible one without judging the body', () => {
    expect(
      compare(document, [
        { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body, status: 201 },
      ]).success,
    ).toBe(true);
    const wrong = compare(document, [
      { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: { nope: 1 }, status: 201 },
    ]);
    expect(summary(wrong)).toEqual([
      [
        'request.content-type.incompatible',
        '/interactions/0/request/headers/Content-Type',
        '/paths/~1orders/post/requestBody/content',
      ],
    ]);
  });

  it('warns about a Content-Type where no body is declared, and about a body without one', () => {
    expect(
      summary(
        compare(document, [
          { method: 'POST', path: '/nobody', headers: { 'Content-Type': 'application/json' } },
        ]),
      ),
    ).toEqual([
      [
        'request.content-type.unknown',
        '/interactions/0/request/headers/Content-Type',
        '/paths/~1nobody/post',
      ],
    ]);
    expect(summary(compare(document, [{ method: 'POST', body, status: 201 }]))).toEqual([
      [
        'request.content-type.missing',
        '/interactions/0/request/headers',
        '/paths/~1orders/post/requestBody/content',
      ],
    ]);
  });
});

describe('request.header.*', () => {
  it('requires declared headers and validates their values (coerced); Accept/Content-Type parameters are ignored', () => {
    const missing = compare(document, [{ path: '/orders', query: { status: 'paid' } }]);
    expect(summary(missing)).toEqual([
      ['request.header.incompatible', '/interactions/0/request/headers', '/components/parameters/ApiVersion'],
    ]);
    expect(missing.errors[0]!.message).toBe(
      "Value is incompatible with the parameter defined in the spec file: must have required property 'X-Api-Version'",
    );
    const wrong = compare(document, [get({ status: 'paid' }, { 'X-Api-Version': 'v2', 'X-Count': 'many' })]);
    expect(summary(wrong)).toEqual([
      [
        'request.header.incompatible',
        '/interactions/0/request/headers/X-Api-Version',
        '/components/parameters/ApiVersion/schema/pattern',
      ],
      [
        'request.header.incompatible',
        '/interactions/0/request/headers/X-Count',
        '/paths/~1orders/get/parameters/4/schema/type',
      ],
    ]);
    expect(compare(document, [get({ status: 'paid' }, { 'x-count': '3' })]).success).toBe(true);
  });

  it('warns about headers neither declared nor standard', () => {
    const result = compare(document, [get({ status: 'paid' }, { 'X-Foo': '1', 'User-Agent': 'web' })]);
    expect(summary(result)).toEqual([
      ['request.header.unknown', '/interactions/0/request/headers/X-Foo', '/paths/~1orders/get/parameters'],
    ]);
    expect(result.warnings[0]!.message).toBe('Request header is not defined in the spec file: x-foo');
  });

  it('skips header parameters in a negative scenario', () => {
    expect(compare(document, [{ path: '/orders', status: 400 }]).success).toBe(true);
  });
});

describe('request.query.*', () => {
  it('requires declared query parameters and validates them with coercion', () => {
    expect(summary(compare(document, [get({})]))).toEqual([
      ['request.query.incompatible', '/interactions/0/request/query', '/paths/~1orders/get/parameters/0'],
    ]);
    const wrong = compare(document, [get({ status: 'bogus', limit: '1000' })]);
    expect(summary(wrong)).toEqual([
      [
        'request.query.incompatible',
        '/interactions/0/request/query/status',
        '/paths/~1orders/get/parameters/0/schema/enum',
      ],
      [
        'request.query.incompatible',
        '/interactions/0/request/query/limit',
        '/paths/~1orders/get/parameters/1/schema/maximum',
      ],
    ]);
    expect(wrong.errors[0]!.message).toBe(
      'Value is incompatible with the parameter defined in the spec file: must be equal to one of the allowed values',
    );
    expect(compare(document, [get({ status: 'paid', limit: '10' })]).success).toBe(true);
  });

  it('reads arrays from repeated keys, comma lists and v2 query strings', () => {
    expect(compare(document, [get({ status: 'paid', tags: ['a', 'b'] })]).success).toBe(true);
    expect(compare(document, [get({ status: 'paid', tags: 'a,b' })]).success).toBe(true);
    const v2 = compare(document, [get('status=paid&tags=a&tags=c')], '2.0.0');
    expect(summary(v2)).toEqual([
      [
        'request.query.incompatible',
        '/interactions/0/request/query',
        '/paths/~1orders/get/parameters/2/schema/items/enum',
      ],
    ]);
  });

  it('warns about undeclared query parameters', () => {
    expect(summary(compare(document, [get({ status: 'paid', page: '2' })]))).toEqual([
      ['request.query.unknown', '/interactions/0/request/query/page', '/paths/~1orders/get/parameters'],
    ]);
  });
});

describe('request.body.*', () => {
  const post = (body: unknown) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
    status: 201,
  });

  it('validates the body against the schema as written: required, closed, types', () => {
    expect(compare(document, [post({ customerId: 'cus_1', items: [1] })]).success).toBe(true);
    const result = compare(document, [post({ customerId: 'x', items: ['one'], coupon: 'FREE' })]);
    expect(summary(result)).toEqual([
      [
        'request.body.incompatible',
        '/interactions/0/request/body/coupon',
        '/components/schemas/Create/additionalProperties',
      ],
      [
        'request.body.incompatible',
        '/interactions/0/request/body/customerId',
        '/components/schemas/Create/properties/customerId/pattern',
      ],
      [
        'request.body.incompatible',
        '/interactions/0/request/body/items/0',
        '/components/schemas/Create/properties/items/items/type',
      ],
    ]);
    const missing = compare(document, [post({ customerId: 'cus_1' })]);
    expect(missing.errors[0]!.message).toBe(
      "Request body is incompatible with the request body schema in the spec file: must have required property 'items'",
    );
    expect(missing.errors[0]!.contract.pointer).toBe('/components/schemas/Create/required');
  });

  it('does not require readOnly properties in a request', () => {
    const readOnlyRequired = openapi({
      '/r': {
        post: {
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'n'],
                  properties: { id: { type: 'string', readOnly: true }, n: { type: 'integer' } },
                },
              },
            },
          },
          responses: ok,
        },
      },
    });
    expect(
      compare(readOnlyRequired, [
        { method: 'POST', path: '/r', headers: { 'Content-Type': 'application/json' }, body: { n: 1 } },
      ]).success,
    ).toBe(true);
  });

  it('reports a missing required body', () => {
    const result = compare(document, [{ method: 'POST', status: 201 }]);
    expect(summary(result)).toEqual([
      ['request.body.incompatible', '/interactions/0/request', '/paths/~1orders/post/requestBody/required'],
    ]);
    expect(result.errors[0]!.message).toBe(
      'Request body is incompatible with the request body schema in the spec file: a body is required',
    );
  });

  it('warns about a body the operation does not declare, and one it cannot validate', () => {
    expect(summary(compare(document, [{ method: 'POST', path: '/nobody', body: { a: 1 } }]))).toEqual([
      ['request.body.unknown', '/interactions/0/request/body', '/paths/~1nobody/post'],
    ]);
    expect(
      summary(
        compare(document, [
          { method: 'POST', path: '/form', headers: { 'Content-Type': 'application/xml' }, body: '<a/>' },
        ]),
      ),
    ).toEqual([
      [
        'request.body.unvalidatable',
        '/interactions/0/request/body',
        '/paths/~1form/post/requestBody/content',
      ],
    ]);
  });

  it('parses and validates form and multipart bodies', () => {
    const form = (body: string) => ({
      method: 'POST',
      path: '/form',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(compare(document, [form('n=3&tag=a&tag=b')]).success).toBe(true);
    expect(summary(compare(document, [form('n=three')]))).toEqual([
      [
        'request.body.incompatible',
        '/interactions/0/request/body/n',
        '/paths/~1form/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/n/type',
      ],
    ]);
    const multipart = (title: string) => ({
      method: 'POST',
      path: '/form',
      headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
      body: `--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\n${title}\r\n--XyZ--\r\n`,
    });
    expect(compare(document, [multipart('Hello')]).success).toBe(true);
    expect(compare(document, [multipart('Hello world')]).errors[0]!.contract.pointer).toBe(
      '/paths/~1form/post/requestBody/content/multipart~1form-data/schema/properties/title/maxLength',
    );
  });

  it('skips the body of a negative scenario', () => {
    expect(
      compare(document, [
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: { bad: true }, status: 400 },
      ]).success,
    ).toBe(true);
  });
});
