// The tolerant-reader relaxation: what a reader that ignores unknown properties really enforces. One definition,
// used by @accord/tolerant-reader to validate and by the diff to judge readers.
import { DEFAULT_DIALECT, type Dialect, detectDialect } from './dialect.js';
import { forEachSubschema, isSchemaObject, type SchemaObject, walkSchema } from './walk.js';

export interface RelaxOptions {
  /** Dialect of the document (decides which keywords hold subschemas). Default: from `$schema`, else draft-07. */
  dialect?: Dialect;
  /**
   * True for a subschema known to hold no closed object at any depth (e.g. from a loaded document's index):
   * it is returned as it is without being walked.
   */
  holdsNoClosedObject?: (schema: SchemaObject) => boolean;
  /**
   * True for a map of subschemas (`properties`, `$defs`, …) known to hold no closed object in any member: its
   * members are not visited one by one.
   */
  holdsNoClosedMember?: (map: SchemaObject) => boolean;
}

/**
 * Returns a copy of `schema` in which objects are open: `additionalProperties: false` and
 * `unevaluatedProperties: false` are dropped. Catch-all *schemas* and `patternProperties` stay (they type map
 * values). Subschemas inside `not` and `if` are left as written: relaxing there would make `not` reject more and
 * `if` pick another branch, so the result would no longer accept a superset of what the schema accepts.
 * Subschemas that relaxing leaves unchanged are shared with `schema`, not copied (treat both as immutable).
 */
export function relaxSchema<S>(schema: S, options: RelaxOptions = {}): S {
  if (!isSchemaObject(schema)) return schema;
  const dialect = options.dialect ?? dialectOf(schema);
  const skip = options.holdsNoClosedObject;
  const skipMap = options.holdsNoClosedMember;
  // Copy on write: only the objects on a path to a closed object are copied.
  const go = (s: unknown, conditional: boolean): unknown => {
    if (!isSchemaObject(s) || skip?.(s) === true) return s;
    const closed = !conditional && (s.additionalProperties === false || s.unevaluatedProperties === false);
    // A closed object's copy is made without the closing keywords (deleting them would leave a slow object).
    let copy: SchemaObject | undefined;
    forEachSubschema(
      s,
      dialect,
      (keyword, key, schema, inConditional) => {
        const sub = go(schema, conditional || inConditional);
        if (sub === schema) return;
        copy ??= closed ? withoutClosing(s) : { ...s };
        if (key === undefined) copy[keyword] = sub;
        else {
          const holder = copy[keyword];
          // Copy each container once before writing into it.
          if (holder === s[keyword]) {
            copy[keyword] = Array.isArray(holder) ? [...holder] : { ...(holder as SchemaObject) };
          }
          (copy[keyword] as Record<string | number, unknown>)[key] = sub;
        }
      },
      skipMap,
    );
    if (closed) copy ??= withoutClosing(s);
    return copy ?? s;
  };
  const out = go(schema, false);
  // The root is always a fresh object, so callers may set e.g. its $id.
  return (out === schema ? { ...schema } : out) as S;
}

/** A copy of `s` without `additionalProperties: false` and `unevaluatedProperties: false`, in `s`'s key order. */
function withoutClosing(s: SchemaObject): SchemaObject {
  const copy: SchemaObject = {};
  for (const k of Object.keys(s)) {
    const v = s[k];
    if ((k === 'additionalProperties' || k === 'unevaluatedProperties') && v === false) continue;
    // A "__proto__" member is data: plain assignment would set the prototype.
    if (k === '__proto__')
      Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
    else copy[k] = v;
  }
  return copy;
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
