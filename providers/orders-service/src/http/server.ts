// The orders HTTP API on node:http: dispatches on the route table of @accord/contracts (the one the OpenAPI
// document is generated from), JSON bodies, ErrorResponse errors, optional response validation.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type ContractRef,
  createRouteMatcher,
  formatValidationErrors,
  getValidator,
  type OrdersOperationId,
  ordersApi,
  REQUEST_ID_HEADER,
  type RouteDeclaration,
  SCHEMA_VERSION_HEADER,
} from '@accord/contracts';
import { OrdersServiceError } from '../errors.js';
import type { Orders } from '../orders/orders.js';
import { toErrorResponse } from './errors.js';

export interface HttpOptions {
  orders: Orders;
  /** Validate each response body against the contract its route declares for the status (5xx: the API's server-error response); a mismatch is a 500 (a provider bug). */
  validateResponses?: boolean;
  /** Told about 5xx errors. */
  onError?: (error: unknown, requestId: string) => void;
  /** Limit for request bodies in bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface HandlerContext {
  params: Record<string, string>;
  url: URL;
  body: () => Promise<unknown>;
}

type Handler = (ctx: HandlerContext) => Promise<Reply>;

/** Bodies answered outside any route (unknown path, unsupported method): the API's error contract. */
const ERROR_BODY: ContractRef = { contract: 'ErrorResponse', version: 1 };

export function createHttpServer(options: HttpOptions): Server {
  const { orders } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const router = createRouteMatcher<RouteDeclaration>(ordersApi.routes);

  // One handler per operation of the route table; a route without a handler does not compile.
  const handlers: Record<OrdersOperationId, Handler> = {
    placeOrder: async ({ body }) => {
      const order = await orders.placeOrder(await body());
      return { status: 201, body: order, headers: { location: `/orders/${order.id}` } };
    },
    listOrders: async ({ url }) => {
      const limit = url.searchParams.get('limit');
      const list = await orders.listOrders({
        status: url.searchParams.get('status') ?? undefined,
        cursor: url.searchParams.get('cursor') ?? undefined,
        limit: limit === null ? undefined : /^\d{1,4}$/.test(limit) ? Number(limit) : Number.NaN,
      });
      return { status: 200, body: list };
    },
    getOrder: async ({ params }) => ({ status: 200, body: await orders.getOrder(params.id!) }),
    cancelOrder: async ({ params, body }) => ({
      status: 200,
      body: await orders.cancelOrder(params.id!, await body()),
    }),
  };

  /** The contract of a reply: what its route declares for the status (5xx: the API's server-error response). */
  const contractOf = (route: RouteDeclaration | undefined, status: number): ContractRef | undefined =>
    route === undefined
      ? ERROR_BODY
      : (route.responses.find((r) => r.status === status)?.body ??
        (status >= 500 && status < 600 ? ordersApi.serverErrorResponse?.body : undefined));

  const send = (res: ServerResponse, reply: Reply, contract: ContractRef | undefined, requestId: string) => {
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      [REQUEST_ID_HEADER]: requestId,
      ...(contract === undefined ? {} : { [SCHEMA_VERSION_HEADER]: String(contract.version) }),
      ...reply.headers,
    });
    res.end(text);
  };

  const check = (route: RouteDeclaration | undefined, reply: Reply): ContractRef | undefined => {
    const contract = contractOf(route, reply.status);
    if (!options.validateResponses) return contract;
    if (contract === undefined) {
      throw new OrdersServiceError(
        'INTERNAL_ERROR',
        `${route!.method} ${route!.path} answered ${reply.status}, a status its route does not declare`,
      );
    }
    const validate = getValidator(contract.contract, contract.version);
    if (validate(reply.body)) return contract;
    throw new OrdersServiceError(
      'INTERNAL_ERROR',
      `response does not match ${contract.contract} v${contract.version}: ${formatValidationErrors(validate.errors).join('; ')}`,
    );
  };

  return createServer((req, res) => {
    const requestId = headerValue(req, REQUEST_ID_HEADER) ?? randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Operational, not part of the API contract: load balancers and test harnesses poll it.
    if (url.pathname === '/health' && req.method === 'GET') {
      req.resume();
      send(res, { status: 200, body: { status: 'ok' } }, undefined, requestId);
      return;
    }
    const match = router.match(req.method ?? 'GET', url.pathname);
    const route = match.kind === 'route' ? match.route : undefined;
    void handle(req, url, match, requestId)
      .then((reply) => send(res, reply, check(route, reply), requestId))
      .catch((error: unknown) => {
        const { status, body } = toErrorResponse(error, requestId);
        if (status >= 500) options.onError?.(error, requestId);
        const reply = { status, body };
        send(res, reply, check(route, reply), requestId);
      })
      .catch((error: unknown) => {
        // Even the error body failed validation: answer something rather than hang the client.
        options.onError?.(error, requestId);
        if (!res.headersSent) {
          res.writeHead(500, {
            'content-type': 'application/json; charset=utf-8',
            [REQUEST_ID_HEADER]: requestId,
            [SCHEMA_VERSION_HEADER]: String(ERROR_BODY.version),
          });
        }
        res.end(JSON.stringify({ code: 'INTERNAL_ERROR', message: 'Unexpected server error', requestId }));
      });
  });

  async function handle(
    req: IncomingMessage,
    url: URL,
    match: ReturnType<typeof router.match>,
    requestId: string,
  ): Promise<Reply> {
    if (match.kind !== 'route') {
      req.resume();
      if (match.kind === 'method-not-allowed') {
        return {
          status: 405,
          body: {
            code: 'NOT_FOUND',
            message: `${req.method} is not supported on ${url.pathname}`,
            requestId,
          },
          headers: { allow: match.allow.join(', ') },
        };
      }
      throw new OrdersServiceError('NOT_FOUND', `No route for ${req.method} ${url.pathname}`);
    }
    const handler = handlers[match.route.operationId as OrdersOperationId];
    return handler({ params: match.params, url, body: () => readJson(req, maxBodyBytes) });
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && /^[\w.:-]{1,100}$/.test(first) ? first : undefined;
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    req.resume();
    throw new OrdersServiceError(
      'VALIDATION_FAILED',
      'Request body must be JSON (content-type application/json)',
      {
        details: [{ field: '(body)', message: `content-type "${type || 'absent'}" is not JSON` }],
      },
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new OrdersServiceError('VALIDATION_FAILED', `Request body exceeds ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new OrdersServiceError('VALIDATION_FAILED', 'Request body is not valid JSON', {
      details: [{ field: '(body)', message: 'is not valid JSON' }],
    });
  }
}
