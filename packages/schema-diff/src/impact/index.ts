// Public API of @accord/schema-diff/impact: which consumers a schema change hits, from what their pacts rely on.
export {
  type BoundPact,
  bindPact,
  type ContractBinding,
  type ContractKind,
  type ContractRead,
  type ContractRoute,
  type UnmatchedInteraction,
  VERSION_HEADER,
} from './binding.js';
export {
  analyseImpact,
  type ChangeHit,
  type ChangeImpact,
  type ConsumerImpact,
  type ConsumerRef,
  type ConsumerVersion,
  type ContractChange,
  type ContractImpact,
  consumerVersionFromPact,
  type Place,
  type ReaderView,
  type VersionComparison,
} from './impact.js';
export {
  type PactBody,
  type PactInteraction,
  type PactPart,
  type PactReadResult,
  type PactSpecification,
  type ReadPact,
  readPact,
} from './pact.js';
export { formatPath, isWithin, overlaps, type PathPattern, parsePath, type Segment } from './path.js';
export {
  type BodyRule,
  type Matcher,
  type ReliedPath,
  type ReliedPaths,
  reliedPaths,
} from './relied.js';
export {
  type ChangeLocation,
  type DeclaredField,
  indexSchema,
  locateChange,
  type SchemaPaths,
} from './schema-paths.js';
export { type FieldReader, type FieldUsage, fieldUsage, type UsageInput, type UsageReport } from './usage.js';
