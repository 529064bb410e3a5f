// The one JSON Schema walk: which keywords hold subschemas in a dialect, visited with their JSON Pointer.
import { type Dialect, type Vocabulary, vocabularyOf } from './dialect.js';

export type SchemaObject = { [key: string]: unknown };

export const isSchemaObject = (value: unknown): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 6901 token escaping. */
export const escapePointer = (token: string): string =>
  token.includes('~') || token.includes('/') ? token.replace(/~/g, '~0').replace(/\//g, '~1') : token;
export const unescapePointer = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** Resolves a local JSON Pointer (`#/…` or `/…`, URI-encoded or not) inside a document. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  const p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (p === '') return root;
  let node: unknown = root;
  for (const raw of p.split('/').slice(1)) {
    const token = unescapePointer(decodeURIComponent(raw));
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isSchemaObject(node)) node = node[token];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Where a subschema sits under its parent. */
export interface Slot {
  readonly keyword: string;
  /** Property name, pattern, definition name or array index; absent for single-schema keywords. */
  readonly key?: string | number;
  readonly schema: unknown;
  /**
   * Inside `not` or `if`: what the subschema accepts is not simply part of what the parent accepts
   * (not inverts it, if only selects a branch), so widening it does not widen the parent.
   */
  readonly conditional: boolean;
}

const SINGLE = [
  'additionalProperties',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
  'items',
] as const;
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'] as const;
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];

function known(v: Vocabulary, keyword: string): boolean {
  switch (keyword) {
    case 'propertyNames':
    case 'contains':
      return v.draft06;
    case 'if':
    case 'then':
    case 'else':
      return v.conditionals;
    case 'unevaluatedItems':
    case 'unevaluatedProperties':
    case 'dependentSchemas':
      return v.unevaluated;
    case 'additionalItems':
      return v.tupleItems;
    case 'prefixItems':
      return v.prefixItems;
    case 'dependencies':
      return v.dependencies;
    default:
      return true;
  }
}

/**
 * Calls `visit` with each direct subschema of `schema` in `dialect` (data keywords such as enum/const/default are
 * never entered), in the order `subschemas` lists them, without a slot object per subschema.
 */
export function forEachSubschema(
  schema: unknown,
  dialect: Dialect,
  visit: (keyword: string, key: string | number | undefined, sub: unknown, conditional: boolean) => void,
  /** True for a map of subschemas (`properties`, `$defs`, …) whose members the caller needs no visit of. */
  skipMap?: (map: SchemaObject) => boolean,
): void {
  if (!isSchemaObject(schema)) return;
  const v = vocabularyOf(dialect);
  for (const keyword of SINGLE) {
    const sub = schema[keyword];
    if (sub === undefined || Array.isArray(sub) || !known(v, keyword)) continue;
    if (typeof sub === 'boolean' || isSchemaObject(sub)) {
      visit(keyword, undefined, sub, keyword === 'not' || keyword === 'if');
    }
  }
  for (const keyword of LISTS) {
    const list = schema[keyword];
    if (!Array.isArray(list) || !known(v, keyword)) continue;
    // Holes of a sparse array (a schema built in code) are no subschemas.
    for (let i = 0; i < list.length; i++) if (i in list) visit(keyword, i, list[i], false);
  }
  for (const keyword of MAPS) {
    const map = schema[keyword];
    if (!isSchemaObject(map) || !known(v, keyword) || skipMap?.(map) === true) continue;
    // Own keys from one list: a member test per key costs more on the large maps of big documents.
    const keys = Object.keys(map);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const sub = map[key];
      // dependencies: a list of names is not a schema.
      if (Array.isArray(sub)) continue;
      visit(keyword, key, sub, false);
    }
  }
}

/** The direct subschemas of `schema` in `dialect` (data keywords such as enum/const/default are never entered). */
export function subschemas(schema: unknown, dialect: Dialect): Slot[] {
  const out: Slot[] = [];
  forEachSubschema(schema, dialect, (keyword, key, sub, conditional) => {
    out.push(
      key === undefined ? { keyword, schema: sub, conditional } : { keyword, key, schema: sub, conditional },
    );
  });
  return out;
}

export const slotPointer = (parent: string, slot: Slot): string =>
  slot.key === undefined
    ? `${parent}/${slot.keyword}`
    : `${parent}/${slot.keyword}/${escapePointer(String(slot.key))}`;

/**
 * Visits every subschema of a document, parents first, with its JSON Pointer and whether it sits (at any depth)
 * inside `not` or `if`. Return false from `visit` to skip a subtree.
 */
export function walkSchema(
  root: unknown,
  dialect: Dialect,
  visit: (schema: unknown, pointer: string, conditional: boolean) => boolean | undefined,
): void {
  const go = (schema: unknown, pointer: string, conditional: boolean): void => {
    if (visit(schema, pointer, conditional) === false) return;
    for (const slot of subschemas(schema, dialect)) {
      go(slot.schema, slotPointer(pointer, slot), conditional || slot.conditional);
    }
  };
  go(root, '', false);
}

/**
 * Deep-copies a schema document, letting `edit` change each copied subschema object after its children were
 * copied. Data keywords (enum, const, default, examples) are shared, never edited.
 */
export function mapSchema(
  root: unknown,
  dialect: Dialect,
  edit: (copy: SchemaObject, pointer: string, conditional: boolean) => void,
): unknown {
  const go = (schema: unknown, pointer: string, conditional: boolean): unknown => {
    if (!isSchemaObject(schema)) return schema;
    const copy: SchemaObject = { ...schema };
    for (const slot of subschemas(schema, dialect)) {
      const sub = go(slot.schema, slotPointer(pointer, slot), conditional || slot.conditional);
      if (slot.key === undefined) copy[slot.keyword] = sub;
      else {
        const holder = copy[slot.keyword];
        // Copy each container once before writing into it.
        if (holder === schema[slot.keyword]) {
          copy[slot.keyword] = Array.isArray(holder) ? [...holder] : { ...(holder as SchemaObject) };
        }
        (copy[slot.keyword] as Record<string | number, unknown>)[slot.key] = sub;
      }
    }
    edit(copy, pointer, conditional);
    return copy;
  };
  return go(root, '', false);
}
