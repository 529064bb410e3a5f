// ajv per dialect: the right class for each draft, for meta-schema checks and for checking instances (witnesses),
// the instance ones asserting what the specification of the dialect asserts (see applySpecification).
import { createRequire } from 'node:module';
import { _, Ajv, type CodeKeywordDefinition, type KeywordCxt, type Options, str } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isMultipleOf } from './decimal.js';
import { type Dialect, vocabularyOf } from './dialect.js';
import {
  escapePointer,
  isSchemaObject,
  mapSchema,
  type SchemaObject,
  slotPointer,
  subschemas,
  walkSchema,
} from './walk.js';

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
export type Purpose = 'meta' | 'instance';

const require = createRequire(import.meta.url);
const cache = new Map<string, AnyAjv>();

function create(dialect: Dialect, purpose: Purpose): AnyAjv {
  const options: Options = {
    strict: false,
    // A library writes nothing to the console: ajv's notices ("unknown format … ignored") would land in every
    // `accord diff` output, and a format ajv does not know is an annotation to the diff as well.
    logger: false,
    validateFormats: purpose === 'instance',
    // Instances are checked against documents that were meta-validated already.
    validateSchema: purpose === 'meta',
    allErrors: false,
    inlineRefs: false,
    code: { optimize: false },
  };
  let ajv: AnyAjv;
  switch (dialect) {
    case 'draft-04': {
      // ajv-draft-04 is CommonJS with a default export.
      const mod = require('ajv-draft-04') as { default: new (o: Options) => Ajv };
      ajv = new mod.default(options);
      break;
    }
    case 'draft-06':
    case 'draft-07': {
      // ajv's copies of these meta-schemas require a non-empty, unique `enum`; the specification only says it
      // SHOULD be (validation spec draft-06/07 §6.1.2), so a valid `enum: []` must not be refused.
      ajv = new Ajv({ ...options, meta: false });
      const meta = structuredClone(require(`ajv/dist/refs/json-schema-${dialect}.json`)) as {
        $id: string;
        properties: Record<string, unknown>;
      };
      meta.properties.enum = { type: 'array', items: true };
      ajv.addMetaSchema(meta);
      (ajv.opts as { defaultMeta?: string }).defaultMeta = meta.$id;
      break;
    }
    case '2019-09':
      ajv = new Ajv2019(options);
      break;
    case '2020-12':
      ajv = new Ajv2020(options);
      break;
  }
  if (purpose === 'instance') {
    const plugin = addFormats as unknown as { default?: (a: AnyAjv) => void };
    const add = typeof plugin === 'function' ? (plugin as (a: AnyAjv) => void) : plugin.default!;
    add(ajv);
    applySpecification(ajv, dialect);
  }
  return ajv;
}

/**
 * Keywords ajv's class for a dialect asserts that the dialect does not have (its meta-schema defines no such
 * keyword, so the specification ignores it): ajv-draft-04 knows draft-06/07 keywords, the draft-07 class (used
 * for draft-06) conditionals, Ajv2019/Ajv2020 `dependencies` (split into dependentRequired/dependentSchemas) and
 * each other's dynamic references.
 */
const NOT_IN_DIALECT: Record<Dialect, readonly string[]> = {
  'draft-04': ['const', 'contains', 'propertyNames', 'if', 'then', 'else'],
  'draft-06': ['if', 'then', 'else'],
  'draft-07': [],
  '2019-09': ['dependencies', '$dynamicRef', '$dynamicAnchor'],
  '2020-12': ['dependencies', '$recursiveRef', '$recursiveAnchor'],
};

/**
 * ajv's multipleOf (same errors, `$data`, schema type, and the meta-schemas' check that the divisor is > 0, made at
 * compile time) deciding on the written decimals instead of a float quotient.
 */
