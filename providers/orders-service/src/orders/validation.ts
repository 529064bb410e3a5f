// Validates request bodies against the published contract artifacts and turns ajv errors into ErrorResponse details.
import { type ErrorObject, getValidator } from '@accord/contracts';
import { type ErrorDetail, OrdersServiceError } from '../errors.js';

/** Returns `value` typed as the contract when it validates; throws VALIDATION_FAILED with one detail per field. */
export function validateRequest<T>(contract: string, version: number, value: unknown): T {
  const validate = getValidator<T>(contract, version);
  if (validate(value)) return value;
  throw new OrdersServiceError('VALIDATION_FAILED', `Request body is not a valid ${contract} v${version}`, {
    details: toDetails(validate.errors),
  });
}

function toDetails(errors: readonly ErrorObject[] | null | undefined): ErrorDetail[] {
  const list = errors ?? [];
  // zod emits a `pattern` beside each `format`; one message per field is enough.
  const withFormat = new Set(list.filter((e) => e.keyword === 'format').map((e) => e.instancePath));
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const error of list) {
    if (error.keyword === 'pattern' && withFormat.has(error.instancePath)) continue;
    const params = error.params as Record<string, unknown>;
    const segments = error.instancePath.split('/').slice(1);
    let message = error.message ?? error.keyword;
    if (error.keyword === 'required') {
      segments.push(String(params.missingProperty));
      message = 'is required';
    } else if (error.keyword === 'additionalProperties') {
      segments.push(String(params.additionalProperty));
      message = 'is not allowed';
    } else if (error.keyword === 'enum') {
      message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    }
    const field = segments.map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~')).join('.') || '(body)';
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push({ field, message: message.slice(0, 500) });
  }
  return details.slice(0, 100);
}
