// Loading provider contracts: YAML and JSON, versions, $ref checks, invalid schemas, Swagger 2.0.
import { describe, expect, it } from 'vitest';
import { CrossContractError, compareWithOpenApi, loadOpenApiContract } from '../src/index.js';
import { compare, jsonResponse, openapi, pact, summary } from './support.js';

function loadError(source: string | Record<string, unknown>): CrossContractError {
  try {
    loadOpenApiContract(source);
  } catch (error) {
    if (error instanceof CrossContractError) return error;
    throw error;
  }
  throw new Error('loaded');
}

describe('loadOpenApiContract', () => {
  it('reads YAML and JSON text alike', () => {
    const yaml =
      'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        "200": {description: ok}\n';
    const json = JSON.stringify(openapi({ '/x': { get: { responses: { '200': { description: 'ok' } } } } }));
    for (const text of [yaml, json]) {
      const contract = loadOpenApiContract(text);
      expect(contract).toMatchObject({ kind: 'openapi-3.1', specificationVersion: '3.1.0' });
      expect(contract.model.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['get /x']);
    }
  });

  it('names the line and column of a YAML error', () => {
    const error = loadError('openapi: 3.1.0\npaths:\n  /x: [unclosed\n');
    expect(error.code).toBe('INVALID_DOCUMENT');
    expect(error.message).toMatch(/^is not valid YAML\/JSON: .*\(line \d+, column \d+\)$/);
  });

  it('rejects what is not an OpenAPI document or not a supported version', () => {
    expect(loadError('- a\n- b\n')).toMatchObject({
      code: 'INVALID_DOCUMENT',
      message: 'is not an OpenAPI document: the top level is not a mapping',
    });
    expect(loadError('title: x\n')).toMatchObject({
      code: 'INVALID_DOCUMENT',
      message: 'is not an OpenAPI document: no "openapi" or "swagger" field',
    });
    expect(loadError('openapi: 3.2.0\npaths: {}\n')).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      pointer: '/openapi',
    });
    expect(loadError('swagger: "1.2"\npaths: {}\n')).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      pointer: '/swagger',
    });
    expect(loadError('openapi: 3.0.3\ninfo: {title: t, version: "1"}\n')).toMatchObject({
      code: 'INVALID_DOCUMENT',
      pointer: '/paths',
    });
    expect(
      loadError({
        openapi: '3.1.0',
        jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
        paths: {},
      }),
    ).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      pointer: '/jsonSchemaDialect',
    });
  });

  it('rejects remote and dangling $refs, naming where they are written', () => {
    const remote = loadError(
      openapi({ '/x': { get: { responses: { '200': jsonResponse({ $ref: './common.yaml#/X' }) } } } }),
    );
    expect(remote).toMatchObject({
      code: 'UNRESOLVABLE_REF',
      pointer: '/paths/~1x/get/responses/200/content/application~1json/schema',
      message:
        "$ref './common.yaml#/X' at /paths/~1x/get/responses/200/content/application~1json/schema is not a local reference; bundle the document into one file",
    });
    const dangling = loadError(
      openapi({
        '/x': { get: { responses: { '200': jsonResponse({ $ref: '#/components/schemas/Nope' }) } } },
      }),
    );
    expect(dangling).toMatchObject({
      code: 'UNRESOLVABLE_REF',
      message: expect.stringContaining('does not resolve'),
    });
  });

  it('does not treat data that looks like a $ref as one, nor a property named like a keyword as data', () => {
    const document = openapi(
      { '/x': { get: { responses: { '200': jsonResponse({ $ref: '#/components/schemas/A' }) } } } },
      {
        schemas: {
          A: {
            type: 'object',
            example: { $ref: 'elsewhere' },
            properties: { default: { $ref: '#/components/schemas/B' } },
          },
          B: { type: 'string' },
        },
      },
    );
    expect(compareWithOpenApi(pact([{ path: '/x', responseBody: { default: 'x' } }]), document).success).toBe(
      true,
    );
    const broken = structuredClone(document) as {
      components: { schemas: { A: { properties: { default: { $ref: string } } } } };
    };
    broken.components.schemas.A.properties.default.$ref = '#/components/schemas/Missing';
    expect(loadError(broken as never).code).toBe('UNRESOLVABLE_REF');
  });

  it('rejects a schema ajv cannot compile, naming it', () => {
    const error = loadError(
      openapi({ '/x': { get: { responses: { '200': jsonResponse({ type: 'string', pattern: '([' }) } } } }),
    );
    expect(error).toMatchObject({
      code: 'INVALID_SCHEMA',
      pointer: '/paths/~1x/get/responses/200/content/application~1json/schema',
    });
  });

  it('reads ECMA-262 patterns as written (no unicode mode)', () => {
    const document = openapi({
      '/x': { get: { responses: { '200': jsonResponse({ type: 'string', pattern: '^[a-z\\-]+$' }) } } },
    });
    expect(compare(document, [{ path: '/x', responseBody: 'a-b' }]).success).toBe(true);
  });
});

