// Where in an instance a schema location applies: JSON Pointers into a schema → instance path patterns.
import type { Change, JsonSchema } from '../index.js';
import {
  ANY_INDEX,
  DESCENDANTS,
  formatPath,
  index,
  type PathPattern,
  property,
  type Segment,
} from './path.js';

/** A property the schema declares, as an instance path (for usage reports). */
export interface DeclaredField {
  path: PathPattern;
  /** Required by its parent object (the parent itself may be optional). */
  required: boolean;
  /** Where the property's subschema lives. */
  pointer: string;
}

export interface SchemaPaths {
  /** Instance paths at which the subschema at `pointer` applies; undefined when no walk from the root reaches it. */
  at(pointer: string): readonly PathPattern[] | undefined;
  /** The value at a pointer of the document, or undefined. */
  node(pointer: string): unknown;
  /** Every declared property in document order, each once per instance path. */
  fields(): readonly DeclaredField[];
  /** Every instance path some subschema applies at (declared properties, catch-alls, items). */
  all(): readonly PathPattern[];
}

/** Bounds for pathological schemas: a location reached through very many `$ref` chains keeps its first paths. */
const MAX_PATHS_PER_LOCATION = 64;
const MAX_VISITS = 200_000;

const escapeToken = (t: string): string => t.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapeToken = (t: string): string => t.replace(/~1/g, '/').replace(/~0/g, '~');
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function tokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeToken);
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const t of tokens(pointer)) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[t];
  }
  return cur;
}

/**
 * Walks the schema from its root the way a validator applies it, following local `$ref`s, and records for
 * every subschema the instance paths it governs. A `$ref` back into a subschema being walked (a recursive
 * schema) is walked once more under a `..` segment, which covers every depth.
 */
