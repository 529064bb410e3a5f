// Keyword-aware JSON Schema traversal: knows which keywords hold subschemas and which hold data.
import type { JsonSchema } from '../catalog.js';

const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'items',
  'additionalItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
] as const;
const SCHEMA_MAP_KEYWORDS = [
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
] as const;
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'] as const;

export function isSchemaObject(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON Pointer token escaping (RFC 6901). */
export function escapePointer(token: string): string {
  return token.includes('~') || token.includes('/') ? token.replace(/~/g, '~0').replace(/\//g, '~1') : token;
}

export function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Deep-copies a schema, letting `edit` change each (copied) subschema object after its children are copied.
 * Data keywords (const, enum, default, examples) are copied verbatim and never edited.
 */
export function mapSchema(schema: unknown, edit: (copy: JsonSchema) => void): unknown {
  if (!isSchemaObject(schema)) return schema;
  const copy: JsonSchema = { ...schema };
  for (const k of SCHEMA_KEYWORDS) {
    if (isSchemaObject(copy[k])) copy[k] = mapSchema(copy[k], edit);
  }
  for (const k of SCHEMA_MAP_KEYWORDS) {
    const map = copy[k];
    if (isSchemaObject(map)) {
      const out: JsonSchema = {};
      for (const [name, sub] of Object.entries(map)) out[name] = mapSchema(sub, edit);
      copy[k] = out;
    }
  }
  for (const k of SCHEMA_ARRAY_KEYWORDS) {
    const arr = copy[k];
    if (Array.isArray(arr)) copy[k] = arr.map((sub) => mapSchema(sub, edit));
  }
  edit(copy);
  return copy;
}

/** Resolves a local JSON Pointer ('#/...' or '/...') inside a root schema. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  const p = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (p === '') return root;
  let node: unknown = root;
  for (const raw of p.split('/').slice(1)) {
    const token = unescapePointer(decodeURIComponent(raw));
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isSchemaObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}
