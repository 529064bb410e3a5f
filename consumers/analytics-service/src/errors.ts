// The one error class of analytics-service: configuration and transport failures with a stable `code`.

export type AnalyticsErrorCode = 'INVALID_CONFIG' | 'TRANSPORT_UNAVAILABLE';

export class AnalyticsError extends Error {
  override readonly name = 'AnalyticsError';
  readonly code: AnalyticsErrorCode;

  constructor(code: AnalyticsErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
