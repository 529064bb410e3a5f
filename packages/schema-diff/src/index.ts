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
export { type Dialect, loadDocument, type SchemaDocument } from './document.js';
export { SchemaDiffError, type SchemaDiffErrorCode } from './errors.js';
export { toTolerantReaderSchema } from './reader.js';
export { type RuleId, type RuleInfo, rules } from './rules.js';
export type {
  Change,
  CompatibilityMode,
  DiffOptions,
  DiffResult,
  Direction,
  DirectionOption,
  JsonSchema,
} from './types.js';
