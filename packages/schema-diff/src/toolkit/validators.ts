// ajv per dialect: the right class for each draft, for meta-schema checks and for checking instances (witnesses).
import { createRequire } from 'node:module';
import { Ajv, type Options } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Dialect } from './dialect.js';
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
  }
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
  const validate = create(dialect, 'instance').compile(ajvCompilable(schema, dialect) as object);
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
