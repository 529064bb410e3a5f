// Compiles a schema once into a projection function: copies what the schema knows, drops (or collects) the rest.

import { escapePointer, isSchemaObject, resolvePointer } from '@accord/schema-diff/toolkit';
import type { JsonSchema } from '../catalog.js';

/** A property the target schema does not know, found at `path` (JSON Pointer of its parent object). */
export interface UnknownProperty {
  path: string;
  key: string;
  value: unknown;
}

/**
 * Projects a value onto the schema. `unknowns`, when given, receives every dropped property; `path`
 * is the JSON Pointer of `value`. The input is never mutated; objects that the schema closes are copied.
 */
export type Projector = (value: unknown, unknowns: UnknownProperty[] | undefined, path: string) => unknown;

export interface ProjectorOptions {
  /**
   * Tests whether a value matches the subschema at a JSON Pointer of the root (used to pick the branch
   * of anyOf/oneOf a value belongs to). Should use the relaxed (open) variant of the schema.
   */
  branchTest: (pointer: string) => (value: unknown) => boolean;
  /** A property of this name is treated as an earlier pass-through bag: its entries are re-collected. */
  passThroughKey?: string | undefined;
  /**
   * Fill absent properties with their schema's `default`, where ajv's useDefaults would (properties reached
   * through properties, items, $ref and allOf; not inside anyOf/oneOf). Used when no validation follows.
   */
  fillDefaults?: boolean;
  /** Edit the value in place instead of copying (only for a private value nothing else holds). */
  inPlace?: boolean;
}

type Node = Projector | null; // null: identity (no closed object anywhere below)

const hasOwn = (o: object, k: string) => Object.hasOwn(o, k);

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // A JSON "__proto__" key is data; plain assignment would replace the prototype instead.
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function matchPattern<P extends { re: RegExp }>(patterns: readonly P[], key: string): P | undefined {
  for (const p of patterns) if (p.re.test(key)) return p;
  return undefined;
}

/** The members of `input` that come before `stop` (no closure per call: this is the hot path). */
function copyBefore(input: Record<string, unknown>, stop: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const k in input) {
    if (k === stop) break;
    if (hasOwn(input, k)) setKey(copy, k, input[k]);
  }
  return copy;
}

const IDENTITY: Projector = (v) => v;

/** A fresh copy of a default value per use (ajv inserts a new literal each time, too). */
function cloner(value: unknown): () => unknown {
  if (value === null || typeof value !== 'object') return () => value;
  if (Array.isArray(value) && value.length === 0) return () => [];
  if (!Array.isArray(value) && Object.keys(value).length === 0) return () => ({});
  const json = JSON.stringify(value);
  return () => JSON.parse(json);
}

/** The local JSON Pointer a $ref of `root` points to, or undefined for external refs (not projected). */
function localPointer(root: JsonSchema, ref: string): string | undefined {
  if (ref.startsWith('#')) return ref.slice(1);
  const id = typeof root.$id === 'string' ? root.$id : undefined;
  if (id !== undefined && ref.startsWith(`${id}#`)) return ref.slice(id.length + 1);
  return undefined;
}

type Part = { schema: JsonSchema; pointer: string };

/** Gathers the object keywords of a schema and of everything it pulls in through $ref / allOf. */
function collectObjectParts(root: JsonSchema, schema: JsonSchema, pointer: string): Part[] {
  const seen = new Set<object>();
  const parts: Part[] = [];
  const visit = (s: unknown, p: string) => {
    if (!isSchemaObject(s) || seen.has(s)) return;
    seen.add(s);
    parts.push({ schema: s, pointer: p });
    if (typeof s.$ref === 'string') {
      const local = localPointer(root, s.$ref);
      if (local !== undefined) visit(resolvePointer(root, local), local);
    }
    if (Array.isArray(s.allOf)) {
      s.allOf.forEach((sub, i) => {
        visit(sub, `${p}/allOf/${i}`);
      });
    }
  };
  visit(schema, pointer);
  return parts;
}

