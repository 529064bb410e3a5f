// Instance path patterns (`$.items[*].sku`): what a pact relies on and where a schema change lands, in one notation.

/** One step of an instance path. Wildcards let one pattern stand for many concrete paths. */
export type Segment =
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  /** Any property name; `pattern` (a regex) narrows it, `except` excludes declared names (a catch-all). */
  | { readonly kind: 'anyProperty'; readonly pattern?: string; readonly except?: readonly string[] }
  /** Any array position, optionally only from `from` on (the items after a tuple's prefix). */
  | { readonly kind: 'anyIndex'; readonly from?: number }
  /** Zero or more segments: where a recursive schema repeats itself. Printed as `..`. */
  | { readonly kind: 'descendants' };

export type PathPattern = readonly Segment[];

export const ROOT: PathPattern = [];
export const property = (name: string): Segment => ({ kind: 'property', name });
export const index = (i: number): Segment => ({ kind: 'index', index: i });
export const ANY_INDEX: Segment = { kind: 'anyIndex' };
export const ANY_PROPERTY: Segment = { kind: 'anyProperty' };
export const DESCENDANTS: Segment = { kind: 'descendants' };

const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `$.items[*].sku`, `$['odd key']`, `$.meta.*`, `$.tree..name`: the notation Pact matching rules use. */
export function formatPath(path: PathPattern): string {
  let out = '$';
  let afterDescendants = false;
  for (const s of path) {
    const dot = afterDescendants ? '' : '.';
    afterDescendants = false;
    switch (s.kind) {
      case 'property':
        out += PLAIN_NAME.test(s.name)
          ? `${dot}${s.name}`
          : `['${s.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
        break;
      case 'index':
        out += `[${s.index}]`;
        break;
      case 'anyProperty':
        out += `${dot}*`;
        break;
      case 'anyIndex':
        out += '[*]';
        break;
      case 'descendants':
        out += '..';
        afterDescendants = true;
        break;
    }
  }
  return out;
}

/**
 * Parses the JSONPath subset Pact uses for matching-rule keys: `$`, `.name`, `.*`, `['name']`, `["name"]`,
 * `[0]`, `[*]`. Returns undefined for anything else (the caller reports the key as unreadable).
 */
export function parsePath(text: string): PathPattern | undefined {
  const s = text.trim();
  if (!s.startsWith('$')) return undefined;
  const out: Segment[] = [];
  let i = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      if (s[i + 1] === '*') {
        out.push(ANY_PROPERTY);
        i += 2;
        continue;
      }
      const m = /^[^.[\]]+/.exec(s.slice(i + 1));
      if (!m) return undefined;
      out.push(property(m[0]));
      i += 1 + m[0].length;
      continue;
    }
    if (c === '[') {
      const rest = s.slice(i);
      const star = /^\[\s*\*\s*\]/.exec(rest);
      if (star) {
        out.push(ANY_INDEX);
        i += star[0].length;
        continue;
      }
      const num = /^\[\s*(\d+)\s*\]/.exec(rest);
      if (num) {
        out.push(index(Number(num[1])));
        i += num[0].length;
        continue;
      }
      const quoted = /^\[\s*(['"])((?:\\.|(?!\1).)*)\1\s*\]/.exec(rest);
      if (quoted) {
        out.push(property(quoted[2]!.replace(/\\(.)/g, '$1')));
        i += quoted[0].length;
        continue;
      }
      return undefined;
    }
    if (c === '*' && i === 1) {
      // `$*` is sometimes written for "every property of the root".
      out.push(ANY_PROPERTY);
      i += 1;
      continue;
    }
    return undefined;
  }
  return out;
}

function regexAccepts(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return true;
  }
}

/** Can the two segments stand for the same step of a concrete path? */
function segmentsMeet(a: Segment, b: Segment): boolean {
  if (a.kind === 'descendants' || b.kind === 'descendants') return true;
  const aProp = a.kind === 'property' || a.kind === 'anyProperty';
  const bProp = b.kind === 'property' || b.kind === 'anyProperty';
  if (aProp !== bProp) return false;
  if (a.kind === 'property' && b.kind === 'property') return a.name === b.name;
  if (a.kind === 'property' && b.kind === 'anyProperty') return nameFits(a.name, b);
  if (a.kind === 'anyProperty' && b.kind === 'property') return nameFits(b.name, a);
  if (a.kind === 'anyProperty' && b.kind === 'anyProperty') return true;
  if (a.kind === 'index' && b.kind === 'index') return a.index === b.index;
  if (a.kind === 'index' && b.kind === 'anyIndex') return a.index >= (b.from ?? 0);
  if (a.kind === 'anyIndex' && b.kind === 'index') return b.index >= (a.from ?? 0);
  return true;
}

function nameFits(name: string, any: Extract<Segment, { kind: 'anyProperty' }>): boolean {
  if (any.except?.includes(name)) return false;
  return any.pattern === undefined || regexAccepts(any.pattern, name);
}

/**
 * Is there a concrete path that `inner` matches and that lies at or below a path `outer` matches? This is
 * "a consumer relying on `inner` is affected by a change at `outer`".
 */
export function isWithin(inner: PathPattern, outer: PathPattern): boolean {
  return unify(outer, inner, true);
}

/** Can the two patterns match the same concrete path? */
export function overlaps(a: PathPattern, b: PathPattern): boolean {
  return unify(a, b, false);
}

/** Segment-wise unification with `descendants` as zero-or-more; `prefix` lets `b` continue past the end of `a`. */
function unify(a: PathPattern, b: PathPattern, prefix: boolean): boolean {
  const memo = new Map<number, boolean>();
  const width = b.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === a.length) r = prefix || b.slice(j).every((s) => s.kind === 'descendants');
    else if (j === b.length) r = a.slice(i).every((s) => s.kind === 'descendants');
    else {
      const sa = a[i]!;
      const sb = b[j]!;
      if (sa.kind === 'descendants') r = go(i + 1, j) || go(i, j + 1);
      else if (sb.kind === 'descendants') r = go(i, j + 1) || go(i + 1, j);
      else r = segmentsMeet(sa, sb) && go(i + 1, j + 1);
    }
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}
