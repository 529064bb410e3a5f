// The one error class of @accord/schema-diff: bad input that makes a comparison impossible.
export type SchemaDiffErrorCode = 'INVALID_SCHEMA' | 'UNSUPPORTED_DIALECT' | 'UNRESOLVABLE_REF' | 'TOO_DEEP';

export class SchemaDiffError extends Error {
  override readonly name = 'SchemaDiffError';
  constructor(
    readonly code: SchemaDiffErrorCode,
    message: string,
    /** JSON Pointer of the offending location inside the schema document, when known. */
    readonly pointer?: string,
  ) {
    super(message);
  }
}
