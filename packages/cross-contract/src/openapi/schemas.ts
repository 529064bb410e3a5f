// The schemas of a document as the comparator judges them, in three variants built from one normalised copy:
// "request" (dialect converted; readOnly properties not required), "parameter" (the same, values coerced),
// and "response" (closed objects, `required` not demanded — PactFlow's reading of a consumer's subset).
// Every node keeps the pointer of where it is written in the published document.
import { subschemas } from '@accord/schema-diff/toolkit';
import { child, parsePointer, refToPointer, resolvePointer } from '../pointer.js';
import { SYNTHETIC_KEY } from './model.js';
import { type DocumentKind, isObject, type Json } from './parse.js';

export type Variant = 'request' | 'parameter' | 'response';

/** Where the response variant keeps the open twins of schemas that are members of a closed `allOf`. */
const OPEN_KEY = 'x-accord-open';

export interface VariantDocument {
  document: Json;
  /** Original pointer of every schema object (synthesised and injected ones map to where they come from). */
  origins: WeakMap<object, string>;
  /** Nodes the comparator closed with `unevaluatedProperties: false`. */
  injected: WeakSet<object>;
}

/**
 * The direct subschemas of a schema object, by the toolkit's one schema walk. Variant documents are JSON Schema
 * 2020-12 by the time their children are walked (OpenAPI 3.0 / Swagger 2 nodes are converted on the way down).
 */
function subschemasOf(node: Json): Json[] {
  return subschemas(node, '2020-12')
    .map((slot) => slot.schema)
    .filter(isObject);
}

/** Visits every schema node reachable from `roots` through schema keywords (not `$ref`s), once each. */
function walkSchemas(document: Json, roots: readonly string[], visit: (node: Json) => void): void {
  const seen = new WeakSet<object>();
  const stack: Json[] = [];
  for (const at of [...roots].reverse()) {
    const node = resolvePointer(document, at);
    if (isObject(node)) stack.push(node);
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    visit(node);
    stack.push(...subschemasOf(node).reverse());
  }
}

/** Deep copy that carries each node's origin over to its copy (shared nodes stay shared). */
function cloneWithOrigins(
  value: unknown,
  from: WeakMap<object, string>,
  to: WeakMap<object, string>,
): unknown {
  const copies = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const existing = copies.get(v);
    if (existing !== undefined) return existing;
    const out: unknown = Array.isArray(v) ? [] : {};
    copies.set(v, out);
    const origin = from.get(v);
    if (origin !== undefined) to.set(out as object, origin);
    if (Array.isArray(v)) for (const item of v) (out as unknown[]).push(copy(item));
    else for (const [k, item] of Object.entries(v)) (out as Json)[k] = copy(item);
    return out;
  };
  return copy(value);
}

/**
 * The published document plus the synthesised schemas, with the origin of every object: its own pointer, or for
 * a synthesised schema (and what is inside it) the pointer of what it was built from.
 */
export function normalise(
  document: Json,
  synthetic: Json[],
  syntheticOrigins: string[],
): { document: Json; origins: WeakMap<object, string> } {
  const normalised = structuredClone(document);
  normalised[SYNTHETIC_KEY] = structuredClone(synthetic);
  const origins = new WeakMap<object, string>();
  const record = (node: unknown, at: string, syntheticBase?: { from: string; origin: string }) => {
    if (node === null || typeof node !== 'object' || origins.has(node)) return;
    const origin = syntheticBase ? syntheticBase.origin + at.slice(syntheticBase.from.length) : at;
    origins.set(node, origin);
    if (Array.isArray(node))
      for (const [i, item] of node.entries()) record(item, child(at, i), syntheticBase);
    else for (const [k, v] of Object.entries(node)) record(v, child(at, k), syntheticBase);
  };
  synthetic.forEach((_, i) => {
    const at = child('', SYNTHETIC_KEY, i);
    record((normalised[SYNTHETIC_KEY] as Json[])[i], at, { from: at, origin: syntheticOrigins[i]! });
  });
  record(normalised, '');
  return { document: normalised, origins };
}

function resolveRef(document: Json, ref: unknown): Json | undefined {
  if (typeof ref !== 'string') return undefined;
  const at = refToPointer(ref);
  if (at === undefined) return undefined;
  const target = resolvePointer(document, at);
  return isObject(target) ? target : undefined;
}

