// The OpenAPI document of the orders API: built from the route table and the committed artifacts, committed
// as YAML, and every body schema resolvable with ajv as the artifact it came from.
import AjvModule from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalog } from '../catalog/catalog.js';
import { loadSchema } from '../runtime/schemas.js';
import {
  buildOpenApiDocument,
  componentName,
  loadOpenApiDocument,
  type OpenApiDocument,
  referencedContracts,
  renderOpenApiYaml,
} from './openapi.js';
import { ordersApi, type RouteDeclaration } from './routes.js';

const { text, document } = loadOpenApiDocument();
type Operation = {
  operationId: string;
  parameters?: Array<Record<string, unknown>>;
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content: Record<string, { schema: { $ref: string } }>; headers?: object }>;
};
const operation = (doc: OpenApiDocument, path: string, method: string) =>
  (doc.paths as Record<string, Record<string, Operation>>)[path]![method]!;

describe('the orders OpenAPI document', () => {
  it('is the committed file, rebuilt from the routes and the committed artifacts', () => {
    const rebuilt = buildOpenApiDocument(ordersApi, loadSchema);
    expect(document).toEqual(rebuilt);
    expect(text).toBe(renderOpenApiYaml(rebuilt));
    expect(text).not.toMatch(/^\s*[&*]\w/m); // no YAML anchors or aliases
  });

  it('is OpenAPI 3.1 with one operation per route, every status the route declares, and 5XX server errors', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'Orders API', version: '1.0.0' } });
    for (const route of ordersApi.routes as readonly RouteDeclaration[]) {
      const op = operation(document, route.path, route.method.toLowerCase());
      expect(op.operationId).toBe(route.operationId);
      expect(Object.keys(op.responses)).toEqual([...route.responses.map((r) => String(r.status)), '5XX']);
      for (const r of route.responses) {
        expect(op.responses[String(r.status)]!.content['application/json']!.schema).toEqual({
          $ref: `#/components/schemas/${componentName(r.body)}`,
        });
      }
      if (route.requestBody) {
        expect(op.requestBody).toMatchObject({ required: true });
        expect(op.requestBody!.content['application/json']!.schema.$ref).toBe(
          `#/components/schemas/${componentName(route.requestBody)}`,
        );
      } else {
        expect(op.requestBody).toBeUndefined();
      }
    }
    expect(
      operation(document, '/orders', 'get').responses['5XX']!.content['application/json']!.schema,
    ).toEqual({
      $ref: '#/components/schemas/ErrorResponseV1',
    });
    expect(operation(document, '/orders/{id}', 'get').parameters).toContainEqual({
      $ref: '#/components/parameters/OrderId',
    });
    expect((document.components as { parameters: Record<string, unknown> }).parameters.OrderId).toMatchObject(
      {
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string', format: 'uuid' },
      },
    );
  });

  it('holds each referenced contract version as its artifact without $id and $schema', () => {
    const schemas = (document.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    expect(Object.keys(schemas)).toEqual(referencedContracts(ordersApi).map(componentName));
    expect(Object.keys(schemas)).toEqual([
      'CancelOrderRequestV1',
      'CreateOrderRequestV1',
      'ErrorResponseV1',
      'OrderListV1',
      'OrderV1',
    ]);
    for (const ref of referencedContracts(ordersApi)) {
      const { $id: _id, $schema: _dialect, ...artifact } = loadSchema(ref.contract, ref.version);
      expect(schemas[componentName(ref)]).toEqual(artifact);
    }
  });

  it('validates bodies through its $refs exactly as the artifacts do', () => {
    const ajv = new AjvModule.default({ strict: false, allErrors: true });
    addFormatsModule.default(ajv);
    ajv.addSchema(parse(text), 'https://contracts.invalid/orders-openapi');
    const schemaAt = (pointer: string) =>
      ajv.getSchema(
        `https://contracts.invalid/orders-openapi#${pointer.split('/').map(encodeURIComponent).join('/')}`,
      )!;
    const order = schemaAt('/paths/~1orders~1{id}/get/responses/200/content/application~1json/schema');
    const fixture = JSON.parse(JSON.stringify(loadFixture()));
    expect(order(fixture)).toBe(true);
    expect(order({ ...fixture, discount: 10 })).toBe(false);
    expect(order.errors?.[0]).toMatchObject({
      keyword: 'additionalProperties',
      params: { additionalProperty: 'discount' },
    });
  });

  it('binds the catalog entries to the routes that carry them', () => {
    const order = catalog.contracts.find((c) => c.name === 'Order')!;
    expect(order.endpoints).toEqual([
      { method: 'POST', path: '/orders', status: 201 },
      { method: 'GET', path: '/orders/{id}', status: 200 },
      { method: 'POST', path: '/orders/{id}/cancel', status: 200 },
    ]);
    expect(catalog.contracts.find((c) => c.name === 'CancelOrderRequest')!.http).toEqual({
      method: 'POST',
      path: '/orders/{id}/cancel',
    });
    expect(catalog.contracts.find((c) => c.name === 'OrderPlaced')!.endpoints).toBeUndefined();
  });
});

function loadFixture(): unknown {
  return {
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
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: 'Hauptstr. 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
    createdAt: '2026-11-26T08:15:00.000Z',
    updatedAt: '2026-11-26T08:15:00.000Z',
  };
}
