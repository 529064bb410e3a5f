// Public API of @accord/schema-diff: JSON Schema compatibility per direction, with a stable rule per change.

export {
  checkVersions,
  defaultModeFor,
  diffDocuments,
  diffSchemas,
  modeDirections,
  type NamedDiffOptions,
  type VersionCheck,
  type VersionedSchema,
  type VersionsResult,
} from './diff.js';
export {
  type Dialect,
  type LoadOptions,
  loadDocument,
  MAX_SCHEMA_DEPTH,
  type SchemaDocument,
} from './document.js';
export { SchemaDiffError, type SchemaDiffErrorCode } from './errors.js';
export { type RuleId, type RuleInfo, rules } from './rules.js';
export { type Bundle, type BundleOptions, bundleSchema } from './toolkit/bundle.js';
export { DEFAULT_DIALECT, DIALECTS, isDialect } from './toolkit/dialect.js';
export type { InclusionResult } from './toolkit/inclusion/includes.js';
export { relaxSchema } from './toolkit/relax.js';
export type {
  Change,
  CompatibilityMode,
  DiffOptions,
  DiffResult,
  Direction,
  DirectionOption,
  JsonSchema,
  Verdict,
  Witness,
} from './types.js';