describe('Swagger 2.0', () => {
  const swagger = {
    swagger: '2.0',
    info: { title: 't', version: '1' },
    basePath: '/v2',
    produces: ['application/json'],
    securityDefinitions: { basic: { type: 'basic' } },
    paths: {
      '/orders/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, type: 'string', format: 'uuid' }],
        get: {
          parameters: [
            {
              name: 'expand',
              in: 'query',
              type: 'array',
              items: { type: 'string', enum: ['items'] },
              collectionFormat: 'csv',
            },
          ],
          responses: {
            '200': {
              description: 'ok',
              schema: { $ref: '#/definitions/Order' },
              headers: { 'X-Rate': { type: 'integer' } },
            },
          },
        },
        put: {
          security: [{ basic: [] }],
          consumes: ['application/json'],
          parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/Order' } }],
          responses: { '200': { description: 'ok' } },
        },
      },
      '/upload': {
        post: {
          consumes: ['application/x-www-form-urlencoded'],
          parameters: [{ name: 'count', in: 'formData', type: 'integer', required: true }],
          responses: { '204': { description: 'done' } },
        },
      },
    },
    definitions: {
      Order: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, note: { type: 'string', 'x-nullable': true } },
      },
    },
  };
  const id = '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90';

  it('matches with and without basePath and judges bodies, parameters and headers like OpenAPI 3', () => {
    expect(loadOpenApiContract(swagger).kind).toBe('swagger-2.0');
    const fine = compare(swagger, [
      {
        path: `/v2/orders/${id}`,
        query: { expand: 'items' },
        responseHeaders: { 'X-Rate': '3' },
        responseBody: { id: '1', note: null },
      },
    ]);
    expect(fine.errors).toEqual([]);
    expect(fine.warnings).toEqual([]);
    expect(compare(swagger, [{ path: `/orders/${id}`, responseBody: { id: '1' } }]).success).toBe(true);
    expect(
      summary(
        compare(swagger, [
          {
            path: `/v2/orders/${id}`,
            query: { expand: 'all' },
            responseHeaders: { 'X-Rate': 'x' },
            responseBody: { discount: 1 },
          },
        ]),
      ),
    ).toEqual([
      [
        'request.query.incompatible',
        '/interactions/0/request/query/expand',
        '/paths/~1orders~1{id}/get/parameters/0/items/enum',
      ],
      [
        'response.header.incompatible',
        '/interactions/0/response/headers/X-Rate',
        '/paths/~1orders~1{id}/get/responses/200/headers/X-Rate/type',
      ],
      ['response.body.incompatible', '/interactions/0/response/body/discount', '/definitions/Order'],
    ]);
  });

  it('reads body and formData parameters as the request body, and basic security', () => {
    const put = (body: unknown, headers: Record<string, string> = {}) => ({
      method: 'PUT',
      path: `/orders/${id}`,
      headers: { 'Content-Type': 'application/json', Authorization: 'Basic eDp5', ...headers },
      body,
    });
    expect(compare(swagger, [put({ id: '1' })]).success).toBe(true);
    expect(summary(compare(swagger, [put({ note: 1 })]))).toEqual([
      ['request.body.incompatible', '/interactions/0/request/body', '/definitions/Order/required'],
      [
        'request.body.incompatible',
        '/interactions/0/request/body/note',
        '/definitions/Order/properties/note/type',
      ],
    ]);
    expect(compare(swagger, [put({ id: '1' }, { Authorization: 'Bearer x' })]).errors[0]!.code).toBe(
      'request.authorization.missing',
    );
    const form = (body: string) => ({
      method: 'POST',
      path: '/upload',
      status: 204,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(compare(swagger, [form('count=3')]).success).toBe(true);
    expect(summary(compare(swagger, [form('count=x')]))).toEqual([
      [
        'request.body.incompatible',
        '/interactions/0/request/body/count',
        '/paths/~1upload/post/parameters/0/type',
      ],
    ]);
  });
});
