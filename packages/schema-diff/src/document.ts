// Loads a schema document: detects the dialect, validates it against its meta-schema, indexes anchors, resolves local $refs.

import type { ErrorObject } from 'ajv';
import { SchemaDiffError } from './errors.js';
import { type Dialect, detectDialect, META_SCHEMA_URI } from './toolkit/dialect.js';
import { certainlyValidSchema } from './toolkit/meta-check.js';
import { relaxSchema } from './toolkit/relax.js';
import { ajvFor } from './toolkit/validators.js';
import type { JsonSchema } from './types.js';

export type { Dialect };

export interface LoadOptions {
  /** Dialect of a document without `$schema`. Default draft-07. */
  defaultDialect?: Dialect;
  /**
   * Skip the meta-schema check and the eager check of references and regexes (for documents derived from one
   * already checked, e.g. a relaxed reader).
   */
  trusted?: boolean;
  /**
   * The checked document this one is the tolerant-reader relaxation of (see relaxedDocument): its index is
   * reused and only the objects relaxing copied are visited.
   */
  relaxationOf?: SchemaDocument;
}

export interface SchemaDocument {
  readonly name: string;
  readonly root: JsonSchema;
  readonly dialect: Dialect;
  readonly id: string | undefined;
  readonly anchors: ReadonlyMap<string, string>;
  /** Base URI of the schema resource a pointer belongs to (for the subschemas that hold a reference), where it is not the root's. */
  readonly bases: ReadonlyMap<string, string>;
  /** Base URI of the root resource (where a reference without a recorded base resolves). */
  readonly rootBase: string;
  /** Schema resources by absolute URI (the root and every embedded `$id`) → pointer. */
  readonly resources: ReadonlyMap<string, string>;
  /** Anchors by `resourceURI#name` → pointer. */
  readonly scopedAnchors: ReadonlyMap<string, string>;
  /** Memo of resolved $ref strings (base URI → $ref → pointer) and of nodes by pointer (documents are immutable once loaded). */
  readonly refCache: Map<string, Map<string, string>>;
  readonly nodeCache: Map<string, Node>;
  /** Memo of `child` per parent node and token path: spares building and hashing the child's pointer again. */
  readonly childCache: Map<Node, ChildMemo>;
  /** Per subschema object: HAS_REF | HAS_ONE_OF | HAS_CLOSED bits for the subtree. */
  readonly flags: { get(subschema: object): number | undefined };
  /**
   * Whether one object sits at two places of the document (possible for schemas built in code, never for parsed
   * JSON). When not, an object stands for its pointer, and memo tables can be keyed by the object.
   */
  readonly sharesObjects: boolean;
  /** The document this one is the tolerant-reader relaxation of (relaxedDocument), if it is one. */
  readonly relaxationOf?: SchemaDocument;
}

/** Children by token, then (for multi-token lookups) by the next token. */
interface ChildMemo {
  node?: Node | null;
  next?: Map<string | number, ChildMemo>;
}

export const HAS_REF = 1;
export const HAS_ONE_OF = 2;
/** `additionalProperties: false` or `unevaluatedProperties: false` somewhere in the subtree. */
export const HAS_CLOSED = 4;

/** A subschema together with where it lives. `key` identifies it for cycle detection (synthetic nodes get a suffix). */
export interface Node {
  readonly doc: SchemaDocument;
  readonly schema: JsonSchema;
  readonly ptr: string;
  readonly key: string;
}

function metaValidator(dialect: Dialect): (schema: unknown) => ErrorObject | undefined {
  const ajv = ajvFor(dialect, 'meta');
  return (schema) =>
    // The structural check answers for most documents; ajv decides (and words the error) for the rest.
    certainlyValidSchema(schema, dialect) || ajv.validateSchema(schema as object)
      ? undefined
      : (ajv.errors?.[0] ?? ({ instancePath: '', message: 'is invalid' } as ErrorObject));
}

export const escapePointer = (token: string): string =>
  token.includes('~') || token.includes('/') ? token.replace(/~/g, '~0').replace(/\//g, '~1') : token;
const unescapePointer = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * Deepest nesting of objects and arrays a schema document may have. The meta-schema check, the index and the
 * comparison recurse per level, and stay within the call stack to this depth for every keyword's nesting
 * (document.test.ts); real schemas stay far below it (ajv cannot compile 400 levels of `properties`).
 */
export const MAX_SCHEMA_DEPTH = 500;

/** Whether some object or array sits MAX_SCHEMA_DEPTH levels below `value` (which is at `depth`). */
function nestsTooDeep(value: object, depth: number): boolean {
  if (depth >= MAX_SCHEMA_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'object' && v !== null && nestsTooDeep(v, depth + 1)) return true;
    }
    return false;
  }
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'object' && v !== null && nestsTooDeep(v, depth + 1)) return true;
  }
  return false;
}