/** OpenAPI 3.0 / Swagger 2 schema objects → JSON Schema 2020-12 (nullable, boolean exclusive bounds, `$ref` siblings). */
function convertDialect(node: Json, origins: WeakMap<object, string>): void {
  const nullable = node.nullable === true || node['x-nullable'] === true;
  delete node.nullable;
  delete node['x-nullable'];
  if (typeof node.$ref === 'string') {
    // 3.0 ignores a reference's siblings; `nullable` beside a $ref still admits null.
    const ref = node.$ref;
    for (const key of Object.keys(node)) delete node[key];
    if (nullable) {
      const inner = { $ref: ref };
      const nullType = { type: 'null' };
      const origin = origins.get(node);
      if (origin !== undefined) {
        origins.set(inner, origin);
        origins.set(nullType, origin);
      }
      node.anyOf = [inner, nullType];
    } else {
      node.$ref = ref;
    }
    return;
  }
  if (nullable && node.type !== undefined) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (!types.includes('null')) node.type = [...types, 'null'];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
  }
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (node[exclusive] === true && typeof node[bound] === 'number') {
      node[exclusive] = node[bound];
      delete node[bound];
    } else if (typeof node[exclusive] === 'boolean') {
      delete node[exclusive];
    }
  }
  if (node.type === 'file') delete node.type;
}

/**
 * `oneOf` + `discriminator` → a selection by the tag: the tag's value picks the one alternative that is judged
 * (ajv's own discriminator supports neither `mapping` nor `$ref` names). Left as a plain `oneOf` when an
 * alternative has no tag value.
 */
function convertDiscriminator(
  document: Json,
  node: Json,
  origins: WeakMap<object, string>,
  keepRequired: WeakSet<object>,
  selections: WeakSet<object>,
): void {
  const discriminator = node.discriminator;
  if (!isObject(discriminator) || typeof discriminator.propertyName !== 'string') return;
  if (!Array.isArray(node.oneOf)) {
    delete node.discriminator;
    return;
  }
  const property = discriminator.propertyName;
  const mapping = isObject(discriminator.mapping) ? discriminator.mapping : {};
  const members = node.oneOf as unknown[];
  const valuesOf = (member: unknown): string[] => {
    if (!isObject(member) || typeof member.$ref !== 'string') return [];
    const ref = member.$ref;
    const fromMapping = Object.entries(mapping)
      .filter(
        ([, target]) =>
          target === ref || (typeof target === 'string' && `#/components/schemas/${target}` === ref),
      )
      .map(([value]) => value);
    if (fromMapping.length > 0) return fromMapping;
    const at = refToPointer(ref);
    const name = at === undefined ? undefined : parsePointer(at).at(-1);
    return name === undefined ? [] : [name];
  };
  const values = members.map(valuesOf);
  if (values.some((v) => v.length === 0) || !members.every((m) => resolveRef(document, (m as Json).$ref)))
    return;
  const origin = origins.get(node) ?? '';
  const tag: Json = {
    required: [property],
    properties: { [property]: { enum: [...new Set(values.flat())] } },
  };
  keepRequired.add(tag);
  origins.set(tag, child(origin, 'discriminator'));
  origins.set(tag.properties as Json, child(origin, 'discriminator'));
  origins.set((tag.properties as Json)[property] as Json, child(origin, 'discriminator', 'propertyName'));
  const selected = members.map((member, i) => {
    const condition: Json = { required: [property], properties: { [property]: { enum: values[i] } } };
    keepRequired.add(condition);
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable.
    const selection: Json = { if: condition, then: member };
    origins.set(selection, child(origin, 'oneOf', i));
    origins.set(condition, child(origin, 'discriminator'));
    return selection;
  });
  delete node.oneOf;
  delete node.discriminator;
  node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), tag, ...selected];
  selections.add(node);
  selections.add(tag);
  for (const s of selected) selections.add(s);
}

function hasType(node: Json, type: string): boolean | undefined {
  if (node.type === undefined) return undefined;
  return Array.isArray(node.type) ? node.type.includes(type) : node.type === type;
}

/** Whether a node describes an object: by `type`, by `properties`, or through an `allOf` member that does. */
function objectLike(document: Json, node: Json, seen = new Set<object>()): boolean {
  if (seen.has(node)) return false;
  seen.add(node);
  const typed = hasType(node, 'object');
  if (typed !== undefined) return typed;
  if (isObject(node.properties) || isObject(node.patternProperties)) return true;
  if (Array.isArray(node.allOf)) {
    return node.allOf.some((member) => {
      if (!isObject(member)) return false;
      const target = typeof member.$ref === 'string' ? resolveRef(document, member.$ref) : member;
      return target !== undefined && objectLike(document, target, seen);
    });
  }
  return false;
}

const isPureRef = (node: Json) => typeof node.$ref === 'string' && Object.keys(node).length === 1;

/**
 * Closes every object of the response variant; members of a closed `allOf` are judged open (their twins). A
 * discriminated `oneOf` is not closed itself: the alternative its tag selects is judged closed on its own, as
 * every `oneOf`/`anyOf` alternative is.
 */