const exactMultipleOf = (dialect: Dialect): CodeKeywordDefinition => ({
  keyword: 'multipleOf',
  type: 'number',
  schemaType: 'number',
  $data: true,
  error: {
    message: ({ schemaCode }) => str`must be multiple of ${schemaCode}`,
    params: ({ schemaCode }) => _`{multipleOf: ${schemaCode}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, schemaCode } = cxt;
    const exact = gen.scopeValue('func', { ref: isMultipleOf });
    cxt.fail$data(_`!${exact}(${data}, ${schemaCode})`);
  },
  metaSchema:
    dialect === 'draft-04'
      ? { type: 'number', minimum: 0, exclusiveMinimum: true }
      : { type: 'number', exclusiveMinimum: 0 },
});

/**
 * Makes an ajv instance of `dialect`'s class (any options) assert what the JSON Schema specification of the dialect
 * asserts: keywords from other drafts are ignored, `multipleOf` is exact on the decimals JSON writes (3.3 is a
 * multiple of 1.1, 1e22 of 10). `$ref` siblings up to draft-07 are a property of the schema, not of the instance:
 * compile `withoutRefSiblings(schema)`. The tolerant reader's validators go through this too.
 */
export function applySpecification<A extends AnyAjv>(ajv: A, dialect: Dialect): A {
  for (const keyword of NOT_IN_DIALECT[dialect]) ajv.removeKeyword(keyword);
  ajv.removeKeyword('multipleOf');
  ajv.addKeyword(exactMultipleOf(dialect));
  return ajv;
}

/** The shared ajv instance for a dialect and purpose (created on first use). */
export function ajvFor(dialect: Dialect, purpose: Purpose): AnyAjv {
  const key = `${dialect}|${purpose}`;
  let ajv = cache.get(key);
  if (ajv === undefined) {
    ajv = create(dialect, purpose);
    cache.set(key, ajv);
  }
  return ajv;
}

/**
 * Compiles a whole schema document with ajv for checking instances. A fresh ajv instance each time: documents of
 * two versions often share one `$id`, and nothing compiled for one diff should leak into the next.
 */
export function compileInstanceValidator(dialect: Dialect, schema: unknown): (instance: unknown) => boolean {
  const validate = create(dialect, 'instance').compile(
    withoutRefSiblings(ajvCompilable(schema, dialect), dialect) as object,
  );
  return (instance) => validate(instance) === true;
}

/**
 * A copy of `root` that validates `instance` exactly as `root` does, without the subschemas that cannot apply to
 * it: `properties` (and dependentSchemas / dependentRequired / dependencies) entries whose name is a key nowhere
 * in the instance, then definitions no remaining `$ref` reaches. Keeps ajv's compile time proportional to the
 * witness, not to the document.
 */
export function pruneForInstance(
  root: unknown,
  dialect: Dialect,
  instance: unknown,
  options: { weakenExcept?: ReadonlySet<string> } = {},
): unknown {
  if (typeof root !== 'object' || root === null) return root;
  const keys = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) collect(x);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        keys.add(k);
        collect(x);
      }
    }
  };
  collect(instance);
  // Whatever a $ref, $anchor or $id names must stay where it is: keep every ancestor of such a target.
  const pinned = new Set<string>();
  let remote = false;
  // Inside an embedded resource `#/…` is relative to it: leave such documents whole.
  const embedded = false;
  const pin = (pointer: string): void => {
    let p = pointer;
    while (!pinned.has(p)) {
      pinned.add(p);
      if (p === '') break;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  };
  walkSchema(root, dialect, (s, pointer) => {
    if (isSchemaObject(s)) {
      for (const k of ['$ref', '$dynamicRef', '$recursiveRef'] as const) {
        const ref = s[k];
        if (typeof ref !== 'string') continue;
        if (ref.startsWith('#/')) pin(decodeURIComponent(ref.slice(1)));
        else if (ref !== '#' && !ref.startsWith('#')) remote = true;
      }
      if ('$anchor' in s || '$dynamicAnchor' in s || (pointer !== '' && ('$id' in s || 'id' in s)))
        pin(pointer);
    }
    return undefined;
  });
  if (remote || embedded) return root;
  const keep = (pointer: string): boolean => pinned.has(pointer);
  // Copy without descending into entries that are dropped (the bulk of a large document).
  const DROPPABLE = new Set(['properties', 'dependentSchemas', 'dependentRequired', 'dependencies']);
  const weakenExcept = options.weakenExcept;
  // Subschemas whose acceptance is simply part of their parent's (no not/if/oneOf/contains above, not a
  // definition that a $ref could reach from elsewhere): replacing them by `true` only widens the document.
  const MONOTONE = new Set([
    'properties',
    'patternProperties',
    'additionalProperties',
    'items',
    'prefixItems',
    'additionalItems',
    'allOf',
    'anyOf',
  ]);
  const copySchema = (schema: unknown, pointer: string, monotone = true): unknown => {
    if (!isSchemaObject(schema)) return schema;
    const out: SchemaObject = {};
    const slots = subschemas(schema, dialect);
    for (const [k, v] of Object.entries(schema)) {
      if (ANNOTATIONS.has(k) && !pinned.has(`${pointer}/${k}`)) continue;
      out[k] = v;
    }
    for (const kw of DROPPABLE) {
      const map = schema[kw];
      if (!isSchemaObject(map)) continue;
      const kept: SchemaObject = {};
      for (const [name, sub] of Object.entries(map)) {
        const pinnedHere = keep(`${pointer}/${kw}/${escapePointer(name)}`);
        if (!keys.has(name) && !pinnedHere) continue;
        // Off the witness's path a reader's property may be widened to `true`: rejection still proves rejection.
        kept[name] =
          weakenExcept !== undefined &&
          monotone &&
          kw === 'properties' &&
          !pinnedHere &&
          !weakenExcept.has(name)
            ? true
            : sub;
      }
      out[kw] = kept;
    }
    for (const slot of slots) {
      const holder = out[slot.keyword];
      if (slot.key === undefined) {
        if (holder !== undefined)
          out[slot.keyword] = copySchema(
            slot.schema,
            slotPointer(pointer, slot),
            monotone && MONOTONE.has(slot.keyword),
          );
        continue;
      }
      if (holder === undefined) continue;
      const container = holder as Record<string | number, unknown>;
      if (!(slot.key in container) || container[slot.key] === true) continue;
      if (container === schema[slot.keyword])
        out[slot.keyword] = Array.isArray(holder) ? [...holder] : { ...(holder as SchemaObject) };
      (out[slot.keyword] as Record<string | number, unknown>)[slot.key] = copySchema(
        slot.schema,
        slotPointer(pointer, slot),
        monotone && MONOTONE.has(slot.keyword),
      );
    }
    return out;
  };
  return copySchema(root, '');
}

/** Keywords that never affect validation (ajv runs without useDefaults here); dropped from the checking copy. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'examples',
  '$comment',
  'deprecated',
  'readOnly',
  'writeOnly',
  'default',
]);

/** ajv refuses to compile `enum: []` (valid: it accepts nothing); the equivalent `not: {}` it compiles. */
function ajvCompilable(schema: unknown, dialect: Dialect): unknown {
  let empty = false;
  walkSchema(schema, dialect, (s) => {
    if (isSchemaObject(s) && Array.isArray(s.enum) && s.enum.length === 0) empty = true;
    return empty ? false : undefined;
  });
  if (!empty) return schema;
  return mapSchema(schema, dialect, (copy) => {
    if (Array.isArray(copy.enum) && copy.enum.length === 0) {
      delete copy.enum;
      copy.allOf = [...(Array.isArray(copy.allOf) ? copy.allOf : []), { not: {} }];
    }
  });
}

/**
 * Up to draft-07 the specification ignores every sibling of `$ref` and ajv applies them: a copy without them (the
 * document itself when it has none). A sibling that a JSON Pointer of another `$ref` passes through stays (ajv
 * then applies it: the one place the copy is not the specification's reading), as do `$schema`, `definitions`
 * and `$defs` (containers, never assertions) and, when a reference names an anchor or a URI, `$id`/`id`.
 */
export function withoutRefSiblings(schema: unknown, dialect: Dialect): unknown {
  if (!vocabularyOf(dialect).refOverrides) return schema;
  const pointers: string[] = [];
  let named = false;
  let siblings = false;
  walkSchema(schema, dialect, (s) => {
    if (!isSchemaObject(s) || typeof s.$ref !== 'string') return undefined;
    if (s.$ref.startsWith('#/')) pointers.push(decodeURIComponent(s.$ref.slice(1)));
    else if (s.$ref !== '#') named = true;
    for (const k in s) if (!REF_KEEPS.has(k)) siblings = true;
    return undefined;
  });
  if (!siblings) return schema;
  const reached = (pointer: string): boolean =>
    pointers.some((p) => p === pointer || p.startsWith(`${pointer}/`));
  return mapSchema(schema, dialect, (copy, pointer) => {
    if (typeof copy.$ref !== 'string') return;
    for (const k of Object.keys(copy)) {
      if (REF_KEEPS.has(k) || (named && (k === '$id' || k === 'id'))) continue;
      if (!reached(`${pointer}/${escapePointer(k)}`)) delete copy[k];
    }
  });
}

const REF_KEEPS: ReadonlySet<string> = new Set(['$ref', '$schema', 'definitions', '$defs']);
