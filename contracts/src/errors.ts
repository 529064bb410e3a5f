// The one error class of @accord/contracts: every failure carries a stable `code` callers can switch on.

export type ContractsErrorCode =
  | 'UNKNOWN_CONTRACT'
  | 'UNKNOWN_VERSION'
  | 'NOT_AN_EVENT'
  | 'SCHEMA_NOT_FOUND'
  | 'INVALID_EVENT';

export class ContractsError extends Error {
  override readonly name = 'ContractsError';
  readonly code: ContractsErrorCode;
  /** Validation messages (`/data/items/0/quantity must be >= 1`) when the code is INVALID_EVENT. */
  readonly details: readonly string[];

  constructor(code: ContractsErrorCode, message: string, details: readonly string[] = []) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
