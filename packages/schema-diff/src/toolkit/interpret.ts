// An interpreting instance validator over a loaded document: the semantics of compileInstanceValidator (the
// specification's reading of the dialect, ajv-formats), without code generation, so checking one witness costs time
// in proportion to the witness.
import { nodeAt, resolveRef, type SchemaDocument } from '../document.js';
import { isMultipleOf } from './decimal.js';
import { type Dialect, vocabularyOf } from './dialect.js';
import { ajvFor } from './validators.js';
import { escapePointer, isSchemaObject, type SchemaObject } from './walk.js';

/**
 * Thrown when the instance reaches a keyword this interpreter leaves to ajv (`unevaluated*`, dynamic references,
 * ajv-formats' format limits), or the document is draft-04 or draft-06 (keywords that differ there are not modelled).
 */
export class NeedsCompiledValidator extends Error {}

/** Keywords whose meaning here would need annotations or dynamic scope: checked with compiled ajv instead. */
const LEFT_TO_AJV = [
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
  '$recursiveRef',
  'formatMinimum',
  'formatMaximum',
  'formatExclusiveMinimum',
  'formatExclusiveMaximum',
] as const;

const DEFERRED: ReadonlySet<string> = new Set(LEFT_TO_AJV);

/** Names Object.prototype answers: ajv reads them on an instance that lacks them (`x.constructor`). */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const declaresPrototypeName = (props: SchemaObject): boolean => {
  for (const n of PROTOTYPE_NAMES) if (Object.hasOwn(props, n)) return true;
  return false;
};

/** How deep schema applications nest before an unguarded $ref cycle is assumed (ajv overflows the stack). */
const MAX_DEPTH = 2_000;

type FormatCheck = (value: unknown) => boolean;
interface FormatDef {
  type: 'string' | 'number';
  check: FormatCheck;
}

const formatTables = new Map<Dialect, Map<string, FormatDef | true>>();

/** The formats ajv-formats registers on the instance ajv of the dialect, as plain checks. */
function formatsFor(dialect: Dialect): Map<string, FormatDef | true> {
  let table = formatTables.get(dialect);
  if (table !== undefined) return table;
  table = new Map();
  const formats = (ajvFor(dialect, 'instance') as unknown as { formats: Record<string, unknown> }).formats;
  for (const [name, def] of Object.entries(formats)) {
    if (def === true) {
      table.set(name, true);
      continue;
    }
    const plain = typeof def === 'object' && def !== null && !(def instanceof RegExp);
    const d = def as { type?: string; validate?: unknown; async?: boolean };
    if (plain && d.async === true) continue; // never registered by ajv-formats; ajv refuses it in sync schemas
    const v = plain ? d.validate : def;
    const type = plain && d.type === 'number' ? 'number' : 'string';
    const check: FormatCheck =
      v instanceof RegExp
        ? (x) => v.test(x as string)
        : typeof v === 'function'
          ? (x) => (v as (x: unknown) => boolean)(x) === true
          : () => true;
    table.set(name, { type, check });
  }
  formatTables.set(dialect, table);
  return table;
}

/** Deep equality as ajv's `const`/`enum`/`uniqueItems` (fast-deep-equal) decide it for JSON data. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !equal((a as SchemaObject)[k], (b as SchemaObject)[k])) return false;
  }
  return true;
}

/** String length in code points, as ajv counts it. */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

