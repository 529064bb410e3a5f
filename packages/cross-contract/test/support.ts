// Builders for the comparator's tests: small OpenAPI documents and v2/v3/v4 pacts around one interaction.
import { type ComparisonResult, compareWithOpenApi, type Mismatch } from '../src/index.js';

type Json = Record<string, unknown>;

export interface InteractionSpec {
  description?: string;
  method?: string;
  path?: string;
  query?: Record<string, string | string[]> | string;
  headers?: Record<string, string>;
  body?: unknown;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: unknown;
  /** v3 form: `{ body: { '$.a': { matchers: [{ match: 'type' }] } } }`. */
  matchingRules?: Json;
}

/** A v3 pact (v2 when `version` says so) with the given interactions. */
export function pact(interactions: InteractionSpec[], version: '2.0.0' | '3.0.0' = '3.0.0'): Json {
  return {
    consumer: { name: 'web' },
    provider: { name: 'orders-service' },
    interactions: interactions.map((i, index) => ({
      description: i.description ?? `interaction ${index}`,
      request: {
        method: i.method ?? 'GET',
        path: i.path ?? '/orders',
        ...(i.query === undefined ? {} : { query: i.query }),
        ...(i.headers === undefined ? {} : { headers: i.headers }),
        ...(i.body === undefined ? {} : { body: i.body }),
      },
      response: {
        status: i.status ?? 200,
        ...(i.responseHeaders === undefined ? {} : { headers: i.responseHeaders }),
        ...(i.responseBody === undefined ? {} : { body: i.responseBody }),
        ...(i.matchingRules === undefined ? {} : { matchingRules: i.matchingRules }),
      },
    })),
    metadata: { pactSpecification: { version } },
  };
}

/** A minimal OpenAPI 3.1 document: `paths` and `components` as given. */
export function openapi(paths: Json, components: Json = {}, extra: Json = {}): Json {
  return { openapi: '3.1.0', info: { title: 'test', version: '1' }, paths, components, ...extra };
}

/** `{ '200': { description, content: { 'application/json': { schema } } } }` */
export function jsonResponse(schema: Json, extra: Json = {}): Json {
  return { description: 'ok', content: { 'application/json': { schema } }, ...extra };
}

export function compare(
  document: Json | string,
  interactions: InteractionSpec[],
  version?: '2.0.0' | '3.0.0',
): ComparisonResult {
  return compareWithOpenApi(pact(interactions, version), document);
}

/** [code, pact pointer, contract pointer] of every mismatch, errors first. */
export function summary(result: ComparisonResult): Array<[string, string, string]> {
  return [...result.errors, ...result.warnings].map((m: Mismatch) => [
    m.code,
    m.pact.pointer,
    m.contract.pointer,
  ]);
}

const ORDER_SCHEMA: Json = {
  type: 'object',
  required: ['id', 'status', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['pending', 'shipped'] },
    createdAt: { type: 'string', format: 'date-time' },
    total: { type: 'integer', minimum: 0 },
  },
};

export const ORDER_ID = '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90';

/** GET /orders/{id} → 200 Order | 404, the document most tests use. */
export function ordersDocument(extra: Json = {}): Json {
  return openapi(
    {
      '/orders/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        get: {
          responses: {
            '200': jsonResponse({ $ref: '#/components/schemas/Order' }),
            '404': { description: 'missing' },
          },
        },
      },
    },
    { schemas: { Order: ORDER_SCHEMA } },
    extra,
  );
}