export function indexSchema(schema: JsonSchema): SchemaPaths {
  const root = schema as unknown;
  const locations = new Map<string, { paths: PathPattern[]; seen: Set<string> }>();
  const fields: DeclaredField[] = [];
  const fieldSeen = new Set<string>();
  const anchors = collectAnchors(root);
  const rootId = isObject(root) && typeof root.$id === 'string' ? root.$id.replace(/#$/, '') : undefined;
  let visits = 0;

  const record = (pointer: string, path: PathPattern): boolean => {
    let entry = locations.get(pointer);
    if (!entry) {
      entry = { paths: [], seen: new Set() };
      locations.set(pointer, entry);
    }
    const key = formatPath(path);
    if (entry.seen.has(key) || entry.paths.length >= MAX_PATHS_PER_LOCATION) return false;
    entry.seen.add(key);
    entry.paths.push(path);
    return true;
  };

  const resolve = (ref: string): string | undefined => {
    let fragment: string | undefined;
    if (ref.startsWith('#')) fragment = ref.slice(1);
    else if (rootId !== undefined && (ref === rootId || ref.startsWith(`${rootId}#`)))
      fragment = ref.slice(rootId.length + 1);
    if (fragment === undefined) return undefined;
    fragment = decodeURIComponent(fragment);
    if (fragment === '' || fragment.startsWith('/'))
      return valueAt(root, fragment) === undefined ? undefined : fragment;
    return anchors.get(fragment);
  };

  // `stack`: pointers of the subschemas being walked, with the instance path each was entered at.
  const walk = (
    pointer: string,
    path: PathPattern,
    stack: ReadonlyMap<string, PathPattern>,
    recursed: boolean,
  ): void => {
    if (++visits > MAX_VISITS) return;
    if (!record(pointer, path)) return;
    const node = valueAt(root, pointer);
    if (!isObject(node)) return;
    const inner = new Map(stack).set(pointer, path);
    const at = (token: string) => `${pointer}/${escapeToken(token)}`;
    const sub = (ptr: string, next: PathPattern) => walk(ptr, next, inner, recursed);

    const required = new Set(Array.isArray(node.required) ? (node.required as unknown[]) : []);
    const declared: string[] = [];
    if (isObject(node.properties)) {
      for (const name of Object.keys(node.properties)) {
        declared.push(name);
        const ptr = `${at('properties')}/${escapeToken(name)}`;
        const fieldPath = [...path, property(name)];
        const key = `${ptr}@${formatPath(fieldPath)}`;
        if (!fieldSeen.has(key)) {
          fieldSeen.add(key);
          fields.push({ path: fieldPath, required: required.has(name), pointer: ptr });
        }
        sub(ptr, fieldPath);
      }
    }
    if (isObject(node.patternProperties)) {
      for (const pattern of Object.keys(node.patternProperties)) {
        sub(`${at('patternProperties')}/${escapeToken(pattern)}`, [
          ...path,
          { kind: 'anyProperty', pattern },
        ]);
      }
    }
    for (const kw of ['additionalProperties', 'unevaluatedProperties']) {
      if (kw in node) sub(at(kw), [...path, { kind: 'anyProperty', except: declared }]);
    }
    if ('propertyNames' in node) sub(at('propertyNames'), [...path, { kind: 'anyProperty' }]);

    const prefixLength = Array.isArray(node.prefixItems) ? node.prefixItems.length : 0;
    if (Array.isArray(node.prefixItems)) {
      for (let i = 0; i < node.prefixItems.length; i++) sub(`${at('prefixItems')}/${i}`, [...path, index(i)]);
    }
    if (Array.isArray(node.items)) {
      // draft-07 tuple form
      for (let i = 0; i < node.items.length; i++) sub(`${at('items')}/${i}`, [...path, index(i)]);
      if ('additionalItems' in node)
        sub(at('additionalItems'), [...path, { kind: 'anyIndex', from: node.items.length }]);
    } else if ('items' in node) {
      sub(at('items'), [...path, prefixLength > 0 ? { kind: 'anyIndex', from: prefixLength } : ANY_INDEX]);
    }
    for (const kw of ['unevaluatedItems', 'contains']) if (kw in node) sub(at(kw), [...path, ANY_INDEX]);

    for (const kw of ['allOf', 'anyOf', 'oneOf']) {
      const list = node[kw];
      if (Array.isArray(list)) for (let i = 0; i < list.length; i++) sub(`${at(kw)}/${i}`, path);
    }
    for (const kw of ['not', 'if', 'then', 'else']) if (kw in node) sub(at(kw), path);
    for (const kw of ['dependentSchemas', 'dependencies']) {
      const map = node[kw];
      if (!isObject(map)) continue;
      for (const [name, value] of Object.entries(map)) {
        if (!Array.isArray(value)) sub(`${at(kw)}/${escapeToken(name)}`, path);
      }
    }

    for (const kw of ['$ref', '$dynamicRef', '$recursiveRef']) {
      const ref = node[kw];
      if (typeof ref !== 'string') continue;
      const target = kw === '$recursiveRef' ? '' : resolve(ref);
      if (target === undefined) continue;
      const entered = inner.get(target);
      if (entered === undefined) walk(target, path, inner, recursed);
      else if (!recursed) walk(target, [...entered, DESCENDANTS], new Map(), true);
    }
  };

  walk('', [], new Map(), false);

  return {
    at: (pointer) => locations.get(pointer)?.paths,
    node: (pointer) => valueAt(root, pointer),
    fields: () => fields,
    all: () => [...locations.values()].flatMap((l) => l.paths),
  };
}

function collectAnchors(root: unknown): Map<string, string> {
  const anchors = new Map<string, string>();
  const visit = (value: unknown, pointer: string, parentKey: string | undefined): void => {
    if (parentKey === 'enum' || parentKey === 'const' || parentKey === 'default' || parentKey === 'examples')
      return;
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, `${pointer}/${i}`, undefined);
      return;
    }
    if (!isObject(value)) return;
    const isMap = parentKey === 'properties' || parentKey === 'patternProperties' || parentKey === '$defs';
    if (!isMap) {
      if (typeof value.$anchor === 'string') anchors.set(value.$anchor, pointer);
      if (typeof value.$id === 'string' && value.$id.startsWith('#'))
        anchors.set(value.$id.slice(1), pointer);
    }
    for (const [k, v] of Object.entries(value))
      visit(v, `${pointer}/${escapeToken(k)}`, isMap ? undefined : k);
  };
  visit(root, '', undefined);
  return anchors;
}