export function compileProjector(root: JsonSchema, options: ProjectorOptions): Projector {
  const memo = new Map<object, { node: Node; pending: boolean; ref: { current: Node } }>();
  const passThroughKey = options.passThroughKey;
  const fillDefaults = options.fillDefaults === true;
  const inPlace = options.inPlace === true;

  function compile(schema: unknown, pointer: string): Node {
    if (!isSchemaObject(schema)) return null;
    const cached = memo.get(schema);
    if (cached !== undefined) {
      // A recursive schema: call through a cell that is filled once compilation finishes.
      if (!cached.pending) return cached.node;
      const cell = cached.ref;
      return (v, u, p) => (cell.current === null ? v : cell.current(v, u, p));
    }
    const entry = { node: null as Node, pending: true, ref: { current: null as Node } };
    memo.set(schema, entry);
    const node = build(schema, pointer);
    entry.node = node;
    entry.pending = false;
    entry.ref.current = node;
    return node;
  }

  function build(schema: JsonSchema, pointer: string): Node {
    const parts = collectObjectParts(root, schema, pointer);
    const objectNode = buildObject(parts);
    const arrayNode = buildArray(parts);
    const unionNode = buildUnion(parts);
    const nodes = [objectNode, arrayNode, unionNode].filter((n): n is Projector => n !== null);
    if (nodes.length === 0) return null;
    if (nodes.length === 1) return nodes[0]!;
    return (v, u, p) => {
      let out = v;
      for (const n of nodes) out = n(out, u, p);
      return out;
    };
  }

  function buildObject(parts: Part[]): Node {
    const props = new Map<string, Node>();
    const patterns: Array<{ re: RegExp; node: Node }> = [];
    let closed = false;
    let additional: Node | 'keep' = 'keep';
    let isObject = false;
    const defaults: Array<{ key: string; value: unknown }> = [];
    for (const { schema, pointer } of parts) {
      if (isSchemaObject(schema.properties)) {
        isObject = true;
        for (const [key, sub] of Object.entries(schema.properties)) {
          if (
            fillDefaults &&
            isSchemaObject(sub) &&
            sub.default !== undefined &&
            !defaults.some((d) => d.key === key)
          ) {
            const value = sub.default;
            defaults.push({ key, value });
          }
          const node = compile(sub, `${pointer}/properties/${escapePointer(key)}`);
          // With allOf, a key may appear in several parts: keep the first projector that does something.
          if (!props.has(key) || (props.get(key) === null && node !== null)) props.set(key, node);
        }
      }
      if (isSchemaObject(schema.patternProperties)) {
        isObject = true;
        for (const [source, sub] of Object.entries(schema.patternProperties)) {
          patterns.push({
            re: new RegExp(source, 'u'),
            node: compile(sub, `${pointer}/patternProperties/${escapePointer(source)}`),
          });
        }
      }
      if (schema.additionalProperties === false || schema.unevaluatedProperties === false) {
        isObject = true;
        closed = true;
      } else if (isSchemaObject(schema.additionalProperties)) {
        isObject = true;
        const node = compile(schema.additionalProperties, `${pointer}/additionalProperties`);
        if (node !== null) additional = node;
      }
    }
    if (!isObject) return null;
    const anyChildNode = [...props.values()].some((n) => n !== null) || patterns.some((p) => p.node !== null);
    if (!closed && !anyChildNode && additional === 'keep' && defaults.length === 0) return null;

    // One lookup per member: identity projections are stored as a marker instead of null.
    const known = new Map<string, Projector>();
    for (const [k, n] of props) known.set(k, n ?? IDENTITY);
    const fills = defaults.map((d) => ({ key: d.key, make: cloner(d.value) }));
    const child = (path: string, key: string, unknowns: UnknownProperty[] | undefined): string =>
      unknowns === undefined ? '' : `${path}/${escapePointer(key)}`;

    return (value, unknowns, path) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const input = value as Record<string, unknown>;
      // Copy on write: an object that keeps all its members unchanged is returned as it is.
      let out: Record<string, unknown> | undefined;
      for (const key in input) {
        if (!hasOwn(input, key)) continue;
        const v = input[key];
        let projected: unknown;
        const node = known.get(key);
        if (node !== undefined) {
          projected = node === IDENTITY ? v : node(v, unknowns, child(path, key, unknowns));
        } else {
          const pattern = patterns.length === 0 ? undefined : matchPattern(patterns, key);
          if (pattern !== undefined) {
            projected = pattern.node === null ? v : pattern.node(v, unknowns, child(path, key, unknowns));
          } else if (!closed) {
            projected = additional === 'keep' ? v : additional(v, unknowns, child(path, key, unknowns));
          } else {
            // Dropped: not a member of the target version.
            if (inPlace) delete input[key];
            else out ??= copyBefore(input, key);
            if (unknowns === undefined) continue;
            if (key === passThroughKey && v !== null && typeof v === 'object' && !Array.isArray(v)) {
              // Already a pass-through bag from an earlier step: keep its entries, do not nest it.
              for (const k of Object.keys(v))
                unknowns.push({ path, key: k, value: (v as Record<string, unknown>)[k] });
            } else {
              unknowns.push({ path, key, value: v });
            }
            continue;
          }
        }
        if (out !== undefined) setKey(out, key, projected);
        else if (projected !== v) {
          if (inPlace) {
            setKey(input, key, projected);
            continue;
          }
          out = copyBefore(input, key);
          setKey(out, key, projected);
        }
      }
      const result = out ?? input;
      for (let i = 0; i < fills.length; i++) {
        const f = fills[i]!;
        if (!hasOwn(result, f.key)) setKey(result, f.key, f.make());
      }
      return result;
    };
  }

  function buildArray(parts: Part[]): Node {
    let prefix: Node[] = [];
    let items: Node = null;
    for (const { schema, pointer } of parts) {
      if (Array.isArray(schema.prefixItems)) {
        prefix = schema.prefixItems.map((sub, i) => compile(sub, `${pointer}/prefixItems/${i}`));
      }
      if (isSchemaObject(schema.items)) items = compile(schema.items, `${pointer}/items`);
    }
    if (items === null && prefix.every((n) => n === null)) return null;
    return (value, unknowns, path) => {
      if (!Array.isArray(value)) return value;
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const node = i < prefix.length ? prefix[i]! : items;
        const v = value[i];
        const projected = node === null ? v : node(v, unknowns, unknowns === undefined ? '' : `${path}/${i}`);
        if (out !== undefined) out[i] = projected;
        else if (projected !== v) {
          if (inPlace) {
            value[i] = projected;
            continue;
          }
          out = value.slice(0, i);
          out[i] = projected;
        }
      }
      return out ?? value;
    };
  }

  function buildUnion(parts: Part[]): Node {
    const branches: Array<{ test: (v: unknown) => boolean; node: Node }> = [];
    for (const { schema, pointer } of parts) {
      for (const keyword of ['anyOf', 'oneOf'] as const) {
        const list = schema[keyword];
        if (!Array.isArray(list)) continue;
        list.forEach((sub, i) => {
          const branchPointer = `${pointer}/${keyword}/${i}`;
          branches.push({ test: options.branchTest(branchPointer), node: compile(sub, branchPointer) });
        });
      }
    }
    if (branches.every((b) => b.node === null)) return null;
    return (value, unknowns, path) => {
      // The first branch the (open) value matches decides what is known; no match: leave it to validation.
      for (const b of branches) {
        if (b.test(value)) return b.node === null ? value : b.node(value, unknowns, path);
      }
      return value;
    };
  }

  return compile(root, '') ?? ((v) => v);
}

