// request.path-or-method.unknown: method and path matching, path parameters, base paths and servers.
import { describe, expect, it } from 'vitest';
import { compare, jsonResponse, ORDER_ID, openapi, ordersDocument, summary } from './support.js';

const listDocument = (extra = {}) =>
  openapi(
    {
      '/orders': {
        get: { responses: { '200': { description: 'ok' } } },
        post: { responses: { '201': { description: 'ok' } } },
      },
      '/orders/search': { get: { operationId: 'search', responses: { '200': { description: 'ok' } } } },
      '/orders/{id}': {
        get: {
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    {},
    extra,
  );

describe('request.path-or-method.unknown', () => {
  it('matches a path template with a valid parameter', () => {
    const result = compare(ordersDocument(), [{ path: `/orders/${ORDER_ID}`, status: 404 }]);
    expect(result).toMatchObject({ success: true, interactionsCompared: 1, errors: [], warnings: [] });
  });

  it('reports a path no template matches, pointing at the pact path and /paths', () => {
    const result = compare(ordersDocument(), [{ path: '/customers/1' }]);
    expect(result.success).toBe(false);
    expect(summary(result)).toEqual([
      ['request.path-or-method.unknown', '/interactions/0/request/path', '/paths'],
    ]);
    expect(result.errors[0]!.message).toBe('Path or method not defined in spec file: GET /customers/1');
    expect(result.errors[0]!.pact.value).toBe('/customers/1');
  });

  it('names the methods the path has when only the method is wrong', () => {
    const result = compare(listDocument(), [{ method: 'DELETE', path: '/orders' }]);
    expect(summary(result)).toEqual([
      ['request.path-or-method.unknown', '/interactions/0/request/method', '/paths/~1orders'],
    ]);
    expect(result.errors[0]!.message).toBe(
      'Path or method not defined in spec file: DELETE /orders; the spec defines GET, POST for /orders',
    );
  });

  it('treats a path parameter that breaks its schema as no operation, pointing at the keyword', () => {
    const result = compare(listDocument(), [{ path: '/orders/abc' }]);
    expect(summary(result)).toEqual([
      [
        'request.path-or-method.unknown',
        '/interactions/0/request/path',
        '/paths/~1orders~1{id}/get/parameters/0/schema/format',
      ],
    ]);
    expect(result.errors[0]!.message).toBe(
      `Path or method not defined in spec file: GET /orders/abc; path parameter 'id' must match format "uuid"`,
    );
  });

  it('prefers the literal template over a parameterised one', () => {
    const result = compare(listDocument(), [{ path: '/orders/search', responseBody: undefined }]);
    expect(result.errors).toEqual([]);
    const bad = compare(listDocument(), [{ path: '/orders/search', status: 418 }]);
    expect(bad.errors[0]!.contract.operation).toMatchObject({
      path: '/orders/search',
      pointer: '/paths/~1orders~1search/get',
    });
  });

  it('is case-insensitive for the method and strict for trailing slashes unless configured', () => {
    expect(compare(listDocument(), [{ method: 'get', path: '/orders' }]).success).toBe(true);
    expect(summary(compare(listDocument(), [{ path: '/orders/' }]))[0]![0]).toBe(
      'request.path-or-method.unknown',
    );
    const lenient = listDocument({
      info: { title: 't', version: '1', 'x-opc-config-ignore-trailing-slash': true },
    });
    expect(compare(lenient, [{ path: '/orders/' }]).success).toBe(true);
  });

  it('accepts paths with or without the servers prefix and records the base path', () => {
    const document = listDocument({ servers: [{ url: 'https://api.example.com/v1' }] });
    const bare = compare(document, [{ path: '/orders', status: 418 }]);
    const prefixed = compare(document, [{ path: '/v1/orders', status: 418 }]);
    expect(bare.errors[0]!.contract.operation?.basePath).toBe('');
    expect(prefixed.errors[0]!.contract.operation?.basePath).toBe('/v1');
    expect(compare(document, [{ path: '/v2/orders' }]).success).toBe(false);
    const templated = listDocument({
      servers: [
        {
          url: '{scheme}://api.example.com/{base}',
          variables: { scheme: { default: 'https' }, base: { default: 'api' } },
        },
      ],
    });
    expect(compare(templated, [{ path: '/api/orders' }]).success).toBe(true);
  });

  it('makes x-opc-config-base-path the only prefix', () => {
    const document = listDocument({ info: { title: 't', version: '1', 'x-opc-config-base-path': '/api' } });
    expect(compare(document, [{ path: '/api/orders' }]).success).toBe(true);
    expect(compare(document, [{ path: '/orders' }]).success).toBe(false);
  });

  it('does not match a path that carries its query string', () => {
    expect(summary(compare(listDocument(), [{ path: '/orders?status=pending' }]))[0]![0]).toBe(
      'request.path-or-method.unknown',
    );
  });

  it('matches parameters inside a segment and decodes percent-encoding after matching', () => {
    const document = openapi({
      '/files/{name}.json': {
        get: {
          parameters: [
            { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z/ ]+$' } },
          ],
          responses: { '200': jsonResponse({ type: 'object' }) },
        },
      },
    });
    expect(compare(document, [{ path: '/files/a%2Fb%20c.json' }]).success).toBe(true);
    expect(compare(document, [{ path: '/files/a/b.json' }]).success).toBe(false);
  });
});
