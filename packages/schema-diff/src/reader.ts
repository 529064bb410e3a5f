// The tolerant-reader view of a schema: what a reader that ignores unknown properties actually enforces.

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
// `not` and `if` are left alone: relaxing inside them would invert their meaning.
const SCHEMA_VALUES = [
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'then',
  'else',
];

/**
 * Returns a copy of `schema` in which every object is open: `additionalProperties: false` and
 * `unevaluatedProperties: false` are dropped (catch-all schemas and patternProperties are kept, they type map values).
 * This is how the workspace policy judges readers; validate with it to emulate a tolerant reader.
 */
export function toTolerantReaderSchema<S>(schema: S): S {
  return relax(schema) as S;
}

function relax(s: unknown): unknown {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if ((k === 'additionalProperties' || k === 'unevaluatedProperties') && v === false) continue;
    if (SCHEMA_MAPS.includes(k) && typeof v === 'object' && v !== null) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, relax(sub)]));
    } else if (SCHEMA_LISTS.includes(k) && Array.isArray(v)) out[k] = v.map(relax);
    else if (k === 'items' && Array.isArray(v)) out[k] = v.map(relax);
    else if (SCHEMA_VALUES.includes(k)) out[k] = relax(v);
    else out[k] = v;
  }
  return out;
}
