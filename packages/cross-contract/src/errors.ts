// The one error class of @accord/cross-contract: a document or pact that cannot be compared at all.

export type CrossContractErrorCode =
  /** Not YAML/JSON, or not an OpenAPI/Swagger document. */
  | 'INVALID_DOCUMENT'
  /** Swagger 1.x, OpenAPI 3.2+, or a jsonSchemaDialect other than 2020-12. */
  | 'UNSUPPORTED_VERSION'
  /** A `$ref` that is not local (`#/…`) or does not resolve. */
  | 'UNRESOLVABLE_REF'
  /** A schema ajv cannot compile. */
  | 'INVALID_SCHEMA'
  /** The pact is not a pact (no interactions/messages array). */
  | 'INVALID_PACT';

export class CrossContractError extends Error {
  override readonly name = 'CrossContractError';
  readonly code: CrossContractErrorCode;
  /** JSON Pointer into the document (or pact) where the problem is; "" for the whole input. */
  readonly pointer: string;

  constructor(code: CrossContractErrorCode, message: string, pointer = '') {
    super(message);
    this.code = code;
    this.pointer = pointer;
  }
}

export function isCrossContractError(error: unknown): error is CrossContractError {
  return error instanceof CrossContractError;
}