/**
 * The pointer of the first place nested deeper than MAX_SCHEMA_DEPTH, or undefined. A scan without lists of keys
 * answers for documents within the limit; the place is then found depth-first with the last member first (the
 * order of the explicit stack this replaced, so the same place is named). Both recurse at most MAX_SCHEMA_DEPTH
 * levels.
 */
function tooDeepAt(root: unknown): string | undefined {
  if (typeof root !== 'object' || root === null || !nestsTooDeep(root, 0)) return undefined;
  const path: string[] = [];
  const deeper = (value: object, depth: number): boolean => {
    if (depth >= MAX_SCHEMA_DEPTH) return true;
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const v = (value as Record<string, unknown>)[keys[i]!];
      if (typeof v === 'object' && v !== null && deeper(v, depth + 1)) {
        path.push(keys[i]!);
        return true;
      }
    }
    return false;
  };
  if (!deeper(root, 0)) return undefined;
  let ptr = '';
  for (let i = path.length - 1; i >= 0; i--) ptr += `/${escapePointer(path[i]!)}`;
  return ptr;
}

/** Parses, validates and indexes a schema document. Throws SchemaDiffError on any problem. */
export function loadDocument(schema: unknown, name: string, options: LoadOptions = {}): SchemaDocument {
  if (
    typeof schema !== 'boolean' &&
    (typeof schema !== 'object' || schema === null || Array.isArray(schema))
  ) {
    throw new SchemaDiffError('INVALID_SCHEMA', `${name}: a schema must be a JSON object or a boolean`, '');
  }
  const deep = options.trusted === true ? undefined : tooDeepAt(schema);
  if (deep !== undefined) {
    throw new SchemaDiffError(
      'TOO_DEEP',
      `${name}: nested deeper than ${MAX_SCHEMA_DEPTH} levels of objects and arrays at ${deep.slice(0, 200)}…`,
      deep,
    );
  }
  const root = schema as JsonSchema;
  const dialect = detectDialect(root, name, options.defaultDialect);
  if (typeof root === 'boolean' && dialect === 'draft-04') {
    throw new SchemaDiffError('INVALID_SCHEMA', `${name}: draft-04 has no boolean schemas`, '');
  }
  // ajv picks the meta-schema by `$schema`: name the dialect explicitly (also when it was defaulted).
  const err =
    options.trusted === true
      ? undefined
      : metaValidator(dialect)(
          typeof root === 'object' ? { ...root, $schema: META_SCHEMA_URI[dialect] } : root,
        );
  if (err !== undefined) {
    const where = err.instancePath ?? '';
    throw new SchemaDiffError(
      'INVALID_SCHEMA',
      `${name}: not a valid ${dialect} JSON Schema: ${where || '(root)'} ${err?.message ?? 'is invalid'}`,
      where,
    );
  }
  const anchors = new Map<string, string>();
  const bases = new Map<string, string>();
  const resources = new Map<string, string>();
  const scopedAnchors = new Map<string, string>();
  const idKeyword = dialect === 'draft-04' ? 'id' : '$id';
  const rootBase = absolute(typeof root === 'object' ? root[idKeyword] : undefined, DOCUMENT_BASE);
  resources.set(rootBase, '');
  const baseStack: string[] = [rootBase];
  const refs: Array<{ ref: string; ptr: string }> = [];
  const rootRefs = new Set<string>();
  const regexes: Array<{ source: string; ptr: string }> = [];
  // A Map, not a WeakMap: it lives as long as the document, and weak tables cost the GC per entry.
  const flags = new Map<object, number>();
  const refHidesId = dialect.startsWith('draft');
  // Objects a relaxed document shares with its original have the original's bits already.
  const known = options.relaxationOf?.flags;
  // Objects visited: more than flags holds when one object sits at two places.
  let visits = 0;
  // One pass: collect $refs, anchors and regexes, and record per subtree whether it holds a $ref / a oneOf.
  // Pointer tokens of the current position; joined only when a location must be recorded.
  const path: string[] = [];
  const join = (): string => (path.length === 0 ? '' : `/${path.map(escapePointer).join('/')}`);
  // Keywords whose presence makes an object record its location (a reference, an anchor, an id, a regex).
  const RECORDED = new Set([
    '$ref',
    '$dynamicRef',
    '$recursiveRef',
    '$anchor',
    '$dynamicAnchor',
    idKeyword,
    'pattern',
    'patternProperties',
  ]);
  const visit = (value: unknown, parentKey: string | undefined): number => {
    // Values under these keywords are data, not subschemas.
    if (
      parentKey === 'enum' ||
      parentKey === 'const' ||
      parentKey === 'default' ||
      parentKey === 'examples'
    ) {
      return 0;
    }
    if (typeof value !== 'object' || value === null) return 0;
    const shared = known?.get(value);
    if (shared !== undefined) return shared;
    let f = 0;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (typeof item !== 'object' || item === null) continue;
        path.push(String(i));
        f |= visit(item, undefined);
        path.pop();
      }
      // An array is no subschema: its bits only feed its parent's.
      return f;
    }
    const obj = value as Record<string, unknown>;
    let pushedBase = false;
    const isMap =
      parentKey === 'properties' ||
      parentKey === 'patternProperties' ||
      parentKey === '$defs' ||
      parentKey === 'definitions' ||
      parentKey === 'dependentSchemas' ||
      parentKey === 'dependencies';
    // One look at the keys decides whether this object records anything (most record nothing): reading each
    // keyword by name from objects of a thousand shapes costs more than the scan.
    let records = false;
    // Whether it records more than a $ref (the common case being a $ref alone).
    let recordsMore = false;
    // Whether a member is an object (or array) to enter; a map's members are all entered. The same scan sets the
    // object's own bits, so that a leaf (most subschemas) is scanned once.
    let nested = isMap;
    if (!isMap) {
      for (const k in obj) {
        const v = obj[k];
        if (typeof v === 'object' && v !== null) nested = true;
        if (RECORDED.has(k)) {
          records = true;
          if (k !== '$ref') recordsMore = true;
          if ((k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef') && typeof v === 'string')
            f |= HAS_REF;
        } else if (k === 'oneOf') f |= HAS_ONE_OF;
        else if ((k === 'additionalProperties' || k === 'unevaluatedProperties') && v === false)
          f |= HAS_CLOSED;
      }
    }
    if (records && !recordsMore && baseStack.length === 1 && typeof obj.$ref === 'string') {
      // A $ref against the root's base: one check per distinct reference (resolution depends on nothing else;
      // the first place it occurs is the one an error names, as before).
      if (!rootRefs.has(obj.$ref)) {
        rootRefs.add(obj.$ref);
        refs.push({ ref: obj.$ref, ptr: join() });
      }
    } else if (records) {
      const here = join();
      // Up to draft-07 `$ref` overrides its siblings, `$id` included.
      const ownId = refHidesId && typeof obj.$ref === 'string' ? undefined : obj[idKeyword];
      if (typeof ownId === 'string' && !ownId.startsWith('#') && path.length > 0) {
        const base = absolute(ownId, baseStack.at(-1)!);
        resources.set(base, here);
        baseStack.push(base);
        pushedBase = true;
      }
      const base = baseStack.at(-1)!;
      // resolveRef falls back to the root's base: only other bases are recorded.
      if (typeof obj.$ref === 'string') {
        refs.push({ ref: obj.$ref, ptr: here });
        if (base !== rootBase) bases.set(here, base);
      }
      if ((typeof obj.$dynamicRef === 'string' || typeof obj.$recursiveRef === 'string') && base !== rootBase)
        bases.set(here, base);
      if (typeof obj.$anchor === 'string') scopedAnchors.set(`${base}#${obj.$anchor}`, here);
      if (typeof obj.$dynamicAnchor === 'string') scopedAnchors.set(`${base}#${obj.$dynamicAnchor}`, here);
      if (typeof ownId === 'string' && ownId.includes('#') && ownId.split('#')[1] !== '') {
        scopedAnchors.set(`${absolute(ownId.split('#')[0]!, base)}#${ownId.split('#')[1]}`, here);
      }
      if (typeof obj.$anchor === 'string') anchors.set(obj.$anchor, here);
      const id = dialect === 'draft-04' ? obj.id : obj.$id;
      if (typeof id === 'string' && id.startsWith('#')) anchors.set(id.slice(1), here);
      if (typeof obj.pattern === 'string') regexes.push({ source: obj.pattern, ptr: `${here}/pattern` });
      if (obj.patternProperties && typeof obj.patternProperties === 'object') {
        for (const source of Object.keys(obj.patternProperties)) {
          regexes.push({ source, ptr: `${here}/patternProperties/${escapePointer(source)}` });
        }
      }
    }
    if (nested) {
      for (const k in obj) {
        const v = obj[k];
        // Strings, numbers and the like hold no subschema: no need to enter them.
        if (typeof v !== 'object' || v === null) continue;
        path.push(k);
        f |= visit(v, isMap ? undefined : k);
        path.pop();
      }
    }
    flags.set(obj, f);
    visits++;
    if (pushedBase) baseStack.pop();
    return f;
  };

  visit(root, undefined);
  const original = options.relaxationOf;
  const doc: SchemaDocument = {
    name,
    root,
    dialect,
    id: rootId(root, dialect),
    // Relaxing drops only `false` keywords: every pointer, $id, $anchor and $ref stays where it was.
    anchors: original?.anchors ?? anchors,
    bases: original?.bases ?? bases,
    resources: original?.resources ?? resources,
    rootBase,
    scopedAnchors: original?.scopedAnchors ?? scopedAnchors,
    refCache: new Map(),
    nodeCache: new Map(),
    childCache: new Map(),
    flags: known === undefined ? flags : { get: (subschema) => flags.get(subschema) ?? known.get(subschema) },
    sharesObjects: visits !== flags.size || original?.sharesObjects === true,
    ...(original === undefined ? {} : { relaxationOf: original }),
  };
  // A trusted document derives from one checked already: its references and regexes resolve and compile.
  if (options.trusted === true) return doc;
  for (const { ref, ptr } of refs) resolveRef(doc, ref, ptr);
  for (const { source, ptr } of regexes) {
    try {
      new RegExp(source, 'u');
    } catch {
      throw new SchemaDiffError(
        'INVALID_SCHEMA',
        `${name}: invalid regular expression at ${ptr}: ${source}`,
        ptr,
      );
    }
  }
  return doc;
}

