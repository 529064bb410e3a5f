// Public entry point of the JSON Schema toolkit (`@accord/schema-diff/toolkit`): dialects, document loading, the
// one schema walk, the tolerant-reader relaxation, canonical forms and the inclusion checker.
import { type LoadOptions, loadDocument, relaxedDocument, type SchemaDocument } from '../document.js';
import { DEFAULT_DIALECT } from './dialect.js';
import type { Canon, Mode } from './inclusion/atoms.js';
import { InclusionContext, type InclusionResult, includes } from './inclusion/includes.js';
import { writerAcceptsReaderRejects } from './interpret.js';
import { compileInstanceValidator } from './validators.js';

export {
  type LoadOptions,
  loadDocument,
  nodeAt,
  relaxedDocument,
  resolveRef,
  type SchemaDocument,
} from '../document.js';
export { SchemaDiffError, type SchemaDiffErrorCode } from '../errors.js';
export { type Bundle, type BundleOptions, bundleSchema } from './bundle.js';
export { isMultipleOf } from './decimal.js';
export {
  DEFAULT_DIALECT,
  DIALECTS,
  type Dialect,
  detectDialect,
  isDialect,
  type Vocabulary,
  vocabularyOf,
} from './dialect.js';
export type { Approx, Atom, Canon, Mode } from './inclusion/atoms.js';
export { InclusionContext, type InclusionResult, includes } from './inclusion/includes.js';
export { interpretedValidator, NeedsCompiledValidator, writerAcceptsReaderRejects } from './interpret.js';
export { isRelaxed, type RelaxOptions, relaxSchema } from './relax.js';
export { applySpecification, compileInstanceValidator, withoutRefSiblings } from './validators.js';
export {
  escapePointer,
  isSchemaObject,
  mapSchema,
  resolvePointer,
  type SchemaObject,
  type Slot,
  subschemas,
  unescapePointer,
  walkSchema,
} from './walk.js';

export interface CheckInclusionOptions extends LoadOptions {
  /** Judge the reader as a tolerant reader (its closed objects relaxed, see relaxSchema). Default false. */
  tolerantReader?: boolean;
  /** Names for error messages. */
  writerName?: string;
  readerName?: string;
}

/**
 * Decides L(writer) ⊆ L(reader) for two schema documents (validated against their meta-schemas first):
 * `holds`, `fails` with a witness document checked against both (interpretedValidator, ajv where it defers), or
 * `undecidable` naming the keyword.
 */
export function checkInclusion(
  writer: unknown,
  reader: unknown,
  options: CheckInclusionOptions = {},
): InclusionResult {
  const load = { defaultDialect: options.defaultDialect ?? DEFAULT_DIALECT };
  const w = loadDocument(writer, options.writerName ?? 'writer', load);
  let r = loadDocument(reader, options.readerName ?? 'reader', load);
  if (options.tolerantReader === true) {
    r = relaxedDocument(r);
  }
  let accepts: ((x: unknown) => boolean) | undefined;
  let rejects: ((x: unknown) => boolean) | undefined;
  return includes(w, r, (x) => writerAcceptsReaderRejects(w, r, x, compiled));
  function compiled(x: unknown): boolean {
    try {
      // Compiled only when a candidate witness needs checking.
      accepts ??= compileInstanceValidator(w.dialect, w.root);
      rejects ??= compileInstanceValidator(r.dialect, r.root);
      return accepts(x) && !rejects(x);
    } catch (e) {
      if (e instanceof RangeError) return false; // unguarded $ref cycle: ajv recurses forever
      throw e;
    }
  }
}

/**
 * The canonical form of a document's subschema: a union of per-type atoms. `upper` over-approximates where the
 * form cannot be exact, `lower` under-approximates; `approx` lists where that happened.
 */
export function canonicalise(doc: SchemaDocument, pointer = '', mode: Mode = 'upper'): Canon {
  return new InclusionContext().canonicaliser(doc).at(pointer, mode).get();
}
