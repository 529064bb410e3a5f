// Checks a parsed JSON value before anything walks it recursively or stores it: bounded nesting depth, no lone
// UTF-16 surrogates and no NUL characters (PostgreSQL's jsonb and text refuse both), no number beyond a double's
// range (JSON.parse reads 1e400 as Infinity, which JSON.stringify prints as null). Iterative, so a value nested
// 100,000 levels deep is judged without a deep call stack.

/** Deepest nesting of arrays and objects a request may carry (a pact's bodies rarely pass 20). */
export const MAX_JSON_DEPTH = 200;

export interface JsonProblem {
  /** Where the problem is: `tags[0]`, `contracts[0].content.interactions[3].request.body`. */
  field: string;
  message: string;
}

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored as is, or undefined. */
function textProblem(value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  if (value.includes('\u0000')) return 'cannot contain NUL characters';
  return undefined;
}

/** Shown segments of a field path; a depth problem's path is cut here so the message stays short. */
const SHOWN_SEGMENTS = 12;

function segment(key: string | number): string {
  if (typeof key === 'number') return `[${key}]`;
  // Plain keys read as `.key`; anything else as a quoted, escaped key (lone surrogates become \ud800).
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function fieldOf(prefix: string, keys: Array<string | number>): string {
  const shown = keys.slice(0, SHOWN_SEGMENTS).map(segment).join('');
  const path = `${prefix}${shown}${keys.length > SHOWN_SEGMENTS ? '…' : ''}`;
  if (path === '') return 'body';
  return path.startsWith('.') ? path.slice(1) : path;
}

interface Frame {
  value: unknown;
  key: string | number | undefined;
  parent: Frame | undefined;
  depth: number;
}

function keysOf(frame: Frame): Array<string | number> {
  const keys: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) keys.push(f.key);
  return keys.reverse();
}

/**
 * The first problem found in `value` (depth first), or undefined. `prefix` names the value itself (`''` for a
 * whole request body, `contracts[0].content` for an embedded document). Frames point at their parent, so a
 * path is only built for the problem found.
 */
export function jsonProblem(value: unknown, prefix = '', maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  const stack: Frame[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { field: fieldOf(prefix, keysOf(frame)), message: problem };
      continue;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      return {
        field: fieldOf(prefix, keysOf(frame)),
        message: 'is a number out of range (a JSON number must be within ±1.7976931348623157e308)',
      };
    }
    if (v === null || typeof v !== 'object') continue;
    if (frame.depth >= maxDepth) {
      return { field: fieldOf(prefix, keysOf(frame)), message: `is nested deeper than ${maxDepth} levels` };
    }
    const depth = frame.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: frame, depth });
      continue;
    }
    const keys = Object.keys(v as Record<string, unknown>);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const child: Frame = { value: (v as Record<string, unknown>)[k], key: k, parent: frame, depth };
      const keyProblem = textProblem(k);
      if (keyProblem) return { field: fieldOf(prefix, keysOf(child)), message: `key ${keyProblem}` };
      stack.push(child);
    }
  }
  return undefined;
}
