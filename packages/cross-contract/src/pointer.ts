// RFC 6901 JSON Pointers into plain JSON values (pacts, documents): built from the toolkit's token escaping, and
// resolved strictly — a token is never percent-decoded here, only `$ref` fragments are (refToPointer).
import { escapePointer, unescapePointer } from '@accord/schema-diff/toolkit';

/** One reference token, escaped: `~` → `~0`, `/` → `~1`, nothing else. */
export function escapeToken(token: string | number): string {
  return escapePointer(String(token));
}

function unescapeToken(token: string): string {
  return unescapePointer(token);
}

/** `pointer(['paths', '/orders', 'get'])` → `/paths/~1orders/get`. */
export function pointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => `/${escapeToken(t)}`).join('');
}

/** Appends tokens to an existing pointer. */
export function child(base: string, ...tokens: Array<string | number>): string {
  return base + pointer(tokens);
}

export function parsePointer(value: string): string[] {
  if (value === '') return [];
  if (!value.startsWith('/')) throw new Error(`"${value}" is not a JSON Pointer`);
  return value.slice(1).split('/').map(unescapeToken);
}

const MISSING = Symbol('missing');

/** The value at `at` inside `root`, or `undefined` when the pointer does not resolve. */
export function resolvePointer(root: unknown, at: string): unknown {
  const found = lookup(root, at);
  return found === MISSING ? undefined : found;
}

export function hasPointer(root: unknown, at: string): boolean {
  return lookup(root, at) !== MISSING;
}

function lookup(root: unknown, at: string): unknown {
  let node: unknown = root;
  for (const token of parsePointer(at)) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= node.length) return MISSING;
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      return MISSING;
    }
  }
  return node;
}

/**
 * A `$ref` value as a pointer into the same document: `#/components/schemas/A%20B` → `/components/schemas/A B`.
 * Undefined for anything that is not a local fragment reference.
 */
export function refToPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  const fragment = ref.slice(1);
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
}

/** A pointer as a URI fragment for ajv (`{`, `}`, `%`, spaces… percent-encoded). */
export function pointerToFragment(at: string): string {
  return `#${at.split('/').map(encodeURIComponent).join('/')}`;
}