function typeMatches(type: string, x: unknown): boolean {
  switch (type) {
    case 'null':
      return x === null;
    case 'boolean':
      return typeof x === 'boolean';
    case 'number':
      return typeof x === 'number';
    case 'integer':
      return typeof x === 'number' && !(x % 1) && !Number.isNaN(x);
    case 'string':
      return typeof x === 'string';
    case 'array':
      return Array.isArray(x);
    case 'object':
      return typeof x === 'object' && x !== null && !Array.isArray(x);
    default:
      return false;
  }
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A validator for `doc` that answers as `compileInstanceValidator` of the same document would (ajv-formats,
 * `$ref` siblings ignored up to draft-07, no `dependencies` from 2019-09, `multipleOf` exact on the written
 * decimals, presence as `value !== undefined`). Throws NeedsCompiledValidator where it does not model ajv (see LEFT_TO_AJV); the
 * property tests cross-check it against ajv on generated schemas and instances.
 */
export function interpretedValidator(doc: SchemaDocument): (instance: unknown) => boolean {
  // Keywords these drafts lack (`if`; `const`, `contains`, boolean exclusive bounds…) are left to the compiled check.
  if (doc.dialect === 'draft-04' || doc.dialect === 'draft-06') {
    return () => {
      throw new NeedsCompiledValidator(`${doc.dialect} documents are checked with ajv`);
    };
  }
  const formats = formatsFor(doc.dialect);
  const next = doc.dialect === '2019-09' || doc.dialect === '2020-12';
  const prefixItems = doc.dialect === '2020-12';
  const vocabulary = vocabularyOf(doc.dialect);
  const regexes = new Map<string, RegExp>();
  const regex = (source: string): RegExp => {
    let re = regexes.get(source);
    if (re === undefined) {
      re = new RegExp(source, 'u');
      regexes.set(source, re);
    }
    return re;
  };
  let depth = 0;

  const valid = (schema: unknown, ptr: string, x: unknown): boolean => {
    if (schema === true) return true;
    if (schema === false) return false;
    if (!isSchemaObject(schema)) return true;
    if (++depth > MAX_DEPTH) {
      throw new RangeError('schema applications nest too deep (a $ref cycle that never descends?)');
    }
    try {
      return keywords(schema, ptr, x);
    } finally {
      depth--;
    }
  };
  const sub = (schema: SchemaObject, ptr: string, keyword: string, x: unknown): boolean =>
    valid(schema[keyword], `${ptr}/${keyword}`, x);
  // A keyword (never escaped: none holds `~` or `/`) and one token below it; no list of tokens per call.
  const at = (ptr: string, keyword: string, token: string | number): string =>
    `${ptr}/${keyword}/${typeof token === 'number' ? token : escapePointer(token)}`;

  function keywords(s: SchemaObject, ptr: string, x: unknown): boolean {
    // A scan of the keys present rather than a read of each keyword left to ajv by name (slow on objects of many
    // shapes); in LEFT_TO_AJV's order, so the first one found is the one named.
    let deferred = false;
    for (const k in s) {
      if (DEFERRED.has(k) && s[k] !== undefined) {
        deferred = true;
        break;
      }
    }
    if (deferred) {
      for (const k of LEFT_TO_AJV) {
        if (s[k] !== undefined) throw new NeedsCompiledValidator(`"${k}" at ${ptr || '(root)'}`);
      }
    }
    if (typeof s.$ref === 'string') {
      const target = resolveRef(doc, s.$ref, ptr);
      if (!valid(nodeAt(doc, target).schema, target, x)) return false;
      // Up to draft-07 the specification ignores every sibling of `$ref`.
      if (vocabulary.refOverrides) return true;
    }
    const t = s.type;
    if (t !== undefined) {
      // One type or a list of them, read without making a list for the one (every subschema met passes here).
      const many = Array.isArray(t);
      const hasNull = many ? (t as string[]).includes('null') : t === 'null';
      // ajv refuses `type: null` with `nullable: false`; the compiled check reports that.
      if (s.nullable === false && hasNull)
        throw new NeedsCompiledValidator('"nullable: false" with type null');
      const nullable = s.nullable === true && !hasNull;
      let matches = false;
      if (many) {
        for (const type of t as string[])
          if (typeMatches(type, x)) {
            matches = true;
            break;
          }
      } else matches = typeMatches(t as string, x);
      if (!matches && !(nullable && x === null)) return false;
    } else if (s.nullable !== undefined) {
      throw new NeedsCompiledValidator('"nullable" without "type"');
    }
    if (s.const !== undefined && !equal(x, s.const)) return false;
    if (Array.isArray(s.enum) && !s.enum.some((v) => equal(x, v))) return false;
    if (typeof s.format === 'string' && (typeof x === 'string' || typeof x === 'number')) {
      const f = formats.get(s.format);
      if (f !== undefined && f !== true && f.type === typeof x && !f.check(x)) return false;
    }
    if (typeof x === 'number') {
      if (typeof s.maximum === 'number' && !(x <= s.maximum)) return false;
      if (typeof s.minimum === 'number' && !(x >= s.minimum)) return false;
      if (typeof s.exclusiveMaximum === 'number' && !(x < s.exclusiveMaximum)) return false;
      if (typeof s.exclusiveMinimum === 'number' && !(x > s.exclusiveMinimum)) return false;
      if (typeof s.multipleOf === 'number' && !isMultipleOf(x, s.multipleOf)) return false;
    } else if (typeof x === 'string') {
      if (typeof s.maxLength === 'number' && codePoints(x) > s.maxLength) return false;
      if (typeof s.minLength === 'number' && codePoints(x) < s.minLength) return false;
      if (typeof s.pattern === 'string' && !regex(s.pattern).test(x)) return false;
    } else if (Array.isArray(x)) {
      if (!arrayKeywords(s, ptr, x)) return false;
    } else if (isObject(x)) {
      if (!objectKeywords(s, ptr, x)) return false;
    }
    if (s.not !== undefined && sub(s, ptr, 'not', x)) return false;
    if (Array.isArray(s.allOf) && !s.allOf.every((b, i) => valid(b, at(ptr, 'allOf', i), x))) return false;
    if (Array.isArray(s.anyOf) && !s.anyOf.some((b, i) => valid(b, at(ptr, 'anyOf', i), x))) return false;
    if (Array.isArray(s.oneOf)) {
      let passing = 0;
      for (let i = 0; i < s.oneOf.length && passing < 2; i++)
        if (valid(s.oneOf[i], at(ptr, 'oneOf', i), x)) passing++;
      if (passing !== 1) return false;
    }
    if (s.if !== undefined && (s.then !== undefined || s.else !== undefined)) {
      const branch = sub(s, ptr, 'if', x) ? 'then' : 'else';
      if (s[branch] !== undefined && !sub(s, ptr, branch, x)) return false;
    }
    return true;
  }

  function arrayKeywords(s: SchemaObject, ptr: string, x: unknown[]): boolean {
    if (typeof s.maxItems === 'number' && x.length > s.maxItems) return false;
    if (typeof s.minItems === 'number' && x.length < s.minItems) return false;
    if (s.uniqueItems === true) {
      for (let i = 1; i < x.length; i++) for (let j = 0; j < i; j++) if (equal(x[i], x[j])) return false;
    }
    let rest = 0; // where `items` (2020-12) or `additionalItems` (tuples) starts applying
    let restKeyword: string | undefined;
    if (prefixItems) {
      if (Array.isArray(s.prefixItems)) {
        const n = Math.min(s.prefixItems.length, x.length);
        for (let i = 0; i < n; i++)
          if (!valid(s.prefixItems[i], at(ptr, 'prefixItems', i), x[i])) return false;
        rest = s.prefixItems.length;
      }
      if (s.items !== undefined) restKeyword = 'items';
    } else if (Array.isArray(s.items)) {
      const n = Math.min(s.items.length, x.length);
      for (let i = 0; i < n; i++) if (!valid(s.items[i], at(ptr, 'items', i), x[i])) return false;
      rest = s.items.length;
      if (s.additionalItems !== undefined) restKeyword = 'additionalItems';
    } else if (s.items !== undefined) {
      restKeyword = 'items';
    }
    if (restKeyword !== undefined) {
      const p = `${ptr}/${restKeyword}`;
      for (let i = rest; i < x.length; i++) if (!valid(s[restKeyword], p, x[i])) return false;
    }
    if (s.contains !== undefined) {
      const min = next && typeof s.minContains === 'number' ? s.minContains : 1;
      const max = next && typeof s.maxContains === 'number' ? s.maxContains : undefined;
      if (!(min === 0 && max === undefined)) {
        let count = 0;
        const p = `${ptr}/contains`;
        for (const item of x) if (valid(s.contains, p, item)) count++;
        if (count < min || (max !== undefined && count > max)) return false;
      }
    }
    return true;
  }

  function objectKeywords(s: SchemaObject, ptr: string, x: Record<string, unknown>): boolean {
    const props = isSchemaObject(s.properties) ? s.properties : undefined;
    // ajv treats a "__proto__" member apart (skipped in properties, counted by additionalProperties only
    // sometimes): leave such objects to it.
    if (Object.hasOwn(x, '__proto__') || (props !== undefined && Object.hasOwn(props, '__proto__')))
      throw new NeedsCompiledValidator('a "__proto__" member');
    const keys = Object.keys(x);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) return false;
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) return false;
    if (Array.isArray(s.required)) for (const k of s.required) if (x[k as string] === undefined) return false;
    if (props !== undefined) {
      const prefix = `${ptr}/properties/`;
      // The instance's members first (a witness carries far fewer than are declared: the required ones). When
      // every one holds, so does the keyword, whatever the order. When one does not (false, or left to ajv), the
      // declared names are read in their order as before, each member checked once, so the same one decides.
      let stop = -1;
      let error: unknown;
      let ordered = true;
      if (Object.getPrototypeOf(x) === Object.prototype && !declaresPrototypeName(props)) {
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i]!;
          const v = x[k];
          if (v === undefined || !Object.hasOwn(props, k)) continue;
          try {
            if (valid(props[k], prefix + escapePointer(k), v)) continue;
          } catch (e) {
            if (!(e instanceof NeedsCompiledValidator || e instanceof RangeError)) throw e;
            error = e;
          }
          stop = i;
          break;
        }
        ordered = stop !== -1;
      }
      if (ordered) {
        const held = stop === -1 ? undefined : new Set(keys.slice(0, stop));
        const decided = stop === -1 ? undefined : keys[stop];
        for (const k in props) {
          if (k === decided) {
            if (error !== undefined) throw error;
            return false;
          }
          if (held?.has(k)) continue;
          const v = x[k];
          if (v !== undefined && !valid(props[k], prefix + escapePointer(k), v)) return false;
        }
      }
    }
    const patterns = isSchemaObject(s.patternProperties) ? Object.keys(s.patternProperties) : undefined;
    if (patterns !== undefined) {
      for (const source of patterns) {
        const re = regex(source);
        const p = at(ptr, 'patternProperties', source);
        for (const k of keys)
          if (re.test(k) && !valid((s.patternProperties as SchemaObject)[source], p, x[k])) return false;
      }
    }
    if (s.additionalProperties !== undefined && s.additionalProperties !== true) {
      const p = `${ptr}/additionalProperties`;
      for (const k of keys) {
        if (props !== undefined && Object.hasOwn(props, k)) continue;
        if (patterns?.some((source) => regex(source).test(k))) continue;
        if (!valid(s.additionalProperties, p, x[k])) return false;
      }
    }
    if (s.propertyNames !== undefined) {
      const p = `${ptr}/propertyNames`;
      for (const k of keys) if (!valid(s.propertyNames, p, k)) return false;
    }
    // Most objects have no dependencies of any kind: no list for them.
    const dependencies = vocabulary.dependencies && isSchemaObject(s.dependencies);
    if (
      !dependencies &&
      !(next && (isSchemaObject(s.dependentRequired) || isSchemaObject(s.dependentSchemas)))
    )
      return true;
    const dependents: Array<[string, unknown]> = [];
    if (dependencies) dependents.push(['dependencies', s.dependencies]);
    if (next && isSchemaObject(s.dependentRequired))
      dependents.push(['dependentRequired', s.dependentRequired]);
    if (next && isSchemaObject(s.dependentSchemas)) dependents.push(['dependentSchemas', s.dependentSchemas]);
    for (const [keyword, map] of dependents) {
      for (const [k, dep] of Object.entries(map as SchemaObject)) {
        if (x[k] === undefined) continue;
        if (Array.isArray(dep)) {
          if (keyword === 'dependentSchemas') continue;
          for (const d of dep) if (x[d as string] === undefined) return false;
        } else if (keyword !== 'dependentRequired' && !valid(dep, at(ptr, keyword, k), x)) {
          return false;
        }
      }
    }
    return true;
  }

  return (instance) => {
    depth = 0;
    return valid(doc.root, '', instance);
  };
}

const interpreted = new WeakMap<SchemaDocument, (instance: unknown) => boolean>();

function interpretedFor(doc: SchemaDocument): (instance: unknown) => boolean {
  let v = interpreted.get(doc);
  if (v === undefined) {
    v = interpretedValidator(doc);
    interpreted.set(doc, v);
  }
  return v;
}

/**
 * Whether `writer` accepts `instance` and `reader` rejects it, interpreted; `compiled` (ajv) answers instead where
 * the interpreter leaves the question to ajv. False when the instance cannot be checked (an unguarded $ref cycle).
 */
export function writerAcceptsReaderRejects(
  writer: SchemaDocument,
  reader: SchemaDocument,
  instance: unknown,
  compiled: (instance: unknown) => boolean,
): boolean {
  try {
    return interpretedFor(writer)(instance) && !interpretedFor(reader)(instance);
  } catch (e) {
    if (e instanceof NeedsCompiledValidator) return compiled(instance);
    if (e instanceof RangeError) return false;
    throw e;
  }
}
