// The one error class of shipping-service: configuration and transport failures with a stable `code`.
// (Messages that cannot be read are not errors of this service: they are dead-lettered with the reader's ReadError.)

export type ShippingErrorCode = 'INVALID_CONFIG' | 'TRANSPORT_UNAVAILABLE';

export class ShippingError extends Error {
  override readonly name = 'ShippingError';
  readonly code: ShippingErrorCode;

  constructor(code: ShippingErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
