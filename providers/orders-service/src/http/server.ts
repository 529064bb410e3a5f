// The orders HTTP API on node:http: a small router, JSON bodies, ErrorResponse errors, optional response validation.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { formatValidationErrors, getValidator } from '@accord/contracts';
import { OrdersServiceError } from '../errors.js';
import type { Orders } from '../orders/orders.js';
import { toErrorResponse } from './errors.js';

export interface HttpOptions {
  orders: Orders;
  /** Validate each response body against its contract artifact; a mismatch becomes a 500 (a provider bug). */
  validateResponses?: boolean;
  /** Told about 5xx errors. */
  onError?: (error: unknown, requestId: string) => void;
  /** Limit for request bodies in bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

/** Response header naming the contract version of the body; @accord/tolerant-reader's readResponse reads it. */
export const SCHEMA_VERSION_HEADER = 'accord-schema-version';

interface Reply {
  status: number;
  /** Contract the body conforms to, for validation and the version header. */
  contract: string;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: { params: string[]; url: URL; body: () => Promise<unknown> }) => Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

export function createHttpServer(options: HttpOptions): Server {
  const { orders } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/orders$/,
      handler: async ({ body }) => {
        const order = await orders.placeOrder(await body());
        return { status: 201, contract: 'Order', body: order, headers: { location: `/orders/${order.id}` } };
      },
    },
    {
      method: 'GET',
      pattern: /^\/orders$/,
      handler: async ({ url }) => {
        const limit = url.searchParams.get('limit');
        const list = await orders.listOrders({
          status: url.searchParams.get('status') ?? undefined,
          cursor: url.searchParams.get('cursor') ?? undefined,
          limit: limit === null ? undefined : /^\d{1,4}$/.test(limit) ? Number(limit) : Number.NaN,
        });
        return { status: 200, contract: 'OrderList', body: list };
      },
    },
    {
      method: 'GET',
      pattern: /^\/orders\/([^/]+)$/,
      handler: async ({ params }) => ({
        status: 200,
        contract: 'Order',
        body: await orders.getOrder(params[0]!),
      }),
    },
    {
      method: 'POST',
      pattern: /^\/orders\/([^/]+)\/cancel$/,
      handler: async ({ params, body }) => ({
        status: 200,
        contract: 'Order',
        body: await orders.cancelOrder(params[0]!, await body()),
      }),
    },
    {
      method: 'GET',
      pattern: /^\/health$/,
      handler: async () => ({ status: 200, contract: '', body: { status: 'ok' } }),
    },
  ];

  const send = (res: ServerResponse, reply: Reply, requestId: string) => {
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-request-id': requestId,
      ...(reply.contract === '' ? {} : { [SCHEMA_VERSION_HEADER]: '1' }),
      ...reply.headers,
    });
    res.end(text);
  };

  const check = (reply: Reply): Reply => {
    if (!options.validateResponses || reply.contract === '') return reply;
    const validate = getValidator(reply.contract, 1);
    if (validate(reply.body)) return reply;
    throw new OrdersServiceError(
      'INTERNAL_ERROR',
      `response does not match ${reply.contract} v1: ${formatValidationErrors(validate.errors).join('; ')}`,
    );
  };

  return createServer((req, res) => {
    const requestId = headerValue(req, 'x-request-id') ?? randomUUID();
    void handle(req, requestId)
      .then((reply) => send(res, check(reply), requestId))
      .catch((error: unknown) => {
        const { status, body } = toErrorResponse(error, requestId);
        if (status >= 500) options.onError?.(error, requestId);
        send(res, check({ status, contract: 'ErrorResponse', body }), requestId);
      })
      .catch((error: unknown) => {
        // Even the error body failed validation: answer something rather than hang the client.
        options.onError?.(error, requestId);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ code: 'INTERNAL_ERROR', message: 'Unexpected server error', requestId }));
      });
  });

  async function handle(req: IncomingMessage, requestId: string): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const matching = routes.filter((r) => r.pattern.test(path));
    const route = matching.find((r) => r.method === req.method);
    if (route === undefined) {
      req.resume();
      if (matching.length > 0) {
        return {
          status: 405,
          contract: 'ErrorResponse',
          body: {
            code: 'NOT_FOUND',
            message: `${req.method} is not supported on ${path}`,
            requestId,
          },
          headers: { allow: matching.map((r) => r.method).join(', ') },
        };
      }
      throw new OrdersServiceError('NOT_FOUND', `No route for ${req.method} ${path}`);
    }
    const params = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
    return route.handler({ params, url, body: () => readJson(req, maxBodyBytes) });
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
