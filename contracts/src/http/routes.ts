// The orders API's routes: method, path template, parameters and the contract version of every request
// and response body. The OpenAPI document and orders-service's router are both built from this table.
import { z } from 'zod';
import type { ContractName } from '../catalog/registry.js';
import type { HttpMethod } from '../catalog/types.js';
import { OrderIdSchema, OrderStatusSchema } from '../orders/primitives.js';

/** A body's contract: one published version of a catalog contract. */
export interface ContractRef {
  contract: ContractName;
  version: number;
}

export interface RouteParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  /** Path parameters are always required. */
  required: boolean;
  description: string;
  /** The value's schema; path, query and header values arrive as strings and are read as this type. */
  schema: z.ZodType;
  /** Name under components/parameters when several operations share the parameter. */
  component?: string;
}

export interface RouteHeader {
  name: string;
  description: string;
  /** Sent on every response of this status. */
  required: boolean;
  schema: z.ZodType;
  /** Name under components/headers when several responses share the header. */
  component?: string;
}

export interface RouteResponse {
  status: number;
  description: string;
  body: ContractRef;
  headers?: readonly RouteHeader[];
}

export interface RouteDeclaration {
  /** Stable name of the operation; orders-service registers one handler per id. */
  operationId: string;
  method: HttpMethod;
  /** Path template, `{name}` for a path parameter: "/orders/{id}/cancel". */
  path: string;
  summary: string;
  parameters: readonly RouteParameter[];
  requestBody?: ContractRef & { description: string };
  /** Ascending by status. */
  responses: readonly RouteResponse[];
}

export interface ApiDeclaration {
  /** The service that serves the API (the pacticipant name of the provider). */
  provider: string;
  title: string;
  /** Version of the API description (info.version of the OpenAPI document). */
  version: string;
  description: string;
  routes: readonly RouteDeclaration[];
  /** What every route answers on a server-side failure, any 5xx status (the OpenAPI `5XX` response). */
  serverErrorResponse?: Omit<RouteResponse, 'status'>;
}

/** Response header naming the contract version of the body; @accord/tolerant-reader's readResponse reads it. */
export const SCHEMA_VERSION_HEADER = 'accord-schema-version';
/** Request/response correlation header; echoed when the request sends a well-formed one. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What a well-formed request id looks like; anything else is replaced by a generated UUID. */
export const RequestIdSchema = z
  .string()
  .regex(/^[\w.:-]{1,100}$/)
  .describe('Correlation id: 1-100 letters, digits, "_", ".", ":" or "-".');

const SchemaVersionSchema = z
  .string()
  .regex(/^[1-9][0-9]*$/)
  .describe('Version of the contract the body conforms to, e.g. "1".');

const RESPONSE_HEADERS: readonly RouteHeader[] = [
  {
    name: SCHEMA_VERSION_HEADER,
    description: 'Version of the contract the body conforms to.',
    required: true,
    schema: SchemaVersionSchema,
    component: 'SchemaVersion',
  },
  {
    name: REQUEST_ID_HEADER,
    description: 'The request id, echoed from the request or generated.',
    required: true,
    schema: RequestIdSchema,
    component: 'RequestId',
  },
];

const REQUEST_ID_PARAMETER: RouteParameter = {
  name: REQUEST_ID_HEADER,
  in: 'header',
  required: false,
  description: 'Correlation id to echo in the response and in error bodies.',
  schema: RequestIdSchema,
  component: 'RequestId',
};

const ORDER_ID_PARAMETER: RouteParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The order id.',
  schema: OrderIdSchema,
  component: 'OrderId',
};

const ERROR_V1: ContractRef = { contract: 'ErrorResponse', version: 1 };

const error = (status: number, description: string): RouteResponse => ({
  status,
  description,
  body: ERROR_V1,
  headers: RESPONSE_HEADERS,
});

/** The orders HTTP API of orders-service. */
export const ordersApi = {
  provider: 'orders-service',
  title: 'Orders API',
  version: '1.0.0',
  description:
    'Place, read, list and cancel orders. Served by orders-service; generated from @accord/contracts.',
  routes: [
    {
      operationId: 'placeOrder',
      method: 'POST',
      path: '/orders',
      summary: 'Place an order',
      parameters: [REQUEST_ID_PARAMETER],
      requestBody: { contract: 'CreateOrderRequest', version: 1, description: 'The order to place.' },
      responses: [
        {
          status: 201,
          description: 'The order, created with status "pending".',
          body: { contract: 'Order', version: 1 },
          headers: [
            ...RESPONSE_HEADERS,
            {
              name: 'location',
              description: 'Path of the new order.',
              required: true,
              schema: z.string().regex(/^\/orders\/[^/]+$/),
            },
          ],
        },
        error(400, 'VALIDATION_FAILED: one `details` entry per invalid field.'),
      ],
    },
    {
      operationId: 'listOrders',
      method: 'GET',
      path: '/orders',
      summary: 'List orders, newest first',
      parameters: [
        {
          name: 'status',
          in: 'query',
          required: false,
          description: 'Only orders with this status.',
          schema: OrderStatusSchema,
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          description: 'Page size, 1-100 (default 20).',
          schema: z.int().min(1).max(100),
        },
        {
          name: 'cursor',
          in: 'query',
          required: false,
          description: 'The `nextCursor` of the previous page.',
          schema: z.string().min(1).max(200),
        },
        REQUEST_ID_PARAMETER,
      ],
      responses: [
        {
          status: 200,
          description: 'One page of orders.',
          body: { contract: 'OrderList', version: 1 },
          headers: RESPONSE_HEADERS,
        },
        error(400, 'VALIDATION_FAILED: an unknown status, a bad limit or a forged cursor.'),
      ],
    },
    {
      operationId: 'getOrder',
      method: 'GET',
      path: '/orders/{id}',
      summary: 'Read an order',
      parameters: [ORDER_ID_PARAMETER, REQUEST_ID_PARAMETER],
      responses: [
        {
          status: 200,
          description: 'The order.',
          body: { contract: 'Order', version: 1 },
          headers: RESPONSE_HEADERS,
        },
        error(404, 'NOT_FOUND: no order with this id.'),
      ],
    },
    {
      operationId: 'cancelOrder',
      method: 'POST',
      path: '/orders/{id}/cancel',
      summary: 'Cancel a pending or confirmed order',
      parameters: [ORDER_ID_PARAMETER, REQUEST_ID_PARAMETER],
      requestBody: { contract: 'CancelOrderRequest', version: 1, description: 'Why the order is cancelled.' },
      responses: [
        {
          status: 200,
          description: 'The order, now "cancelled", with its `cancellation`.',
          body: { contract: 'Order', version: 1 },
          headers: RESPONSE_HEADERS,
        },
        error(400, 'VALIDATION_FAILED: an invalid reason or comment.'),
        error(404, 'NOT_FOUND: no order with this id.'),
        error(409, 'ORDER_NOT_CANCELLABLE: the order is shipped, delivered or already cancelled.'),
      ],
    },
  ],
  // Server-side failures (500 INTERNAL_ERROR, 503 when a dependency is unavailable) can happen on any route.
  serverErrorResponse: {
    description: 'INTERNAL_ERROR: a server-side failure (500, or 503 when a dependency is unavailable).',
    body: ERROR_V1,
    headers: RESPONSE_HEADERS,
  },
} as const satisfies ApiDeclaration;

/** The operation ids of the orders API; orders-service has one handler for each. */
export type OrdersOperationId = (typeof ordersApi.routes)[number]['operationId'];
