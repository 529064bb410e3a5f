// A fast structural check of a schema against its dialect's meta-schema: `true` only for documents the meta-schema
// accepts (as ajv applies it: formats not asserted); `false` means "not shown here" and the caller asks ajv, which
// also words the error. One pass over the keywords present, instead of ajv's pass over every keyword it knows.
import { type Dialect, metaSchemaDocuments } from './dialect.js';

/** What the meta-schema requires of a keyword's value. */
type Rule =
  | 'schema'
  | 'schemaMap'
  | 'schemaArray'
  | 'schemaOrArray'
  | 'booleanOrSchema'
  | 'string'
  | 'boolean'
  | 'number'
  | 'positive'
  | 'nonNegativeInteger'
  | 'type'
  | 'any'
  | 'array'
  | 'uniqueArray'
  | 'stringArray'
  | 'dependencies'
  | 'dependentRequired'
  | 'vocabulary'
  | 'idNoFragment'
  | 'anchor2019'
  | 'anchor2020';

const SIMPLE_TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);
const ANCHOR_2019 = /^[A-Za-z][-A-Za-z0-9.:_]*$/u;
const ANCHOR_2020 = /^[A-Za-z_][-A-Za-z0-9._]*$/u;
const ID_NO_FRAGMENT = /^[^#]*#?$/u;

const VALIDATION: Record<string, Rule> = {
  multipleOf: 'positive',
  maximum: 'number',
  minimum: 'number',
  maxLength: 'nonNegativeInteger',
  minLength: 'nonNegativeInteger',
  pattern: 'string',
  maxItems: 'nonNegativeInteger',
  minItems: 'nonNegativeInteger',
  uniqueItems: 'boolean',
  maxProperties: 'nonNegativeInteger',
  minProperties: 'nonNegativeInteger',
  required: 'stringArray',
  type: 'type',
  enum: 'array',
  title: 'string',
  description: 'string',
  default: 'any',
  $schema: 'string',
  properties: 'schemaMap',
  patternProperties: 'schemaMap',
  definitions: 'schemaMap',
  dependencies: 'dependencies',
  allOf: 'schemaArray',
  anyOf: 'schemaArray',
  oneOf: 'schemaArray',
  not: 'schema',
};

const DRAFT_06: Record<string, Rule> = {
  ...VALIDATION,
  $id: 'string',
  $ref: 'string',
  examples: 'array',
  exclusiveMaximum: 'number',
  exclusiveMinimum: 'number',
  additionalItems: 'schema',
  items: 'schemaOrArray',
  contains: 'schema',
  additionalProperties: 'schema',
  propertyNames: 'schema',
  const: 'any',
  format: 'string',
};

const DRAFT_2019: Record<string, Rule> = {
  ...DRAFT_06,
  $id: 'idNoFragment',
  $anchor: 'anchor2019',
  $recursiveRef: 'string',
  $recursiveAnchor: 'boolean',
  $vocabulary: 'vocabulary',
  $comment: 'string',
  $defs: 'schemaMap',
  unevaluatedItems: 'schema',
  unevaluatedProperties: 'schema',
  dependentSchemas: 'schemaMap',
  maxContains: 'nonNegativeInteger',
  minContains: 'nonNegativeInteger',
  dependentRequired: 'dependentRequired',
  deprecated: 'boolean',
  readOnly: 'boolean',
  writeOnly: 'boolean',
  contentMediaType: 'string',
  contentEncoding: 'string',
  contentSchema: 'schema',
};

// `if`/`then`/`else` (draft-07 on), added as entries: an object literal with a `then` key would be a thenable.
const CONDITIONALS: Array<[string, Rule]> = [
  ['if', 'schema'],
  ['then', 'schema'],
  ['else', 'schema'],
];
const withConditionals = (rules: Record<string, Rule>): Map<string, Rule> =>
  new Map([...Object.entries(rules), ...CONDITIONALS]);

const RULES: Record<Dialect, Map<string, Rule>> = {
  'draft-04': new Map(
    Object.entries({
      ...VALIDATION,
      id: 'string',
      // Booleans here; their siblings maximum/minimum are required (checked below).
      exclusiveMaximum: 'boolean',
      exclusiveMinimum: 'boolean',
      additionalItems: 'booleanOrSchema',
      items: 'schemaOrArray',
      additionalProperties: 'booleanOrSchema',
      enum: 'uniqueArray',
    } satisfies Record<string, Rule>),
  ),
  'draft-06': new Map(Object.entries(DRAFT_06)),
  'draft-07': withConditionals({
    ...DRAFT_06,
    $comment: 'string',
    readOnly: 'boolean',
    contentMediaType: 'string',
    contentEncoding: 'string',
  }),
  '2019-09': withConditionals(DRAFT_2019),
  '2020-12': withConditionals({
    ...DRAFT_2019,
    $anchor: 'anchor2020',
    $dynamicRef: 'string',
    $dynamicAnchor: 'anchor2020',
    // Kept in the 2020-12 meta-schema for older documents, as strings.
    $recursiveAnchor: 'anchor2020',
    prefixItems: 'schemaArray',
    items: 'schema',
  }),
};

/** Every keyword a dialect's meta-schema (with its vocabularies) says anything about. */
function constrainedKeywords(dialect: Dialect): Set<string> {
  const out = new Set<string>();
  for (const meta of metaSchemaDocuments(dialect).values()) {
    for (const k of Object.keys((meta as { properties?: Record<string, unknown> }).properties ?? {}))
      out.add(k);
  }
  return out;
}

/** Per dialect: the rule of each keyword, or null for one the meta-schema constrains in a way not modelled here. */
const tables = new Map<Dialect, Map<string, Rule | null>>();
function tableFor(dialect: Dialect): Map<string, Rule | null> {
  let table = tables.get(dialect);
  if (table === undefined) {
    table = new Map();
    const rules = RULES[dialect];
    for (const k of constrainedKeywords(dialect)) table.set(k, rules.get(k) ?? null);
    // A rule for a keyword the meta-schema does not mention would refuse what it allows: never applied.
    tables.set(dialect, table);
  }
  return table;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonNegativeInteger = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function uniqueStrings(v: unknown[]): boolean {
  if (v.length < 2) return v.every((x) => typeof x === 'string');
  if (v.length <= 64) {
    // A short list (most `type` and `required` lists) is compared pairwise, without a set.
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'string') return false;
      for (let j = 0; j < i; j++) if (v[j] === v[i]) return false;
    }
    return true;
  }
  const seen = new Set<string>();
  for (const x of v) {
    if (typeof x !== 'string' || seen.has(x)) return false;
    seen.add(x);
  }
  return true;
}