function closeResponses(
  document: Json,
  roots: readonly string[],
  origins: WeakMap<object, string>,
  injected: WeakSet<object>,
  selections: WeakSet<object>,
): void {
  const open: Json[] = [];
  document[OPEN_KEY] = open;
  const twins = new Map<object, string>();
  const noClose = new WeakSet<object>();

  const twinRef = (ref: string): string => {
    const target = resolveRef(document, ref);
    if (!target) return ref;
    const existing = twins.get(target);
    if (existing) return existing;
    const twin: Json = { ...target };
    if (injected.has(target)) delete twin.unevaluatedProperties;
    if (Array.isArray(twin.allOf)) twin.allOf = [...twin.allOf];
    open.push(twin);
    const at = `#/${OPEN_KEY}/${open.length - 1}`;
    twins.set(target, at);
    const origin = origins.get(target);
    if (origin !== undefined) origins.set(twin, origin);
    noClose.add(twin);
    openApplicators(twin);
    return at;
  };

  /** Makes the subschemas whose evaluated properties `node` sees open, so `node` alone closes the object. */
  function openApplicators(node: Json): void {
    const openMember = (member: unknown, replace: (m: Json) => void) => {
      if (!isObject(member)) return;
      if (isPureRef(member)) {
        const replacement = { $ref: twinRef(member.$ref as string) };
        const origin = origins.get(member);
        if (origin !== undefined) origins.set(replacement, origin);
        replace(replacement);
      } else {
        noClose.add(member);
        openApplicators(member);
      }
    };
    if (Array.isArray(node.allOf)) {
      const list = node.allOf as unknown[];
      for (const [i, m] of list.entries()) {
        openMember(m, (r) => {
          list[i] = r;
        });
      }
    }
    for (const key of ['then', 'else']) {
      openMember(node[key], (r) => {
        node[key] = r;
      });
    }
    if (isObject(node.dependentSchemas)) {
      const map = node.dependentSchemas;
      for (const [k, m] of Object.entries(map)) {
        openMember(m, (r) => {
          map[k] = r;
        });
      }
    }
    if (typeof node.$ref === 'string' && !isPureRef(node)) node.$ref = twinRef(node.$ref);
  }

  walkSchemas(document, roots, (node) => {
    // Conditions are not descriptions of the object: closing them would change which branch applies.
    for (const key of ['if', 'not']) if (isObject(node[key])) noClose.add(node[key] as Json);
    if (noClose.has(node) || selections.has(node)) return;
    if ('unevaluatedProperties' in node || 'additionalProperties' in node) return;
    if (!objectLike(document, node)) return;
    node.unevaluatedProperties = false;
    injected.add(node);
    openApplicators(node);
  });
}

/** Builds one variant from the normalised document. */
export function buildVariant(
  normalised: Json,
  normalisedOrigins: WeakMap<object, string>,
  roots: readonly string[],
  kind: DocumentKind,
  variant: Variant,
): VariantDocument {
  const origins = new WeakMap<object, string>();
  const document = cloneWithOrigins(normalised, normalisedOrigins, origins) as Json;
  const injected = new WeakSet<object>();
  const keepRequired = new WeakSet<object>();
  const selections = new WeakSet<object>();
  walkSchemas(document, roots, (node) => {
    if (kind !== 'openapi-3.1') convertDialect(node, origins);
    if (variant === 'response') {
      if (!keepRequired.has(node)) {
        delete node.required;
        delete node.dependentRequired;
        delete node.minProperties;
      }
      if (node.additionalProperties === true) delete node.additionalProperties;
    } else if (Array.isArray(node.required) && isObject(node.properties)) {
      // A request does not send what the server owns.
      const properties = node.properties;
      node.required = node.required.filter((name) => {
        const property = properties[name as string];
        const target =
          isObject(property) && typeof property.$ref === 'string'
            ? resolveRef(document, property.$ref)
            : property;
        return !(isObject(target) && target.readOnly === true);
      });
    }
    convertDiscriminator(document, node, origins, keepRequired, selections);
  });
  if (variant === 'response') closeResponses(document, roots, origins, injected, selections);
  return { document, origins, injected };
}

/** Every schema object reachable from `node`, following `$ref`s inside `document` (for combinator errors). */
export function reachableSchemas(document: Json, node: Json): WeakSet<object> {
  const seen = new WeakSet<object>();
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      stack.push(...current);
      continue;
    }
    const object = current as Json;
    if (typeof object.$ref === 'string') stack.push(resolveRef(document, object.$ref));
    for (const [key, value] of Object.entries(object)) {
      if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
      stack.push(value);
    }
  }
  return seen;
}
