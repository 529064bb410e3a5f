// What a pact body relies on: every path its example contains or a matching rule targets, as path patterns.
import {
  ANY_INDEX,
  ANY_PROPERTY,
  formatPath,
  index,
  isWithin,
  overlaps,
  type PathPattern,
  parsePath,
  property,
  type Segment,
} from './path.js';

/** One matcher as a pact stores it: `{ match: 'type', min: 1 }`, `{ match: 'regex', regex }`, `{ regex }` (V2). */
export type Matcher = Readonly<Record<string, unknown>>;

/** The matching rules of one body, keyed by path relative to the body (`$.items[*].sku`). */
export interface BodyRule {
  key: string;
  matchers: readonly Matcher[];
}

export interface ReliedPath {
  path: PathPattern;
  /** `formatPath(path)`. */
  text: string;
  /** The example has a value here / a matching rule targets it. */
  fromExample: boolean;
  fromRule: boolean;
  /** Names of the matchers that apply (`type`, `regex`, `integer`, …), for display. */
  matchers: string[];
  /** Has children in the example (an object or array that is not empty). */
  container: boolean;
}

export interface ReliedPaths {
  paths: ReliedPath[];
  /** Rule keys that are not a JSONPath Pact writes (reported, not guessed at). */
  unreadableKeys: string[];
}

const matcherName = (m: Matcher): string => {
  if (typeof m.match === 'string') return m.match;
  if ('regex' in m) return 'regex';
  if ('min' in m || 'max' in m) return 'type';
  return 'unknown';
};

/** Matchers whose subject is every element of an array (`eachLike`, `atLeast`, `atMost`) or "some element". */
const ARRAY_WIDE = new Set(['type', 'arrayContains', 'eachValue', 'values']);
/** Matchers whose subject is every key or value of an object (`eachKey`, `eachValue`, V3 `values`). */
const OBJECT_WIDE = new Set(['values', 'eachKey', 'eachValue']);

interface ParsedRule {
  key: string;
  path: PathPattern;
  names: string[];
  matchers: readonly Matcher[];
}

/**
 * Extracts the relied-on paths of a body. The example's own paths come first; an array whose matching rule
 * applies to every element (a type matcher from `eachLike`/`atLeastLike`, `arrayContains`, `eachValue`, or a
 * rule keyed `[*]` below it) contributes `[*]` instead of its example positions, an object with `values`,
 * `eachKey` or `eachValue` contributes `.*`. `arrayContains` variants add their own rules under `[*]`.
 * Rule paths that the example does not contain are added as they are.
 */
export function reliedPaths(content: unknown, rules: readonly BodyRule[]): ReliedPaths {
  const unreadableKeys: string[] = [];
  const parsed: ParsedRule[] = [];
  const addRule = (key: string, path: PathPattern | undefined, matchers: readonly Matcher[]) => {
    if (path === undefined) {
      unreadableKeys.push(key);
      return;
    }
    parsed.push({ key, path, names: matchers.map(matcherName), matchers });
    for (const m of matchers) {
      if (m.match !== 'arrayContains' || !Array.isArray(m.variants)) continue;
      // Variant rules are keyed relative to the element they describe.
      for (const variant of m.variants as Array<{ rules?: unknown }>) {
        const inner =
          variant && typeof variant.rules === 'object' && variant.rules !== null ? variant.rules : {};
        for (const [k, v] of Object.entries(inner as Record<string, unknown>)) {
          const rel = parsePath(k);
          addRule(`${key} ${k}`, rel === undefined ? undefined : [...path, ANY_INDEX, ...rel], matchersOf(v));
        }
      }
    }
  };
  for (const r of rules) addRule(r.key, parsePath(r.key), r.matchers);

  const out = new Map<string, ReliedPath>();
  const add = (path: PathPattern, fromExample: boolean, container: boolean): ReliedPath => {
    const text = formatPath(path);
    let entry = out.get(text);
    if (!entry) {
      entry = { path, text, fromExample, fromRule: false, matchers: [], container };
      out.set(text, entry);
    } else {
      entry.fromExample ||= fromExample;
      entry.container ||= container;
    }
    return entry;
  };

  const sameNode = (rule: PathPattern, path: PathPattern) =>
    rule.length === path.length && overlaps(rule, path);
  const wideOver = (path: PathPattern, names: Set<string>, step: Segment['kind']) =>
    parsed.some(
      (r) =>
        (sameNode(r.path, path) && r.names.some((n) => names.has(n))) ||
        (r.path.length > path.length &&
          sameNode(r.path.slice(0, path.length), path) &&
          r.path[path.length]!.kind === step),
    );

  const walk = (value: unknown, path: PathPattern): void => {
    if (Array.isArray(value)) {
      add(path, true, value.length > 0);
      const every = value.length > 0 && wideOver(path, ARRAY_WIDE, 'anyIndex');
      for (const [i, v] of value.entries()) walk(v, [...path, every ? ANY_INDEX : index(i)]);
      return;
    }
    if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      add(path, true, keys.length > 0);
      const every = keys.length > 0 && wideOver(path, OBJECT_WIDE, 'anyProperty');
      for (const k of keys)
        walk((value as Record<string, unknown>)[k], [...path, every ? ANY_PROPERTY : property(k)]);
      return;
    }
    add(path, true, false);
  };
  if (content !== undefined) walk(content, []);

  for (const r of parsed) {
    // A rule attaches to every example path it matches; a rule matching none is a relied path of its own.
    let matched = false;
    for (const entry of out.values()) {
      if (entry.path.length === r.path.length && overlaps(entry.path, r.path)) {
        matched = true;
        entry.fromRule = true;
        for (const n of r.names) if (!entry.matchers.includes(n)) entry.matchers.push(n);
      }
    }
    if (!matched) {
      const entry = add(r.path, false, false);
      entry.fromRule = true;
      for (const n of r.names) if (!entry.matchers.includes(n)) entry.matchers.push(n);
    }
  }
  return { paths: [...out.values()], unreadableKeys };
}

/** The matchers of one rule entry in any spec's shape: `{ matchers: [...] }` (V3/V4), a matcher (V2), a list. */
export function matchersOf(entry: unknown): Matcher[] {
  if (Array.isArray(entry)) return entry.filter((m) => typeof m === 'object' && m !== null) as Matcher[];
  if (typeof entry !== 'object' || entry === null) return [];
  const e = entry as Record<string, unknown>;
  if (Array.isArray(e.matchers)) return matchersOf(e.matchers);
  return [e];
}

/** The relied paths at or below `path` (what a change at `path` touches). Leaves first; containers only if alone. */
export function reliedWithin(paths: readonly ReliedPath[], path: PathPattern): ReliedPath[] {
  const inside = paths.filter((p) => isWithin(p.path, path));
  const leaves = inside.filter((p) => !p.container);
  return leaves.length > 0 ? leaves : inside;
}
