// The one error class of checkout-web's orders client: a stable `code` per failure, with what the server said when it said something.
import type { ErrorResponseV1 } from '@accord/contracts';

export type OrdersClientErrorCode =
  /** 400: the request was rejected; `details` lists the fields. */
  | 'VALIDATION_FAILED'
  /** 404: no such order. */
  | 'NOT_FOUND'
  /** 409: the order is past the point where it can be cancelled. */
  | 'ORDER_NOT_CANCELLABLE'
  /** 409: the request conflicts with the order's current state. */
  | 'CONFLICT'
  /** 5xx, or INTERNAL_ERROR from the server: retry later and quote `requestId`. */
  | 'SERVER_ERROR'
  /** The response broke the contract (unexpected status, not JSON, unreadable body). */
  | 'UNEXPECTED_RESPONSE'
  /** No response: connection refused, DNS, timeout. */
  | 'NETWORK_ERROR';

export class OrdersClientError extends Error {
  override readonly name = 'OrdersClientError';
  readonly code: OrdersClientErrorCode;
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** Per-field problems the server reported (VALIDATION_FAILED). */
  readonly details: NonNullable<ErrorResponseV1['details']>;
  /** The server's correlation id, to quote to support. */
  readonly requestId: string | undefined;

  constructor(
    code: OrdersClientErrorCode,
    message: string,
    init: {
      status?: number | undefined;
      details?: ErrorResponseV1['details'];
      requestId?: string | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
  }
}

export function isOrdersClientError(value: unknown): value is OrdersClientError {
  return value instanceof OrdersClientError;
}
