// Maps error codes to HTTP statuses and ErrorResponse v1 bodies, in one place.
import type { ErrorResponseV1 } from '@accord/contracts';
import { isOrdersServiceError, type OrdersServiceErrorCode } from '../errors.js';

const STATUS: Record<OrdersServiceErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  ORDER_NOT_CANCELLABLE: 409,
  CONFLICT: 409,
  INVALID_CONFIG: 500,
  DATABASE_ERROR: 503,
  MIGRATION_FAILED: 500,
  TRANSPORT_UNAVAILABLE: 503,
  PUBLISH_FAILED: 503,
  INTERNAL_ERROR: 500,
};

type ApiCode = ErrorResponseV1['code'];
const API_CODES: ReadonlySet<string> = new Set<ApiCode>([
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'ORDER_NOT_CANCELLABLE',
  'CONFLICT',
  'INTERNAL_ERROR',
]);

export function toErrorResponse(
  error: unknown,
  requestId: string,
): { status: number; body: ErrorResponseV1 } {
  if (isOrdersServiceError(error)) {
    const status = STATUS[error.code];
    // Internal codes never leak: clients see the contract's INTERNAL_ERROR and quote the request id.
    if (!API_CODES.has(error.code)) {
      return {
        status,
        body: { code: 'INTERNAL_ERROR', message: 'The request could not be completed', requestId },
      };
    }
    return {
      status,
      body: {
        code: error.code as ApiCode,
        message: error.message.slice(0, 1000),
        ...(error.details.length > 0 ? { details: [...error.details] } : {}),
        requestId,
      },
    };
  }
  return { status: 500, body: { code: 'INTERNAL_ERROR', message: 'Unexpected server error', requestId } };
}