/** Where a change lands in instances, and whether the failing condition is a value that is missing. */
export interface ChangeLocation {
  paths: readonly PathPattern[];
  /**
   * The change makes a value *required* (`required-added`, `required-property-added`): a writer fails when it
   * does not send the path, not when it does.
   */
  absent: boolean;
  /** False when no walk from the root reaches the change's location, so it is treated as the whole instance. */
  located: boolean;
}

const ABSENCE_RULES = new Set(['required-added', 'required-property-added']);

/** Keywords whose subschema applies below the object/array they sit in, even when absent from this document. */
function keywordStep(keyword: string, next: string | undefined, node: unknown): Segment | undefined {
  const declared = isObject(node) && isObject(node.properties) ? Object.keys(node.properties) : [];
  switch (keyword) {
    case 'properties':
      return next === undefined ? undefined : property(next);
    case 'patternProperties':
      return next === undefined ? { kind: 'anyProperty' } : { kind: 'anyProperty', pattern: next };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return { kind: 'anyProperty', except: declared };
    case 'propertyNames':
      return { kind: 'anyProperty' };
    case 'prefixItems':
      return next !== undefined && /^\d+$/.test(next) ? index(Number(next)) : ANY_INDEX;
    case 'items':
      return next !== undefined && /^\d+$/.test(next) ? index(Number(next)) : ANY_INDEX;
    case 'additionalItems':
    case 'unevaluatedItems':
    case 'contains':
      return ANY_INDEX;
    default:
      return undefined;
  }
}

/** The property a `required-*` change without a declared property names: `"name" became required`. */
function requiredName(change: Change): string | undefined {
  const m = /^("(?:[^"\\]|\\.)*")/.exec(change.message);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as string;
  } catch {
    return undefined;
  }
}

/**
 * The one place that maps a schema-diff change (JSON Pointers into the OLD and NEW schema documents) to the
 * instance paths it affects. The change's primary `path` is resolved in the document it points into: the
 * deepest location a walk from the root reaches, plus the step its keyword implies (`additionalProperties` →
 * `.*`, `items` → `[*]`, `required` → the named property).
 */
export function locateChange(change: Change, oldPaths: SchemaPaths, newPaths: SchemaPaths): ChangeLocation {
  const inNew = change.path === change.newPath;
  const doc = inNew ? newPaths : oldPaths;
  const all = tokens(change.path);
  let base: readonly PathPattern[] | undefined;
  let used = all.length;
  for (; used >= 0; used--) {
    const ptr = used === 0 ? '' : `/${all.slice(0, used).map(escapeToken).join('/')}`;
    base = doc.at(ptr);
    if (base !== undefined) break;
  }
  const absent = ABSENCE_RULES.has(change.rule);
  if (base === undefined) return { paths: [[]], absent, located: false };
  const basePtr = used === 0 ? '' : `/${all.slice(0, used).map(escapeToken).join('/')}`;
  const rest = all.slice(used);
  let tail: Segment[] = [];
  if (rest.length > 0) {
    const step = keywordStep(rest[0]!, rest[1], doc.node(basePtr));
    if (step !== undefined) tail = [step];
    else if (rest[0] === 'required' && change.rule.startsWith('required')) {
      const name = requiredName(change);
      if (name !== undefined) tail = [property(name)];
    }
  } else if (
    change.rule.startsWith('additional-properties') &&
    base.every((p) => p.at(-1)?.kind !== 'anyProperty')
  ) {
    // A catch-all that is absent on this side is reported at its object.
    tail = [keywordStep('additionalProperties', undefined, doc.node(basePtr))!];
  }
  return { paths: base.map((p) => [...p, ...tail]), absent, located: true };
}