/**
 * The tolerant-reader view of a checked document (relaxSchema): subtrees without a closed object are shared with
 * it, not walked or copied, and its index is reused.
 */
export function relaxedDocument(doc: SchemaDocument): SchemaDocument {
  const root = relaxSchema(doc.root, {
    dialect: doc.dialect,
    holdsNoClosedObject: (s) => ((doc.flags.get(s) ?? HAS_CLOSED) & HAS_CLOSED) === 0,
    // A map's bits are its members' (as they sit there) only where no object sits at two places.
    holdsNoClosedMember: doc.sharesObjects
      ? undefined
      : (map) => ((doc.flags.get(map) ?? HAS_CLOSED) & HAS_CLOSED) === 0,
  });
  return loadDocument(root, doc.name, { defaultDialect: doc.dialect, trusted: true, relaxationOf: doc });
}

function rootId(root: JsonSchema, dialect: Dialect): string | undefined {
  if (typeof root !== 'object') return undefined;
  const id = dialect === 'draft-04' ? root.id : root.$id;
  return typeof id === 'string' && !id.startsWith('#') ? id.replace(/#$/, '') : undefined;
}

/**
 * Whether a reference at or under `ptr` has a base URI other than the root's (it sits in an embedded resource):
 * then where exactly it sits decides what it means, and it must be resolved from its own place.
 */
export function basesUnder(doc: SchemaDocument, ptr: string): boolean {
  if (doc.bases.size === 0) return false;
  for (const at of doc.bases.keys()) if (at === ptr || at.startsWith(`${ptr}/`)) return true;
  return false;
}

/** A `$ref` with the pointer of the subschema that holds it (where its base URI is decided). */
export interface PlacedRef {
  ref: string;
  at: string;
}

const MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

/**
 * The `$ref`s under `s` (at `ptr`) with their places, in document order; null when a keyword in `stop` is on the
 * way (data keywords are never entered, map members are names, not keywords).
 */
export function placedRefs(
  s: unknown,
  ptr: string,
  stop: ReadonlySet<string>,
  inMap = false,
  out: PlacedRef[] = [],
): PlacedRef[] | null {
  if (typeof s !== 'object' || s === null) return out;
  if (Array.isArray(s)) {
    for (let i = 0; i < s.length; i++)
      if (placedRefs(s[i], `${ptr}/${i}`, stop, false, out) === null) return null;
    return out;
  }
  const obj = s as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (!inMap) {
      if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') continue;
      if (stop.has(k)) return null;
      if (k === '$ref' && typeof v === 'string') out.push({ ref: v, at: ptr });
    }
    if (typeof v !== 'object' || v === null) continue;
    if (placedRefs(v, `${ptr}/${escapePointer(k)}`, stop, !inMap && MAP_KEYWORDS.has(k), out) === null)
      return null;
  }
  return out;
}

