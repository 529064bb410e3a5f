// The one error class of orders-service: every failure carries a stable `code`; HTTP statuses are mapped in http/errors.ts.

export type OrdersServiceErrorCode =
  | 'INVALID_CONFIG'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'ORDER_NOT_CANCELLABLE'
  | 'CONFLICT'
  | 'DATABASE_ERROR'
  | 'MIGRATION_FAILED'
  | 'TRANSPORT_UNAVAILABLE'
  | 'PUBLISH_FAILED'
  | 'INTERNAL_ERROR';

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. "items.0.quantity". */
  field: string;
  message: string;
}

export class OrdersServiceError extends Error {
  override readonly name = 'OrdersServiceError';
  readonly code: OrdersServiceErrorCode;
  readonly details: readonly ErrorDetail[];

  constructor(
    code: OrdersServiceErrorCode,
    message: string,
    options: { details?: readonly ErrorDetail[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? [];
  }
}

export function isOrdersServiceError(value: unknown): value is OrdersServiceError {
  return value instanceof OrdersServiceError;
}