/** Thrown inside compilePairProjector when the pair uses something it does not specialise. */
class NotSpecialised extends Error {}

const WRITER_ANY = {}; // memo key for "no writer subschema here"

/**
 * A projection specialised for one (writer, reader) pair of versions, valid only for values the writer's schema
 * accepts as written (closed) and that nothing else holds. The writer's closed objects say which keys a value can
 * have, so the work is known per object in advance: delete the keys the writer declares and the reader does not,
 * descend only into members whose reader subschema projects something, and fill a default only where the writer
 * does not require the member. Same result as `compileProjector(reader, { fillDefaults: true, inPlace: true })`
 * on such values, without collecting unknowns. Null when the pair uses something it does not specialise:
 * reader unions, pattern or schema catch-alls and tuples that project something, a key in several reader
 * `allOf` parts, or an object the reader closes where the writer's is open.
 */
export function compilePairProjector(writerRoot: JsonSchema, readerRoot: JsonSchema): Projector | null {
  const active = new Map<object, boolean>();
  /** Whether the generic projection of a reader subschema does anything (mirrors compileProjector). */
  const projects = (s: unknown): boolean => {
    if (!isSchemaObject(s)) return false;
    const hit = active.get(s);
    if (hit !== undefined) return hit;
    active.set(s, true); // inside a cycle the generic projector calls through a cell: not identity either
    let doesSomething = false;
    let items: unknown;
    for (const { schema } of collectObjectParts(readerRoot, s, '')) {
      if (isSchemaObject(schema.properties)) {
        for (const sub of Object.values(schema.properties)) {
          if ((isSchemaObject(sub) && sub.default !== undefined) || projects(sub)) doesSomething = true;
        }
      }
      if (isSchemaObject(schema.patternProperties) && Object.values(schema.patternProperties).some(projects))
        doesSomething = true;
      if (schema.additionalProperties === false || schema.unevaluatedProperties === false)
        doesSomething = true;
      else if (isSchemaObject(schema.additionalProperties) && projects(schema.additionalProperties))
        doesSomething = true;
      if (Array.isArray(schema.prefixItems) && schema.prefixItems.some(projects)) doesSomething = true;
      if (isSchemaObject(schema.items)) items = schema.items;
      for (const keyword of ['anyOf', 'oneOf'] as const) {
        const list = schema[keyword];
        if (Array.isArray(list) && list.some(projects)) doesSomething = true;
      }
    }
    // Like the generic projection, only the last part's `items` counts.
    const result = doesSomething || projects(items);
    active.set(s, result);
    return result;
  };

  const memo = new Map<object, Map<object, { node: Node; pending: boolean; cell: { current: Node } }>>();
  function pair(writer: unknown, reader: unknown): Node {
    if (!projects(reader)) return null;
    const w = isSchemaObject(writer) ? writer : WRITER_ANY;
    const r = reader as JsonSchema;
    let byReader = memo.get(w);
    if (byReader === undefined) {
      byReader = new Map();
      memo.set(w, byReader);
    }
    const cached = byReader.get(r);
    if (cached !== undefined) {
      if (!cached.pending) return cached.node;
      const cell = cached.cell;
      return (v, u, p) => (cell.current === null ? v : cell.current(v, u, p));
    }
    const entry = { node: null as Node, pending: true, cell: { current: null as Node } };
    byReader.set(r, entry);
    const writerParts = w === WRITER_ANY ? [] : collectObjectParts(writerRoot, w as JsonSchema, '');
    const readerParts = collectObjectParts(readerRoot, r, '');
    for (const { schema } of readerParts) {
      for (const keyword of ['anyOf', 'oneOf'] as const) {
        const list = schema[keyword];
        if (Array.isArray(list) && list.some(projects)) throw new NotSpecialised();
      }
    }
    const nodes = [pairObject(writerParts, readerParts), pairArray(writerParts, readerParts)].filter(
      (n): n is Projector => n !== null,
    );
    const node: Node =
      nodes.length === 0
        ? null
        : nodes.length === 1
          ? nodes[0]!
          : (v, u, p) => nodes[1]!(nodes[0]!(v, u, p), u, p);
    entry.node = node;
    entry.pending = false;
    entry.cell.current = node;
    return node;
  }

  /** The first writer subschema of a member, if any part declares it. */
  const writerMember = (parts: Part[], key: string): unknown => {
    for (const { schema } of parts)
      if (isSchemaObject(schema.properties) && hasOwn(schema.properties, key)) return schema.properties[key];
    return undefined;
  };

  function pairObject(writerParts: Part[], readerParts: Part[]): Node {
    let closed = false;
    const members = new Map<string, unknown>();
    for (const { schema } of readerParts) {
      if (isSchemaObject(schema.patternProperties)) {
        if (Object.values(schema.patternProperties).some(projects)) throw new NotSpecialised();
        // Keys the writer may send under a reader pattern are kept by the generic projection: not specialised.
        if (schema.additionalProperties === false || schema.unevaluatedProperties === false)
          throw new NotSpecialised();
      }
      if (isSchemaObject(schema.additionalProperties) && projects(schema.additionalProperties))
        throw new NotSpecialised();
      if (schema.additionalProperties === false || schema.unevaluatedProperties === false) closed = true;
      if (isSchemaObject(schema.properties)) {
        for (const [key, sub] of Object.entries(schema.properties)) {
          if (members.has(key)) throw new NotSpecialised();
          members.set(key, sub);
        }
      }
    }
    // The keys a valid writer object can have: those of a part closed by additionalProperties alone.
    let writerKeys: Set<string> | undefined;
    for (const { schema } of writerParts) {
      if (schema.additionalProperties === false && schema.patternProperties === undefined) {
        writerKeys = new Set(isSchemaObject(schema.properties) ? Object.keys(schema.properties) : []);
        break;
      }
    }
    const required = new Set<string>();
    for (const { schema } of writerParts)
      if (Array.isArray(schema.required)) for (const k of schema.required) required.add(String(k));

    const drops: string[] = [];
    if (closed) {
      if (writerKeys === undefined) throw new NotSpecialised();
      for (const k of writerKeys) if (!members.has(k)) drops.push(k);
    }
    const children: Array<{ key: string; node: Projector }> = [];
    const fills: Array<{ key: string; make: () => unknown }> = [];
    for (const [key, sub] of members) {
      if (isSchemaObject(sub) && sub.default !== undefined && !required.has(key))
        fills.push({ key, make: cloner(sub.default) });
      if (writerKeys !== undefined && !writerKeys.has(key)) continue; // never sent by this writer
      const node = pair(writerMember(writerParts, key), sub);
      if (node !== null) children.push({ key, node });
    }
    if (drops.length === 0 && children.length === 0 && fills.length === 0) return null;
    return (value) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const o = value as Record<string, unknown>;
      for (let i = 0; i < drops.length; i++) {
        const k = drops[i]!;
        if (hasOwn(o, k)) delete o[k];
      }
      for (let i = 0; i < children.length; i++) {
        const c = children[i]!;
        if (!hasOwn(o, c.key)) continue;
        const v = o[c.key];
        const projected = c.node(v, undefined, '');
        if (projected !== v) setKey(o, c.key, projected);
      }
      for (let i = 0; i < fills.length; i++) {
        const f = fills[i]!;
        if (!hasOwn(o, f.key)) setKey(o, f.key, f.make());
      }
      return o;
    };
  }

  function pairArray(writerParts: Part[], readerParts: Part[]): Node {
    let items: unknown;
    for (const { schema } of readerParts) {
      if (Array.isArray(schema.prefixItems) && schema.prefixItems.some(projects)) throw new NotSpecialised();
      if (isSchemaObject(schema.items)) items = schema.items;
    }
    if (!projects(items)) return null;
    let writerItems: unknown;
    for (const { schema } of writerParts) {
      // Writer tuples put other schemas at the first positions: not specialised.
      if (Array.isArray(schema.prefixItems) || Array.isArray(schema.items)) throw new NotSpecialised();
      if (writerItems === undefined && isSchemaObject(schema.items)) writerItems = schema.items;
    }
    const node = pair(writerItems, items);
    if (node === null) return null;
    return (value) => {
      if (!Array.isArray(value)) return value;
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        const projected = node(v, undefined, '');
        if (projected !== v) value[i] = projected;
      }
      return value;
    };
  }

  try {
    return pair(writerRoot, readerRoot) ?? IDENTITY;
  } catch (e) {
    if (e instanceof NotSpecialised) return null;
    throw e;
  }
}

/** Attaches collected unknown properties to the projected value under `key`, by JSON Pointer. */
export function attachUnknowns(target: unknown, unknowns: readonly UnknownProperty[], key: string): void {
  for (const u of unknowns) {
    let node: unknown = target;
    let found = true;
    if (u.path !== '') {
      for (const raw of u.path.split('/').slice(1)) {
        const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
        if (node !== null && typeof node === 'object' && hasOwn(node, token)) {
          node = (node as Record<string, unknown>)[token];
        } else {
          found = false;
          break;
        }
      }
    }
    // When an upcaster reshaped the message so the parent no longer exists, keep the value at the root.
    const parentOk = found && node !== null && typeof node === 'object' && !Array.isArray(node);
    const parent = (parentOk ? node : target) as Record<string, unknown>;
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) continue;
    let bag = parent[key] as Record<string, unknown> | undefined;
    if (bag === undefined || bag === null || typeof bag !== 'object') {
      bag = {};
      setKey(parent, key, bag);
    }
    setKey(bag, parentOk ? u.key : `${u.path}/${escapePointer(u.key)}`, u.value);
  }
}
