// The tolerant-reader relaxation: what a reader that ignores unknown properties really enforces. One definition,
// used by @accord/tolerant-reader to validate and by the diff to judge readers.
import { DEFAULT_DIALECT, type Dialect, detectDialect } from './dialect.js';
import { isSchemaObject, mapSchema, walkSchema } from './walk.js';

export interface RelaxOptions {
  /** Dialect of the document (decides which keywords hold subschemas). Default: from `$schema`, else draft-07. */
  dialect?: Dialect;
}

/**
 * Returns a copy of `schema` in which objects are open: `additionalProperties: false` and
 * `unevaluatedProperties: false` are dropped. Catch-all *schemas* and `patternProperties` stay (they type map
 * values). Subschemas inside `not` and `if` are left as written: relaxing there would make `not` reject more and
 * `if` pick another branch, so the result would no longer accept a superset of what the schema accepts.
 */
export function relaxSchema<S>(schema: S, options: RelaxOptions = {}): S {
  if (!isSchemaObject(schema)) return schema;
  const dialect = options.dialect ?? dialectOf(schema);
  return mapSchema(schema, dialect, (copy, _pointer, conditional) => {
    if (conditional) return;
    if (copy.additionalProperties === false) delete copy.additionalProperties;
    if (copy.unevaluatedProperties === false) delete copy.unevaluatedProperties;
  }) as S;
}

/** True when relaxing changes nothing (no closed object outside not/if). */
export function isRelaxed(schema: unknown, dialect?: Dialect): boolean {
  if (!isSchemaObject(schema)) return true;
  let closed = false;
  walkSchema(schema, dialect ?? dialectOf(schema), (s, _p, conditional) => {
    if (closed) return false;
    if (
      !conditional &&
      isSchemaObject(s) &&
      (s.additionalProperties === false || s.unevaluatedProperties === false)
    )
      closed = true;
    return undefined;
  });
  return !closed;
}

const dialectOf = (schema: Record<string, unknown>): Dialect =>
  detectDialect(schema, 'schema', DEFAULT_DIALECT);