/** Resolves a local $ref to the pointer of its target; throws UNRESOLVABLE_REF for anything else. */
export function resolveRef(doc: SchemaDocument, ref: string, from: string): string {
  const base = (doc.bases.size === 0 ? undefined : doc.bases.get(from)) ?? doc.rootBase;
  let byRef = doc.refCache.get(base);
  if (byRef === undefined) {
    byRef = new Map();
    doc.refCache.set(base, byRef);
  }
  const hit = byRef.get(ref);
  if (hit !== undefined) return hit;
  const target = resolveUncached(doc, ref, from, base);
  byRef.set(ref, target);
  return target;
}

/** Resolves `uri` against `base` (RFC 3986), without the fragment. */
function absolute(uri: unknown, base: string): string {
  if (typeof uri !== 'string') return base;
  try {
    const u = new URL(uri, base);
    u.hash = '';
    return u.href.replace(/#$/, '');
  } catch {
    return base;
  }
}

const DOCUMENT_BASE = 'urn:accord:document';

function resolveUncached(doc: SchemaDocument, ref: string, from: string, base: string): string {
  const fail = (why: string): never => {
    throw new SchemaDiffError(
      'UNRESOLVABLE_REF',
      `${doc.name}: cannot resolve $ref "${ref}" at ${from || '(root)'}: ${why}`,
      from,
    );
  };
  let resource: string;
  let fragment: string;
  try {
    const u = new URL(ref, base);
    fragment = decodeURIComponent(u.hash.replace(/^#/, ''));
    u.hash = '';
    resource = u.href.replace(/#$/, '');
  } catch {
    return fail('not a URI reference');
  }
  const at = doc.resources.get(resource);
  if (at === undefined) {
    return fail('only references inside the document are supported (#…, its $id, or an embedded $id)');
  }
  if (fragment === '') return at;
  if (!fragment.startsWith('/')) {
    const anchored =
      doc.scopedAnchors.get(`${resource}#${fragment}`) ?? (at === '' ? doc.anchors.get(fragment) : undefined);
    return anchored ?? fail(`no $anchor "${fragment}"`);
  }
  let cur: unknown = nodeAt(doc, at).schema;
  for (const raw of fragment.slice(1).split('/')) {
    const token = unescapePointer(raw);
    if (typeof cur !== 'object' || cur === null || !(token in (cur as object)))
      return fail('target does not exist');
    cur = (cur as Record<string, unknown>)[token];
  }
  if (typeof cur !== 'boolean' && (typeof cur !== 'object' || cur === null || Array.isArray(cur))) {
    return fail('target is not a schema');
  }
  return `${at}${fragment}`;
}

export function nodeAt(doc: SchemaDocument, ptr: string): Node {
  const hit = doc.nodeCache.get(ptr);
  if (hit !== undefined) return hit;
  let cur: unknown = doc.root;
  if (ptr !== '') {
    for (const raw of ptr.slice(1).split('/')) cur = (cur as Record<string, unknown>)[unescapePointer(raw)];
  }
  const node: Node = { doc, schema: cur as JsonSchema, ptr, key: ptr };
  doc.nodeCache.set(ptr, node);
  return node;
}

export function child(node: Node, ...tokens: Array<string | number>): Node | undefined {
  // Only document nodes are memoised (see below); their children are fixed once the document is loaded.
  if (node.key !== node.ptr) return childUncached(node, tokens);
  let memo = node.doc.childCache.get(node);
  if (memo === undefined) {
    memo = {};
    node.doc.childCache.set(node, memo);
  }
  for (const t of tokens) {
    memo.next ??= new Map();
    let next = memo.next.get(t);
    if (next === undefined) {
      next = {};
      memo.next.set(t, next);
    }
    memo = next;
  }
  if (memo.node !== undefined) return memo.node ?? undefined;
  const made = childUncached(node, tokens);
  memo.node = made ?? null;
  return made;
}

function childUncached(node: Node, tokens: ReadonlyArray<string | number>): Node | undefined {
  let cur: unknown = node.schema;
  let ptr = node.ptr;
  for (const t of tokens) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[t];
    if (cur === undefined) return undefined;
    ptr = `${ptr}/${escapePointer(String(t))}`;
  }
  if (typeof cur !== 'boolean' && (typeof cur !== 'object' || cur === null)) return undefined;
  // Not looked up in nodeCache: hashing each new pointer costs more than the node (child memoises its own).
  return { doc: node.doc, schema: cur as JsonSchema, ptr, key: ptr };
}
