// Public API of @accord/cross-contract: load a provider's OpenAPI document, judge consumer pacts against it.

export { type ComparisonResult, compareWithOpenApi } from './compare/compare.js';
export { CrossContractError, type CrossContractErrorCode, isCrossContractError } from './errors.js';
export { findMatchingType } from './media-type.js';
export {
  excerpt,
  type InteractionRef,
  MISMATCH_CODES,
  type Mismatch,
  type MismatchCode,
  type OperationRef,
  type Severity,
  VALUE_LIMIT,
} from './mismatch.js';
export { loadOpenApiContract, type MatchingConfig, type OpenApiContract } from './openapi/contract.js';
export type { DocumentKind } from './openapi/parse.js';
export { escapeToken, parsePointer, pointer, resolvePointer } from './pointer.js';
export { COMPARATOR_NAME, COMPARATOR_VERSION } from './version.js';
