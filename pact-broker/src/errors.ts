// The package's single error class: a stable `code` that the HTTP layer maps to a status in one place.

export type BrokerErrorCode =
  | 'validation' // 400
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'method_not_allowed' // 405
  | 'not_acceptable' // 406
  | 'conflict' // 409
  | 'payload_too_large' // 413
  | 'unsupported_media_type' // 415
  | 'config' // bad command line / environment, never reaches HTTP
  | 'internal'; // 500

export type FieldErrors = Record<string, string[]>;

export class BrokerError extends Error {
  readonly code: BrokerErrorCode;
  /** Field → messages for 400s; a list of strings or extra body for others. */
  readonly errors: FieldErrors | string[] | undefined;
  /** Extra top-level body properties (e.g. `notices` on a publish conflict). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    code: BrokerErrorCode,
    message: string,
    options: { errors?: FieldErrors | string[]; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BrokerError';
    this.code = code;
    this.errors = options.errors;
    this.extra = options.extra;
  }

  static validation(errors: FieldErrors): BrokerError {
    const first = Object.entries(errors)[0];
    return new BrokerError('validation', first ? `${first[0]}: ${first[1].join(', ')}` : 'invalid request', {
      errors,
    });
  }

  static notFound(message = 'Not found'): BrokerError {
    return new BrokerError('not_found', message);
  }

  /**
   * A 409 for a write that lost a race with a concurrent request on `field` (a row it needs was deleted or just
   * created by the other request): its transaction rolled back, so nothing is stored and a retry sees the winner.
   */
  static concurrentWrite(field: string, what = 'was changed by a concurrent request'): BrokerError {
    const message = `${what}; nothing was stored, retry`;
    return new BrokerError('conflict', `${field} ${message}`, { errors: { [field]: [message] } });
  }
}

export const statusForCode: Record<BrokerErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  config: 500,
  internal: 500,
};
