// A typed client for the orders API: requests typed by the generated contract types, responses read tolerantly with readResponse.
import type {
  CancelOrderRequestV1,
  CreateOrderRequestV1,
  ErrorResponseV1,
  OrderListV1,
  OrderV1,
} from '@accord/contracts';
import {
  createReader,
  isReadError,
  type ReadError,
  type Reader,
  readResponse,
} from '@accord/tolerant-reader';
import { OrdersClientError } from './errors.js';

export interface OrdersClientOptions {
  /** Base URL of orders-service, e.g. "http://127.0.0.1:3000". */
  baseUrl: string;
  /** fetch implementation (default: global fetch). */
  fetch?: typeof fetch;
  /** Abort a request after this many ms (default 10 000). */
  timeoutMs?: number;
  /** Extra headers on every request (auth, tracing). */
  headers?: Record<string, string>;
}

export type OrderStatus = OrderV1['status'];

export interface ListOrdersParams {
  status?: OrderStatus;
  limit?: number;
  cursor?: string;
}

export interface OrdersClient {
  placeOrder(request: CreateOrderRequestV1): Promise<OrderV1>;
  getOrder(id: string): Promise<OrderV1>;
  listOrders(params?: ListOrdersParams): Promise<OrderListV1>;
  /** Every order matching `status`, following nextCursor page by page. */
  allOrders(params?: Omit<ListOrdersParams, 'cursor'>): AsyncGenerator<OrderV1>;
  cancelOrder(id: string, request: CancelOrderRequestV1): Promise<OrderV1>;
}

// Readers are built once: each compiles its contract's schema.
let readers: { order: Reader<OrderV1>; list: Reader<OrderListV1> } | undefined;
const getReaders = () => {
  readers ??= {
    order: createReader({ contract: 'Order', version: 1 }) as Reader<OrderV1>,
    list: createReader({ contract: 'OrderList', version: 1 }) as Reader<OrderListV1>,
  };
  return readers;
};

const API_CODES: Record<ErrorResponseV1['code'], OrdersClientError['code']> = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_FOUND: 'NOT_FOUND',
  ORDER_NOT_CANCELLABLE: 'ORDER_NOT_CANCELLABLE',
  CONFLICT: 'CONFLICT',
  INTERNAL_ERROR: 'SERVER_ERROR',
};

export function createOrdersClient(options: OrdersClientOptions): OrdersClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const call = async <T>(
    method: 'GET' | 'POST',
    path: string,
    reader: Reader<T>,
    expectStatus: number,
    body?: unknown,
  ): Promise<T> => {
    const what = `${method} ${path}`;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new OrdersClientError(
        'NETWORK_ERROR',
        `${what}: no response (${(cause as Error)?.message ?? cause})`,
        {
          cause,
        },
      );
    }
    try {
      return await readResponse(response, reader, { expectStatus });
    } catch (error) {
      if (!isReadError(error)) throw error;
      throw fromReadError(what, error);
    }
  };

  const client: OrdersClient = {
    placeOrder: (request) => call('POST', '/orders', getReaders().order, 201, request),
    getOrder: (id) => call('GET', `/orders/${encodeURIComponent(id)}`, getReaders().order, 200),
    listOrders: (params = {}) => {
      const query = new URLSearchParams();
      if (params.status !== undefined) query.set('status', params.status);
      if (params.limit !== undefined) query.set('limit', String(params.limit));
      if (params.cursor !== undefined) query.set('cursor', params.cursor);
      const qs = query.toString();
      return call('GET', `/orders${qs === '' ? '' : `?${qs}`}`, getReaders().list, 200);
    },
    async *allOrders(params = {}) {
      let cursor: string | undefined;
      do {
        const page = await client.listOrders({ ...params, ...(cursor === undefined ? {} : { cursor }) });
        yield* page.orders;
        cursor = page.nextCursor;
      } while (cursor !== undefined);
    },
    cancelOrder: (id, request) =>
      call('POST', `/orders/${encodeURIComponent(id)}/cancel`, getReaders().order, 200, request),
  };
  return client;
}

function fromReadError(what: string, error: ReadError): OrdersClientError {
  const status = error.status;
  if (error.code === 'HTTP_ERROR_BODY') {
    const body = error.errorBody as ErrorResponseV1;
    return new OrdersClientError(
      API_CODES[body.code] ?? 'SERVER_ERROR',
      `${what}: ${body.code}: ${body.message}`,
      {
        status,
        details: body.details,
        requestId: body.requestId,
        cause: error,
      },
    );
  }
  if (error.code === 'HTTP_ERROR_STATUS' && status !== undefined && status >= 500) {
    return new OrdersClientError('SERVER_ERROR', `${what}: server error ${status}`, { status, cause: error });
  }
  // Everything else means the provider broke the contract: say which field, keep the ReadError as cause.
  const where = error.path === '' ? '' : ` at ${error.path}`;
  return new OrdersClientError('UNEXPECTED_RESPONSE', `${what}: ${error.code}${where}: ${error.message}`, {
    status,
    cause: error,
  });
}