/** True when `root` is certainly valid against the meta-schema of `dialect`; false when ajv must decide. */
export function certainlyValidSchema(root: unknown, dialect: Dialect): boolean {
  const table = tableFor(dialect);
  const draft04 = dialect === 'draft-04';
  const stringArray = (v: unknown): boolean =>
    Array.isArray(v) && (!draft04 || v.length > 0) && uniqueStrings(v);
  const schemaArray = (v: unknown): boolean => Array.isArray(v) && v.length > 0 && v.every(schema);
  function schema(s: unknown): boolean {
    if (typeof s === 'boolean') return !draft04;
    if (!isPlainObject(s)) return false;
    for (const k in s) {
      if (!Object.hasOwn(s, k)) continue;
      const rule = table.get(k);
      if (rule === undefined) continue;
      if (rule === null || !value(rule, s[k])) return false;
    }
    if (draft04) {
      if (s.exclusiveMaximum !== undefined && !Object.hasOwn(s, 'maximum')) return false;
      if (s.exclusiveMinimum !== undefined && !Object.hasOwn(s, 'minimum')) return false;
    }
    return true;
  }
  function value(rule: Rule, v: unknown): boolean {
    switch (rule) {
      case 'schema':
        return schema(v);
      case 'schemaMap': {
        if (!isPlainObject(v)) return false;
        // Own members' values from one list: a member test and a lookup per key cost more on large maps
        // (`properties` of hundreds).
        const members = Object.values(v);
        for (let i = 0; i < members.length; i++) if (!schema(members[i])) return false;
        return true;
      }
      case 'schemaArray':
        return schemaArray(v);
      case 'schemaOrArray':
        return Array.isArray(v) ? schemaArray(v) : schema(v);
      case 'booleanOrSchema':
        return typeof v === 'boolean' || schema(v);
      case 'string':
        return typeof v === 'string';
      case 'boolean':
        return typeof v === 'boolean';
      case 'number':
        return typeof v === 'number' && Number.isFinite(v);
      case 'positive':
        return typeof v === 'number' && Number.isFinite(v) && v > 0;
      case 'nonNegativeInteger':
        return isNonNegativeInteger(v);
      case 'type':
        if (typeof v === 'string') return SIMPLE_TYPES.has(v);
        return (
          Array.isArray(v) &&
          v.length > 0 &&
          uniqueStrings(v) &&
          v.every((t) => SIMPLE_TYPES.has(t as string))
        );
      case 'any':
        return true;
      case 'array':
        return Array.isArray(v);
      case 'uniqueArray': {
        // Non-empty and without duplicates; only scalars are compared here (deep equality is left to ajv).
        if (!Array.isArray(v) || v.length === 0) return false;
        if (v.length <= 8) {
          // A short list (most enums) is compared pairwise, without a set (SameValueZero, as the set compares:
          // `===`, and Object.is for NaN).
          for (let i = 0; i < v.length; i++) {
            const x = v[i];
            if (typeof x === 'object' && x !== null) return false;
            for (let j = 0; j < i; j++) if (Object.is(v[j], x) || v[j] === x) return false;
          }
          return true;
        }
        const seen = new Set<unknown>();
        for (const x of v) {
          if ((typeof x === 'object' && x !== null) || seen.has(x)) return false;
          seen.add(x);
        }
        return true;
      }
      case 'stringArray':
        return stringArray(v);
      case 'dependencies':
        if (!isPlainObject(v)) return false;
        for (const k in v) {
          if (!Object.hasOwn(v, k)) continue;
          const d = v[k];
          if (!(Array.isArray(d) ? stringArray(d) : schema(d))) return false;
        }
        return true;
      case 'dependentRequired':
        if (!isPlainObject(v)) return false;
        for (const k in v) if (Object.hasOwn(v, k) && !stringArray(v[k])) return false;
        return true;
      case 'vocabulary':
        if (!isPlainObject(v)) return false;
        for (const k in v) if (Object.hasOwn(v, k) && typeof v[k] !== 'boolean') return false;
        return true;
      case 'idNoFragment':
        return typeof v === 'string' && ID_NO_FRAGMENT.test(v);
      case 'anchor2019':
        return typeof v === 'string' && ANCHOR_2019.test(v);
      case 'anchor2020':
        return typeof v === 'string' && ANCHOR_2020.test(v);
    }
  }
  return schema(root);
}
