// The compatibility walk: compares OLD and NEW subschema by subschema for ONE direction and records findings.
// backward = writer OLD, reader NEW; forward = writer NEW, reader OLD. Rule ids are always named OLD → NEW.
import {
  basesUnder,
  child,
  escapePointer,
  HAS_ONE_OF,
  HAS_REF,
  type Node,
  nodeAt,
  placedRefs,
  resolveRef,
  type SchemaDocument,
} from './document.js';
import type { RuleId } from './rules.js';
import { vocabularyOf } from './toolkit/dialect.js';
import { jsonEqual } from './toolkit/inclusion/atoms.js';
import type { Direction, JsonSchema } from './types.js';

/** Where a member's finding goes and what it says. */
type MemberAt = {
  o: Node;
  n: Node;
  primary: 'old' | 'new';
  message: string;
  before?: unknown;
  after?: unknown;
};

export interface Finding {
  rule: RuleId;
  oldPath: string;
  newPath: string;
  /** Which document `path` should point into. */
  primary: 'old' | 'new';
  breaks: boolean;
  undecidable: boolean;
  reason: string | undefined;
  message: string;
  before?: unknown;
  after?: unknown;
  /** Distinguishes several findings of one rule at one place (e.g. each removed enum value). */
  detail: string;
}

/**
 * State shared by all walks of one diff: memoised sub-checks and coinductive assumptions. Plain Maps: they live as
 * long as the diff, and weak tables cost the GC per entry.
 */
export interface Shared {
  cache: Map<string, boolean>;
  inProgress: Set<string>;
  assumptionHits: number;
  refFree: Map<object, boolean>;
  hasOneOf: Map<object, boolean>;
  props: Map<object, Map<string, Node>>;
  refs: Map<object, string[] | null>;
  /** One list per $ref string, for subschemas that hold only it (never added to). */
  singleRefs: Map<string, string[]>;
  regexes: Map<string, RegExp | null>;
  /** Property names of an OLD `properties` object paired with NEW's (see Walk.pairing). */
  pairings: Map<object, PropertyPairing>;
  /** The names of a `required` list as a set, for both directions (never added to). */
  required: Map<object, ReadonlySet<string>>;
}

/** Where a $ref resolves in OLD and in NEW (pointers). */
interface TargetPair {
  readonly old: string;
  readonly new: string;
}

interface PropertyPairing {
  readonly newProps: Obj | undefined;
  readonly all: readonly string[];
  /** Names whose subschemas are the same JSON without references. */
  readonly same: readonly string[];
  /** Names that are neither that nor the same JSON with references (changed, added, removed, opaque). */
  readonly rest: readonly string[];
  /** The names of `rest` whose subschemas are objects in one dialect, found different or opaque. */
  readonly differ: ReadonlySet<string>;
  /** For readers a relaxation cannot change: `rest` in order, with each distinct reference target pair of the
   * unchanged members with references where it first occurs. */
  readonly plan: ReadonlyArray<string | TargetPair>;
}

export const newShared = (): Shared => ({
  cache: new Map(),
  inProgress: new Set(),
  assumptionHits: 0,
  refFree: new Map(),
  hasOneOf: new Map(),
  props: new Map(),
  refs: new Map(),
  singleRefs: new Map(),
  regexes: new Map(),
  pairings: new Map(),
  required: new Map(),
});

type Obj = Record<string, unknown>;
type Effect = 'narrow' | 'widen' | 'both' | 'none';
type T = 'null' | 'boolean' | 'object' | 'array' | 'string' | 'integer' | 'fraction';
const ALL_TYPES: readonly T[] = ['null', 'boolean', 'object', 'array', 'string', 'integer', 'fraction'];

/** Keywords that never reject a value. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$comment',
  '$defs',
  'definitions',
  '$vocabulary',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentSchema',
]);

/** Assertion keywords the engine does not model beyond equality: a change to them is treated as breaking. */
const GENERIC = [
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'dependencies',
  'unevaluatedItems',
  'contentEncoding',
  'contentMediaType',
  '$dynamicRef',
  '$recursiveRef',
] as const;

const BOUNDS: ReadonlyArray<{
  kw: string;
  id: string;
  kind: 'max' | 'min';
  gate: 'string' | 'number' | 'array' | 'object';
}> = [
  { kw: 'maxLength', id: 'max-length', kind: 'max', gate: 'string' },
  { kw: 'minLength', id: 'min-length', kind: 'min', gate: 'string' },
  { kw: 'maximum', id: 'maximum', kind: 'max', gate: 'number' },
  { kw: 'minimum', id: 'minimum', kind: 'min', gate: 'number' },
  { kw: 'exclusiveMaximum', id: 'exclusive-maximum', kind: 'max', gate: 'number' },
  { kw: 'exclusiveMinimum', id: 'exclusive-minimum', kind: 'min', gate: 'number' },
  { kw: 'maxItems', id: 'max-items', kind: 'max', gate: 'array' },
  { kw: 'minItems', id: 'min-items', kind: 'min', gate: 'array' },
  { kw: 'maxContains', id: 'max-contains', kind: 'max', gate: 'array' },
  { kw: 'minContains', id: 'min-contains', kind: 'min', gate: 'array' },
  { kw: 'maxProperties', id: 'max-properties', kind: 'max', gate: 'object' },
  { kw: 'minProperties', id: 'min-properties', kind: 'min', gate: 'object' },
];

const NON_MONOTONE = new Set([
  'oneOf',
  'not',
  'if',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
  '$recursiveRef',
]);

/** No names (shared: never added to). */
const NO_NAMES: ReadonlySet<string> = new Set();
const NO_PATTERNS: ReadonlyMap<string, Node> = new Map();
const NO_PAIRING: PropertyPairing = {
  newProps: undefined,
  all: [],
  same: [],
  rest: [],
  differ: new Set(),
  plan: [],
};
/** No references (shared: never added to). */
const NO_REFS: string[] = [];
/** `list` (made here, so ours to grow) with `ref` in it once. */
function withRef(list: string[] | undefined, ref: string): string[] {
  if (list === undefined) return [ref];
  if (!list.includes(ref)) list.push(ref);
  return list;
}

/** What equalShape finds: the two differ as JSON, are equal without / with a reference, or it cannot say. */
const DIFFERENT = 0;
const EQUAL_REF_FREE = 1;
const EQUAL_WITH_REFS = 2;
const UNDETERMINED = 3;
/** Keywords whose values the document index reads as data, and those whose members it reads as subschemas. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);
const INDEX_MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
]);

/**
 * jsonEqual(a, b) and, when they are equal, whether `a` holds a reference as the document index counts one (its
 * HAS_REF bit: a string `$ref`/`$dynamicRef`/`$recursiveRef` outside data keywords and names of a map), in one
 * pass without looking objects up in the index. `parentKey` is the keyword `a` sits under, as the index visits
 * it. UNDETERMINED (an object met on both sides, or an inherited member, which the index and jsonEqual read
 * differently) leaves the answer to them.
 */
function equalShape(a: unknown, b: unknown, parentKey: string | undefined): number {
  if (parentKey !== undefined && DATA_KEYWORDS.has(parentKey))
    return jsonEqual(a, b) ? EQUAL_REF_FREE : DIFFERENT;
  if (a === b) return typeof a === 'object' && a !== null ? UNDETERMINED : EQUAL_REF_FREE;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return DIFFERENT;
  const list = Array.isArray(a);
  if (list !== Array.isArray(b)) return DIFFERENT;
  let refs = false;
  if (list) {
    const xs = a as unknown[];
    const ys = b as unknown[];
    if (xs.length !== ys.length) return DIFFERENT;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i];
      // A scalar is equal exactly when it is the same (what jsonEqual answers), and holds no reference.
      if (typeof v !== 'object' || v === null) {
        if (v !== ys[i]) return DIFFERENT;
        continue;
      }
      const r = equalShape(v, ys[i], undefined);
      if (r === DIFFERENT || r === UNDETERMINED) return r;
      if (r === EQUAL_WITH_REFS) refs = true;
    }
    return refs ? EQUAL_WITH_REFS : EQUAL_REF_FREE;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const isMap = parentKey !== undefined && INDEX_MAP_KEYWORDS.has(parentKey);
  let n = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) return UNDETERMINED;
    if (!Object.hasOwn(y, k)) return DIFFERENT;
    const v = x[k];
    if (!isMap && (k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef') && typeof v === 'string')
      refs = true;
    if (typeof v !== 'object' || v === null) {
      if (v !== y[k]) return DIFFERENT;
      n++;
      continue;
    }
    const r = equalShape(v, y[k], isMap ? undefined : k);
    if (r === DIFFERENT || r === UNDETERMINED) return r;
    if (r === EQUAL_WITH_REFS) refs = true;
    n++;
  }
  for (const k in y) if (Object.hasOwn(y, k) && --n < 0) return DIFFERENT;
  return n !== 0 ? DIFFERENT : refs ? EQUAL_WITH_REFS : EQUAL_REF_FREE;
}

const asObj = (s: JsonSchema): Obj => (typeof s === 'object' ? s : {});
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Canonical JSON (sorted keys) for value comparison of enum/const/default. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObj(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

// Plain loops, no callbacks: called for every pair of subschemas the walk meets.
function typeSet(s: Obj): Set<T> | null {
  const raw = s.type;
  if (raw === undefined) return null;
  const names = Array.isArray(raw) ? raw : [raw];
  const out = new Set<T>();
  for (const n of names) {
    if (n === 'number') {
      out.add('integer');
      out.add('fraction');
    } else out.add(n as T);
  }
  if (s.nullable === true) out.add('null');
  return out;
}
const admits = (ts: Set<T> | null, t: T): boolean => ts === null || ts.has(t);
const describeTypes = (s: Obj): unknown =>
  s.type === undefined ? 'any' : s.nullable === true ? [s.type, 'null'].flat() : s.type;

/** The values allowed by const and/or enum (their intersection when both are present), or undefined. */
function valuesOf(s: Obj): unknown[] | undefined {
  const hasConst = 'const' in s;
  const hasEnum = Array.isArray(s.enum);
  if (hasConst && hasEnum) {
    const c = canonical(s.const);
    return (s.enum as unknown[]).some((v) => canonical(v) === c) ? [s.const] : [];
  }
  if (hasConst) return [s.const];
  if (hasEnum) return s.enum as unknown[];
  return undefined;
}

const isInt = (x: number): boolean => Math.abs(x - Math.round(x)) < 1e-9;
const show = (v: unknown): string => {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

interface CatchAll {
  state: 'open' | 'closed' | 'schema';
  node?: Node;
  /** The raw keyword location, for paths. */
  ptr: string;
  raw: unknown;
}

export class Walk {
  readonly findings: Finding[] = [];
  private readonly visited = new Set<string>();
  // OLD subschema → the NEW one(s) it was compared with: one partner is the rule, a Set only when there are more.
  private readonly visitedPairs = new Map<object, object | Set<object>>();
  private readonly bw: boolean;

  constructor(
    readonly dir: Direction,
    readonly strictReaders: boolean,
    private readonly shared: Shared,
  ) {
    this.bw = dir === 'backward';
  }

  // ---- plumbing -------------------------------------------------------------------------------------------

  private get writerName(): string {
    return this.bw ? 'OLD' : 'NEW';
  }
  private get readerName(): string {
    return this.bw ? 'NEW' : 'OLD';
  }

  private verdict(effect: Effect): boolean {
    return effect === 'both' || (this.bw ? effect === 'narrow' : effect === 'widen');
  }

  private effectReason(effect: Effect, what: string): string | undefined {
    if (!this.verdict(effect)) return undefined;
    return `readers on ${this.readerName} reject data written with ${this.writerName}: ${what}`;
  }

  private emit(
    rule: RuleId,
    o: { ptr: string },
    n: { ptr: string },
    f: {
      breaks: boolean;
      message: string;
      reason?: string | undefined;
      primary?: 'old' | 'new';
      before?: unknown;
      after?: unknown;
      undecidable?: boolean | undefined;
      detail?: string | undefined;
      oldSuffix?: string | undefined;
      newSuffix?: string | undefined;
    },
  ): void {
    this.findings.push({
      rule,
      oldPath: o.ptr + (f.oldSuffix ?? ''),
      newPath: n.ptr + (f.newSuffix ?? ''),
      primary: f.primary ?? 'new',
      breaks: f.breaks,
      undecidable: f.undecidable ?? false,
      reason: f.breaks
        ? (f.reason ?? `readers on ${this.readerName} reject data written with ${this.writerName}`)
        : undefined,
      message: f.message,
      before: f.before,
      after: f.after,
      detail: f.detail ?? '',
    });
  }

  private emitEffect(
    rule: RuleId,
    o: Node,
    n: Node,
    effect: Effect,
    f: {
      message: string;
      before?: unknown;
      after?: unknown;
      detail?: string;
      undecidable?: boolean;
      kw?: string;
    },
  ): void {
    const suffix = f.kw === undefined ? '' : `/${f.kw}`;
    // Members named, not spread: a spread followed by more members is a slow path in V8 (one per finding).
    this.emit(rule, o, n, {
      message: f.message,
      before: f.before,
      after: f.after,
      detail: f.detail,
      undecidable: f.undecidable,
      breaks: this.verdict(effect),
      reason: this.effectReason(effect, f.message),
      oldSuffix: suffix,
      newSuffix: suffix,
    });
  }

  private deref(node: Node): Node {
    let cur = node;
    let seen: Set<string> | undefined;
    while (isObj(cur.schema) && typeof cur.schema.$ref === 'string') {
      if (!vocabularyOf(cur.doc.dialect).refOverrides && this.hasAssertionSiblings(cur.schema)) return cur;
      seen ??= new Set<string>();
      if (seen.has(cur.ptr)) return { ...cur, schema: true, key: `${cur.key}~loop` };
      seen.add(cur.ptr);
      cur = nodeAt(cur.doc, resolveRef(cur.doc, cur.schema.$ref, cur.ptr));
    }
    return cur;
  }

  private hasAssertionSiblings(s: Obj): boolean {
    return Object.keys(s).some((k) => k !== '$ref' && !ANNOTATIONS.has(k));
  }

  /** Structural equality that is only trusted when neither side contains a $ref (refs may point at different targets). */
  private sameAndRefFree(
    a: JsonSchema,
    b: JsonSchema,
    docA?: SchemaDocument,
    docB?: SchemaDocument,
  ): boolean {
    if (a === b && typeof a === 'boolean') return true;
    if (typeof a !== 'object' || typeof b !== 'object') return false;
    return this.refFree(a, docA) && this.refFree(b, docB) && jsonEqual(a, b);
  }

  private refFree(v: unknown, doc?: SchemaDocument): boolean {
    if (typeof v !== 'object' || v === null) return true;
    const known = doc?.flags.get(v);
    if (known !== undefined) return (known & HAS_REF) === 0;
    const hit = this.shared.refFree.get(v);
    if (hit !== undefined) return hit;
    let free = true;
    if (Array.isArray(v)) free = v.every((x) => this.refFree(x));
    else {
      const obj = v as Obj;
      for (const k in obj) {
        if (!Object.hasOwn(obj, k)) continue;
        const x = obj[k];
        if ((k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef') && typeof x === 'string')
          free = false;
        else if (!this.refFree(x)) free = false;
        if (!free) break;
      }
    }
    this.shared.refFree.set(v, free);
    return free;
  }

  /**
   * Ignoring a tolerant reader's closed objects widens every subschema, except inside oneOf, where widened
   * branches can start to overlap (a value then matches two branches and is rejected). Such a reader is not
   * trivially compatible even with an identical writer, so equality shortcuts must not skip it.
   */
  private relaxSensitive(s: JsonSchema, insideOneOf = false, doc?: SchemaDocument): boolean {
    if (this.strictReaders || typeof s !== 'object') return false;
    if (insideOneOf && (s.additionalProperties === false || s.unevaluatedProperties === false)) return true;
    if (!insideOneOf) {
      const known = doc?.flags.get(s);
      if (known !== undefined ? (known & HAS_ONE_OF) === 0 : !this.hasOneOf(s)) return false;
    }
    for (const k in s) {
      const v = s[k];
      if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') continue;
      const inner = insideOneOf || k === 'oneOf';
      if (Array.isArray(v)) {
        if (v.some((x) => isObj(x) && this.relaxSensitive(x, inner))) return true;
      } else if (isObj(v)) {
        if (k === 'properties' || k === 'patternProperties' || k === '$defs' || k === 'dependentSchemas') {
          if (Object.values(v).some((x) => isObj(x) && this.relaxSensitive(x, inner))) return true;
        } else if (this.relaxSensitive(v, inner)) return true;
      }
    }
    return false;
  }

  private hasOneOf(v: unknown): boolean {
    if (typeof v !== 'object' || v === null) return false;
    const hit = this.shared.hasOneOf.get(v);
    if (hit !== undefined) return hit;
    const found = Array.isArray(v)
      ? v.some((x) => this.hasOneOf(x))
      : 'oneOf' in v || Object.values(v).some((x) => this.hasOneOf(x));
    this.shared.hasOneOf.set(v, found);
    return found;
  }

  /** Writer-to-reader check of a pair without recording anything: used to match union branches. */
  private isCompatible(o: Node, n: Node): boolean {
    const key = `${this.dir}|${this.strictReaders}|${o.key}|${n.key}`;
    const cached = this.shared.cache.get(key);
    if (cached !== undefined) return cached;
    if (this.shared.inProgress.has(key)) {
      // Coinduction: a pair that reaches itself through a recursive $ref is assumed compatible on the way round.
      this.shared.assumptionHits++;
      return true;
    }
    this.shared.inProgress.add(key);
    const hitsBefore = this.shared.assumptionHits;
    const sub = new Walk(this.dir, this.strictReaders, this.shared);
    sub.compare(o, n);
    const ok = !sub.findings.some((f) => f.breaks);
    this.shared.inProgress.delete(key);
    // A "compatible" that relied on an assumption is only valid inside the cycle; a "breaking" is always final.
    if (!ok || this.shared.assumptionHits === hitsBefore) this.shared.cache.set(key, ok);
    return ok;
  }

  /** Compares writer node `w` with reader node `r`, whichever document each comes from. */
  private cmpWR(w: Node, r: Node): void {
    if (this.bw) this.compare(w, r);
    else this.compare(r, w);
  }
  private compatibleWR(w: Node, r: Node): boolean {
    return this.bw ? this.isCompatible(w, r) : this.isCompatible(r, w);
  }

  private synthetic(parent: Node, suffix: string, schema: JsonSchema): Node {
    return {
      doc: parent.doc,
      schema,
      ptr: parent.ptr + suffix,
      key: `${parent.key}${suffix}~${String(schema)}`,
    };
  }

  private regex(source: string): RegExp | null {
    let re = this.shared.regexes.get(source);
    if (re === undefined) {
      try {
        re = new RegExp(source, 'u');
      } catch {
        re = null;
      }
      this.shared.regexes.set(source, re);
    }
    return re;
  }

  private isTrivial(node: Node): boolean {
    const d = this.deref(node);
    if (d.schema === true) return true;
    if (d.schema === false) return false;
    return Object.keys(d.schema).every((k) => ANNOTATIONS.has(k));
  }

  /**
   * Identical subschemas (same dialect) differ at most through what their $refs point to: when every keyword on
   * the way is monotone, comparing the ref targets pairwise is enough and the subtree is not walked again. Not for a tolerant reader whose oneOf could change
   * meaning when relaxed (see relaxSensitive).
   */
  private equalModuloRefs(o: Node, n: Node): boolean {
    const os = o.schema;
    const ns = n.schema;
    if (typeof os !== 'object' || typeof ns !== 'object') return os === ns;
    if (o.doc.dialect !== n.doc.dialect) return false;
    if (this.relaxSensitive(this.bw ? ns : os, false, this.bw ? n.doc : o.doc)) return false;
    if (this.refFree(os, o.doc) && this.refFree(ns, n.doc)) return jsonEqual(os, ns);
    if (!jsonEqual(os, ns)) return false;
    if (basesUnder(o.doc, o.ptr) || basesUnder(n.doc, n.ptr)) return this.comparePlacedRefs(o, n, os, ns, '');
    const refs = this.refsIn(os);
    if (refs === null) return false;
    for (const ref of refs) {
      this.compare(
        nodeAt(o.doc, resolveRef(o.doc, ref, o.ptr)),
        nodeAt(n.doc, resolveRef(n.doc, ref, n.ptr)),
      );
    }
    return true;
  }

  /**
   * equalModuloRefs for equal subschemas with a reference in an embedded resource: each reference resolved from
   * its own place (the same JSON on both sides, so the same places in the same order).
   */
  private comparePlacedRefs(o: Node, n: Node, os: unknown, ns: unknown, tail: string): boolean {
    const olds = placedRefs(os, o.ptr + tail, NON_MONOTONE);
    const news = placedRefs(ns, n.ptr + tail, NON_MONOTONE);
    if (olds === null || news === null || olds.length !== news.length) return false;
    for (let i = 0; i < olds.length; i++) {
      this.compare(
        nodeAt(o.doc, resolveRef(o.doc, olds[i]!.ref, olds[i]!.at)),
        nodeAt(n.doc, resolveRef(n.doc, news[i]!.ref, news[i]!.at)),
      );
    }
    return true;
  }

  /**
   * The property names of two object schemas, old first, split into those whose subschemas are the same JSON
   * without references on both sides (`same`) and the rest (in order): the same for both directions, so made once.
   */
  private pairing(o: Node, n: Node, oRaw: Obj | undefined, nRaw: Obj | undefined): PropertyPairing {
    // Neither declares properties (an enum, a $ref target without them): nothing to pair, nothing to make.
    if (oRaw === undefined && nRaw === undefined) return NO_PAIRING;
    const hit = oRaw === undefined ? undefined : this.shared.pairings.get(oRaw);
    if (hit !== undefined && hit.newProps === nRaw) return hit;
    const all = oRaw === undefined ? [] : Object.keys(oRaw);
    // The first names are the old object's own keys, whose values come from one list (a lookup per name costs
    // more on large maps).
    const oldCount = all.length;
    const oldValues = oRaw === undefined ? undefined : Object.values(oRaw);
    // Two versions mostly list their members in the same order: a name at the same position in both is the
    // other's own without a member test, and its new value comes from one list too.
    const newNames = nRaw === undefined ? [] : Object.keys(nRaw);
    const newValues = nRaw === undefined ? [] : Object.values(nRaw);
    for (let j = 0; j < newNames.length; j++) {
      const k = newNames[j]!;
      if (oRaw === undefined || (!(j < oldCount && all[j] === k) && !Object.hasOwn(oRaw, k))) all.push(k);
    }
    const same: string[] = [];
    const rest: string[] = [];
    const differ = new Set<string>();
    const plan: Array<string | TargetPair> = [];
    // Target pairs planned already, old pointer → new pointers (the same $ref under many names).
    const planned = new Map<string, Set<string>>();
    const sameDialect = o.doc.dialect === n.doc.dialect;
    // Where no object sits at two places, the index's bits follow from the JSON itself: equal members hold a
    // reference on both sides or on neither, and one pass answers both questions.
    const structural = !o.doc.sharesObjects && !n.doc.sharesObjects;
    for (let i = 0; i < all.length; i++) {
      const name = all[i]!;
      const os = i < oldCount ? oldValues![i] : undefined;
      const ns =
        i < newNames.length && newNames[i] === name
          ? newValues[i]
          : nRaw !== undefined && Object.hasOwn(nRaw, name)
            ? nRaw[name]
            : undefined;
      if (sameDialect && isObj(os) && isObj(ns)) {
        const shape = structural ? equalShape(os, ns, undefined) : UNDETERMINED;
        let free: boolean;
        let equal: boolean;
        if (shape === UNDETERMINED) {
          free = this.refFree(os, o.doc) && this.refFree(ns, n.doc);
          equal = jsonEqual(os, ns);
        } else {
          free = shape === EQUAL_REF_FREE;
          equal = shape !== DIFFERENT;
        }
        const refs = !equal ? null : free ? NO_REFS : this.refsIn(os);
        const tail = refs === null || free ? '' : `/properties/${escapePointer(name)}`;
        if (
          refs !== null &&
          (free || (!basesUnder(o.doc, o.ptr + tail) && !basesUnder(n.doc, n.ptr + tail)))
        ) {
          if (free) {
            same.push(name);
            continue;
          }
          // Equal with references: only the targets are compared, each pair once, where it first occurs. No
          // reference under the property sits in an embedded resource, so each resolves against the root's base.
          for (const ref of refs) {
            const target = {
              old: resolveRef(o.doc, ref, o.ptr + tail),
              new: resolveRef(n.doc, ref, n.ptr + tail),
            };
            let news = planned.get(target.old);
            if (news === undefined) {
              news = new Set();
              planned.set(target.old, news);
            }
            if (news.has(target.new)) continue;
            news.add(target.new);
            plan.push(target);
          }
          continue;
        }
        differ.add(name);
      }
      rest.push(name);
      plan.push(name);
    }
    const pairing = { newProps: nRaw, all, same, rest, differ, plan };
    if (oRaw !== undefined && hit === undefined) this.shared.pairings.set(oRaw, pairing);
    return pairing;
  }

  /**
   * A property whose subschema is the same JSON in both versions (what equalModuloRefs decides, without making
   * nodes for it or visiting it as a pair): no findings of its own, only its $ref targets still to compare.
   */
  private unchangedProperty(o: Node, n: Node, name: string, os: unknown, ns: unknown): boolean {
    if (typeof os !== 'object' || typeof ns !== 'object' || os === null || ns === null) return false;
    if (o.doc.dialect !== n.doc.dialect) return false;
    if (this.relaxSensitive((this.bw ? ns : os) as Obj, false, this.bw ? n.doc : o.doc)) return false;
    if (!jsonEqual(os, ns)) return false;
    if (this.refFree(os, o.doc) && this.refFree(ns, n.doc)) return true;
    const tail = `/properties/${escapePointer(name)}`;
    if (basesUnder(o.doc, o.ptr + tail) || basesUnder(n.doc, n.ptr + tail))
      return this.comparePlacedRefs(o, n, os, ns, tail);
    const refs = this.refsIn(os);
    if (refs === null) return false;
    for (const ref of refs) {
      this.compare(
        nodeAt(o.doc, resolveRef(o.doc, ref, o.ptr + tail)),
        nodeAt(n.doc, resolveRef(n.doc, ref, n.ptr + tail)),
      );
    }
    return true;
  }

  /**
   * Distinct $ref strings in a subtree (data keywords skipped); null when the subtree uses a keyword whose meaning
   * is not monotone in what its refs accept (oneOf exclusivity, not, if, unevaluated*, dynamic refs): then identical
   * text is no evidence and the subtree must be walked.
   */
  private refsIn(s: unknown, inMap = false): string[] | null {
    if (typeof s !== 'object' || s === null) return NO_REFS;
    if (!inMap && !Array.isArray(s)) {
      // A subschema without subschemas (most often a $ref alone, under many names): its keys say it all, so it
      // is neither memoised nor given a list of its own.
      const flat = this.flatRefs(s as Obj);
      if (flat !== undefined) return flat;
    }
    const hit = this.shared.refs.get(s);
    if (hit !== undefined) return hit;
    // Plain loops and one list made only when there is a reference: called for every property that has one.
    let out: string[] | undefined;
    let opaque = false;
    if (Array.isArray(s)) {
      for (const x of s) {
        const sub = this.refsIn(x);
        if (sub === null) {
          opaque = true;
          break;
        }
        for (const r of sub) out = withRef(out, r);
      }
    } else {
      const obj = s as Obj;
      for (const k in obj) {
        const v = obj[k];
        if (!inMap) {
          if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') continue;
          if (NON_MONOTONE.has(k)) {
            opaque = true;
            break;
          }
          if (k === '$ref' && typeof v === 'string') out = withRef(out, v);
        }
        if (typeof v !== 'object' || v === null) continue;
        const sub = this.refsIn(
          v,
          !inMap &&
            (k === 'properties' ||
              k === 'patternProperties' ||
              k === '$defs' ||
              k === 'definitions' ||
              k === 'dependentSchemas'),
        );
        if (sub === null) {
          opaque = true;
          break;
        }
        for (const r of sub) out = withRef(out, r);
      }
    }
    const result = opaque ? null : (out ?? NO_REFS);
    this.shared.refs.set(s, result);
    return result;
  }

  /** refsIn of a subschema whose values are all scalars; undefined for any other. */
  private flatRefs(obj: Obj): string[] | null | undefined {
    let ref: string | undefined;
    let opaque = false;
    for (const k in obj) {
      const v = obj[k];
      if (typeof v === 'object' && v !== null) return undefined;
      if (NON_MONOTONE.has(k)) opaque = true;
      else if (k === '$ref' && typeof v === 'string') ref = v;
    }
    if (opaque) return null;
    if (ref === undefined) return NO_REFS;
    let list = this.shared.singleRefs.get(ref);
    if (list === undefined) {
      list = [ref];
      this.shared.singleRefs.set(ref, list);
    }
    return list;
  }

  /** Marks a pair as visited; true if it was already. Document nodes are keyed by identity, synthetic ones by key. */
  private seen(o: Node, n: Node): boolean {
    if (typeof o.schema === 'object' && typeof n.schema === 'object' && o.key === o.ptr && n.key === n.ptr) {
      const partners = this.visitedPairs.get(o.schema);
      if (partners === undefined) {
        this.visitedPairs.set(o.schema, n.schema);
        return false;
      }
      if (partners === n.schema) return true;
      if (partners instanceof Set) {
        if (partners.has(n.schema)) return true;
        partners.add(n.schema);
      } else this.visitedPairs.set(o.schema, new Set([partners, n.schema]));
      return false;
    }
    const key = `${o.key}|${n.key}`;
    if (this.visited.has(key)) return true;
    this.visited.add(key);
    return false;
  }

  // ---- entry ----------------------------------------------------------------------------------------------

  compare(o0: Node, n0: Node): void {
    const o = this.deref(o0);
    const n = this.deref(n0);
    if (this.seen(o, n)) return;
    if (this.equalModuloRefs(o, n)) return;
    if (o.schema === false || n.schema === false) {
      if (o.schema === false && n.schema === false) return;
      if (n.schema === false) {
        this.emitEffect('schema-closed', o, n, 'narrow', {
          message: 'subschema became false (accepts nothing)',
          before: o.schema,
          after: false,
        });
      } else {
        this.emitEffect('schema-opened', o, n, 'widen', {
          message: 'subschema was false and now accepts values',
          before: false,
          after: n.schema,
        });
      }
      return;
    }
    const oo = asObj(o.schema);
    const no = asObj(n.schema);
    const oU = this.unionOf(o);
    const nU = this.unionOf(n);
    const writerIsUnion = this.bw ? oU !== undefined : nU !== undefined;
    const readerIsUnion = this.bw ? nU !== undefined : oU !== undefined;
    if (oU || nU) this.compareUnions(o, n, oU, nU);
    this.compareAllOf(o, n);
    // A union writer facing a plain reader was fully checked branch by branch (branches carry the writer's base).
    if (!(writerIsUnion && !readerIsUnion)) this.compareKeywords(o, n, oo, no);
  }

  // ---- combinators ----------------------------------------------------------------------------------------

  private unionOf(node: Node): { kind: 'anyOf' | 'oneOf'; branches: Node[] } | undefined {
    const s = asObj(node.schema);
    const kind = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : undefined;
    if (kind === undefined) return undefined;
    const branches = (s[kind] as unknown[]).map((_, i) => this.deref(child(node, kind, i)!));
    return { kind, branches };
  }

  /** A writer branch with the writer's sibling keywords folded in (a superset of what the writer sends: safe). */
  private withBase(parent: Node, branch: Node, kind: string): Node {
    if (typeof branch.schema === 'boolean') return branch;
    const base: Obj = { ...asObj(parent.schema) };
    delete base[kind];
    if (Object.keys(base).every((k) => ANNOTATIONS.has(k))) return branch;
    return {
      doc: branch.doc,
      schema: { ...base, ...branch.schema },
      ptr: branch.ptr,
      key: `${branch.key}+base`,
    };
  }

  private compareUnions(
    o: Node,
    n: Node,
    oU: { kind: 'anyOf' | 'oneOf'; branches: Node[] } | undefined,
    nU: { kind: 'anyOf' | 'oneOf'; branches: Node[] } | undefined,
  ): void {
    const oB = oU ? oU.branches : [o];
    const nB = nU ? nU.branches : [n];
    // Pair branches independently of direction: equal ones first, then by position.
    const pairOfOld = new Map<number, number>();
    const pairOfNew = new Map<number, number>();
    oB.forEach((ob, i) => {
      const j = nB.findIndex((nb, jj) => !pairOfNew.has(jj) && this.sameAndRefFree(ob.schema, nb.schema));
      if (j >= 0) {
        pairOfOld.set(i, j);
        pairOfNew.set(j, i);
      }
    });
    oB.forEach((_, i) => {
      if (
        !pairOfOld.has(i) &&
        i < nB.length &&
        !pairOfNew.has(i) &&
        (oU === undefined) === (nU === undefined)
      ) {
        pairOfOld.set(i, i);
        pairOfNew.set(i, i);
      }
    });
    if (oU === undefined || nU === undefined) {
      // A plain schema against a union: pair it with the first unpaired branch of the same JSON type, or the first.
      const single = oU === undefined ? 0 : -1;
      if (single === 0 && !pairOfOld.has(0)) {
        const t = canonical(typeSet(asObj(o.schema)) ? [...typeSet(asObj(o.schema))!].sort() : null);
        let j = nB.findIndex(
          (b) => canonical(typeSet(asObj(b.schema)) ? [...typeSet(asObj(b.schema))!].sort() : null) === t,
        );
        if (j < 0) j = 0;
        if (nB[j] !== undefined) {
          pairOfOld.set(0, j);
          pairOfNew.set(j, 0);
        }
      } else if (oU !== undefined && !pairOfNew.has(0)) {
        const t = canonical(typeSet(asObj(n.schema)) ? [...typeSet(asObj(n.schema))!].sort() : null);
        let i = oB.findIndex(
          (b) => canonical(typeSet(asObj(b.schema)) ? [...typeSet(asObj(b.schema))!].sort() : null) === t,
        );
        if (i < 0) i = 0;
        if (oB[i] !== undefined) {
          pairOfOld.set(i, 0);
          pairOfNew.set(0, i);
        }
      }
    }
    const writerB = this.bw ? oB : nB;
    const readerB = this.bw ? nB : oB;
    const writerU = this.bw ? oU : nU;
    const readerU = this.bw ? nU : oU;
    const writerParent = this.bw ? o : n;
    const pairOfWriter = this.bw ? pairOfOld : pairOfNew;
    const pairOfReader = this.bw ? pairOfNew : pairOfOld;
    const ruleFor = (side: 'old' | 'new'): RuleId => {
      const kind = side === 'old' ? oU?.kind : nU?.kind;
      if (side === 'new') return kind === 'oneOf' ? 'one-of-branch-added' : 'any-of-branch-added';
      return kind === 'oneOf' ? 'one-of-branch-removed' : 'any-of-branch-removed';
    };
    const writerSide = this.bw ? 'old' : 'new';
    const readerSide = this.bw ? 'new' : 'old';

    writerB.forEach((wb0, i) => {
      const wb = writerU ? this.withBase(writerParent, wb0, writerU.kind) : wb0;
      const j = pairOfWriter.get(i);
      const rb = j === undefined ? undefined : readerB[j];
      if (rb !== undefined) {
        if (
          this.compatibleWR(wb, rb) ||
          !readerB.some((other) => other !== rb && this.compatibleWR(wb, other))
        ) {
          this.cmpWR(wb, rb);
        }
        return;
      }
      const fits = readerB.some((r) => this.compatibleWR(wb, r));
      const side = writerSide;
      this.emit(ruleFor(side), side === 'old' ? wb0 : o, side === 'new' ? wb0 : n, {
        breaks: !fits,
        primary: side,
        message: `${side === 'new' ? 'branch added' : 'branch removed'}: ${show(wb0.schema)}`,
        reason: `values of this ${this.writerName} branch match no ${this.readerName} branch`,
        [side === 'old' ? 'before' : 'after']: wb0.schema,
      });
    });
    readerB.forEach((rb, j) => {
      if (pairOfReader.has(j)) return;
      this.emit(ruleFor(readerSide), readerSide === 'old' ? rb : o, readerSide === 'new' ? rb : n, {
        breaks: false,
        primary: readerSide,
        message: `${readerSide === 'new' ? 'branch added' : 'branch removed'}: ${show(rb.schema)}`,
        [readerSide === 'old' ? 'before' : 'after']: rb.schema,
      });
    });
    // oneOf rejects a value matching two branches: every changed reader branch must be provably disjoint from the rest.
    if (readerU?.kind === 'oneOf') {
      // Unchanged = paired one-to-one with an identical writer branch (a duplicated branch is a change).
      const unchanged = (j: number): boolean => {
        const i = pairOfReader.get(j);
        const rb = readerB[j]!;
        return (
          writerU?.kind === 'oneOf' &&
          i !== undefined &&
          !this.relaxSensitive(rb.schema, true) &&
          this.sameAndRefFree(writerB[i]!.schema, rb.schema)
        );
      };
      for (let a = 0; a < readerB.length; a++) {
        for (let b = a + 1; b < readerB.length; b++) {
          const ra = readerB[a]!;
          const rb = readerB[b]!;
          if (unchanged(a) && unchanged(b)) continue;
          if (this.disjoint(ra, rb)) continue;
          this.emit('one-of-ambiguous', readerSide === 'old' ? rb : o, readerSide === 'new' ? rb : n, {
            breaks: true,
            undecidable: true,
            primary: readerSide,
            detail: `${a},${b}`,
            message: `oneOf branches ${a} and ${b} are not provably disjoint: a value matching both is rejected`,
            reason: `cannot prove that data written with ${this.writerName} matches exactly one ${this.readerName} oneOf branch`,
          });
        }
      }
    }
  }

  /** Cheap sufficient test that no value matches both schemas (types, consts, or a const/enum discriminator). */
  private disjoint(a0: Node, b0: Node): boolean {
    const a = this.deref(a0);
    const b = this.deref(b0);
    if (a.schema === false || b.schema === false) return true;
    const as = asObj(a.schema);
    const bs = asObj(b.schema);
    const ta = typeSet(as);
    const tb = typeSet(bs);
    if (ta && tb && ![...ta].some((t) => tb.has(t))) return true;
    const va = valuesOf(as);
    const vb = valuesOf(bs);
    if (va && vb) {
      const set = new Set(va.map(canonical));
      if (!vb.some((v) => set.has(canonical(v)))) return true;
    }
    const ra = Array.isArray(as.required) ? (as.required as string[]) : [];
    const rb = new Set(Array.isArray(bs.required) ? (bs.required as string[]) : []);
    for (const name of ra) {
      if (!rb.has(name)) continue;
      const pa = child(a, 'properties', name);
      const pb = child(b, 'properties', name);
      if (pa && pb && this.disjoint(pa, pb)) return true;
    }
    return false;
  }

  private allOfMembers(node: Node): Node[] {
    const s = asObj(node.schema);
    const out: Node[] = [];
    if (Array.isArray(s.allOf)) {
      for (let i = 0; i < s.allOf.length; i++) out.push(this.deref(child(node, 'allOf', i)!));
    }
    if (typeof s.$ref === 'string') {
      const target = resolveRef(node.doc, s.$ref, node.ptr);
      // A schema that $refs itself adds no constraint beyond its own keywords.
      if (target !== node.ptr) out.push(this.deref(nodeAt(node.doc, target)));
    }
    return out;
  }

  private compareAllOf(o: Node, n: Node): void {
    const os = o.schema;
    const ns = n.schema;
    const has = (s: JsonSchema): boolean => typeof s === 'object' && ('allOf' in s || '$ref' in s);
    if (!has(os) && !has(ns)) return;
    const oA = this.allOfMembers(o);
    const nA = this.allOfMembers(n);
    if (oA.length === 0 && nA.length === 0) return;
    const pairOfOld = new Map<number, number>();
    const pairOfNew = new Map<number, number>();
    oA.forEach((om, i) => {
      const j = nA.findIndex(
        (nm, jj) => !pairOfNew.has(jj) && (om.key === nm.key || this.sameAndRefFree(om.schema, nm.schema)),
      );
      if (j >= 0) {
        pairOfOld.set(i, j);
        pairOfNew.set(j, i);
      }
    });
    oA.forEach((_, i) => {
      if (!pairOfOld.has(i) && i < nA.length && !pairOfNew.has(i)) {
        pairOfOld.set(i, i);
        pairOfNew.set(i, i);
      }
    });
    for (const [i, j] of pairOfOld) this.compare(oA[i]!, nA[j]!);
    const stripped = (node: Node): Node => {
      const s = { ...asObj(node.schema) };
      delete s.allOf;
      delete s.$ref;
      return { ...node, schema: s, key: node.key.endsWith('~own') ? node.key : `${node.key}~own` };
    };
    nA.forEach((nm, j) => {
      if (pairOfNew.has(j)) return;
      // New conjunct: old writers must already satisfy it (backward); old readers never see it (forward).
      const fits = !this.bw || [stripped(o), ...oA].some((w) => this.isCompatible(w, nm));
      this.emit('all-of-member-added', o, nm, {
        breaks: !fits,
        message: `allOf member added: ${show(nm.schema)}`,
        after: nm.schema,
        reason: 'data written with OLD does not provably satisfy the new allOf member',
      });
    });
    oA.forEach((om, i) => {
      if (pairOfOld.has(i)) return;
      const fits = this.bw || [stripped(n), ...nA].some((w) => this.isCompatible(om, w));
      this.emit('all-of-member-removed', om, n, {
        breaks: !fits,
        primary: 'old',
        message: `allOf member removed: ${show(om.schema)}`,
        before: om.schema,
        reason:
          'data written with NEW does not provably satisfy the removed allOf member that OLD readers check',
      });
    });
  }

  // ---- keywords -------------------------------------------------------------------------------------------

  private compareKeywords(o: Node, n: Node, oo: Obj, no: Obj): void {
    const ot = typeSet(oo);
    const nt = typeSet(no);
    this.compareTypes(o, n, oo, no, ot, nt);
    this.compareValues(o, n, oo, no);
    const both = (t: T): boolean => admits(ot, t) && admits(nt, t);
    const gate = {
      string: both('string'),
      number: both('integer') || both('fraction'),
      array: both('array'),
      object: both('object'),
    };
    for (const b of BOUNDS) {
      if (!gate[b.gate]) continue;
      const ov = oo[b.kw];
      const nv = no[b.kw];
      if (ov === nv || (typeof ov !== 'number' && typeof nv !== 'number')) continue;
      if (typeof ov !== 'number' && ov !== undefined) continue;
      if (typeof nv !== 'number' && nv !== undefined) continue;
      let rule: string;
      let effect: Effect;
      if (ov === undefined) {
        rule = `${b.id}-added`;
        effect = 'narrow';
      } else if (nv === undefined) {
        rule = `${b.id}-removed`;
        effect = 'widen';
      } else if ((nv as number) < ov) {
        rule = `${b.id}-decreased`;
        effect = b.kind === 'max' ? 'narrow' : 'widen';
      } else {
        rule = `${b.id}-increased`;
        effect = b.kind === 'max' ? 'widen' : 'narrow';
      }
      this.emitEffect(rule as RuleId, o, n, effect, {
        kw: b.kw,
        message:
          ov === undefined
            ? `${b.kw} ${show(nv)} added`
            : nv === undefined
              ? `${b.kw} ${show(ov)} removed`
              : `${b.kw} changed: ${show(ov)} → ${show(nv)}`,
        before: ov,
        after: nv,
      });
    }
    if (gate.string) {
      this.compareText(o, n, oo, no, 'pattern', 'pattern');
    }
    if (gate.string || gate.number) this.compareText(o, n, oo, no, 'format', 'format');
    if (gate.number) this.compareMultipleOf(o, n, oo, no);
    if (gate.array) {
      const ou = oo.uniqueItems === true;
      const nu = no.uniqueItems === true;
      if (ou !== nu) {
        this.emitEffect(nu ? 'unique-items-added' : 'unique-items-removed', o, n, nu ? 'narrow' : 'widen', {
          kw: 'uniqueItems',
          message: nu ? 'items must now be unique' : 'items no longer need to be unique',
          before: oo.uniqueItems,
          after: no.uniqueItems,
        });
      }
      this.compareArray(o, n);
    }
    if (gate.object) this.compareObject(o, n, oo, no);
    for (const kw of GENERIC) this.compareGeneric(o, n, oo, no, kw);
    // A schema carrying both anyOf and oneOf: anyOf is the union we model, oneOf is compared opaquely.
    if (Array.isArray(oo.anyOf) && Array.isArray(oo.oneOf)) this.compareGeneric(o, n, oo, no, 'oneOf');
    else if (Array.isArray(no.anyOf) && Array.isArray(no.oneOf)) this.compareGeneric(o, n, oo, no, 'oneOf');
    this.compareDefault(o, n, oo, no);
  }

  private compareTypes(o: Node, n: Node, oo: Obj, no: Obj, ot: Set<T> | null, nt: Set<T> | null): void {
    if (ot === null && nt === null) return;
    if (ot !== null && nt !== null && ot.size === nt.size && [...ot].every((t) => nt.has(t))) return;
    const oAll = new Set(ot ?? ALL_TYPES);
    const nAll = new Set(nt ?? ALL_TYPES);
    const removed = [...oAll].filter((t) => !nAll.has(t));
    const added = [...nAll].filter((t) => !oAll.has(t));
    if (removed.length === 0 && added.length === 0) return;
    const before = describeTypes(oo);
    const after = describeTypes(no);
    const kw = 'type';
    if (removed.length > 0 && added.length > 0) {
      this.emitEffect('type-changed', o, n, 'both', {
        kw,
        message: `type changed: ${show(before)} → ${show(after)}`,
        before,
        after,
      });
    } else if (removed.length > 0) {
      const onlyNull = removed.length === 1 && removed[0] === 'null';
      this.emitEffect(onlyNull ? 'nullable-removed' : 'type-narrowed', o, n, 'narrow', {
        kw,
        message: onlyNull ? 'null is no longer allowed' : `type narrowed: ${show(before)} → ${show(after)}`,
        before,
        after,
      });
    } else {
      const onlyNull = added.length === 1 && added[0] === 'null';
      this.emitEffect(onlyNull ? 'nullable-added' : 'type-widened', o, n, 'widen', {
        kw,
        message: onlyNull ? 'null is now allowed' : `type widened: ${show(before)} → ${show(after)}`,
        before,
        after,
      });
    }
  }

  private compareValues(o: Node, n: Node, oo: Obj, no: Obj): void {
    const ov = valuesOf(oo);
    const nv = valuesOf(no);
    if (ov === undefined && nv === undefined) return;
    const oKw = 'const' in oo ? 'const' : 'enum';
    const nKw = 'const' in no ? 'const' : 'enum';
    const oldSuffix = `/${oKw}`;
    const newSuffix = `/${nKw}`;
    if (ov === undefined) {
      const rule = nKw === 'const' ? 'const-added' : 'enum-added';
      this.emit(rule, o, n, {
        oldSuffix,
        newSuffix,
        breaks: this.verdict('narrow'),
        message: `${nKw} added: ${show(nKw === 'const' ? no.const : no.enum)}`,
        after: nKw === 'const' ? no.const : no.enum,
        reason: this.effectReason('narrow', `values outside ${show(nv)} are rejected`),
      });
      return;
    }
    if (nv === undefined) {
      const rule = oKw === 'const' ? 'const-removed' : 'enum-removed';
      this.emit(rule, o, n, {
        oldSuffix,
        newSuffix,
        breaks: this.verdict('widen'),
        message: `${oKw} removed (was ${show(oKw === 'const' ? oo.const : oo.enum)})`,
        before: oKw === 'const' ? oo.const : oo.enum,
        reason: this.effectReason('widen', `values other than ${show(ov)} may be sent`),
      });
      return;
    }
    if (oKw === 'const' && nKw === 'const' && !Array.isArray(oo.enum) && !Array.isArray(no.enum)) {
      if (canonical(oo.const) !== canonical(no.const)) {
        this.emit('const-changed', o, n, {
          oldSuffix,
          newSuffix,
          breaks: true,
          message: `const changed: ${show(oo.const)} → ${show(no.const)}`,
          before: oo.const,
          after: no.const,
          reason: `readers on ${this.readerName} only accept ${show(this.bw ? no.const : oo.const)}`,
        });
      }
      return;
    }
    const oSet = new Set(ov.map(canonical));
    const nSet = new Set(nv.map(canonical));
    for (const v of ov) {
      if (nSet.has(canonical(v))) continue;
      this.emit('enum-value-removed', o, n, {
        oldSuffix,
        newSuffix,
        primary: 'new',
        detail: canonical(v),
        breaks: this.verdict('narrow'),
        message: `enum value ${show(v)} removed`,
        before: v,
        reason: this.effectReason('narrow', `${show(v)} is no longer accepted`),
      });
    }
    for (const v of nv) {
      if (oSet.has(canonical(v))) continue;
      this.emit('enum-value-added', o, n, {
        oldSuffix,
        newSuffix,
        detail: canonical(v),
        breaks: this.verdict('widen'),
        message: `enum value ${show(v)} added`,
        after: v,
        reason: this.effectReason('widen', `${show(v)} is unknown to OLD readers`),
      });
    }
  }

  private compareText(
    o: Node,
    n: Node,
    oo: Obj,
    no: Obj,
    kw: 'pattern' | 'format',
    id: 'pattern' | 'format',
  ): void {
    const ov = oo[kw];
    const nv = no[kw];
    if (ov === nv || (typeof ov !== 'string' && typeof nv !== 'string')) return;
    if (ov === undefined) {
      this.emitEffect(`${id}-added`, o, n, 'narrow', { kw, message: `${kw} added: ${show(nv)}`, after: nv });
    } else if (nv === undefined) {
      this.emitEffect(`${id}-removed`, o, n, 'widen', {
        kw,
        message: `${kw} removed (was ${show(ov)})`,
        before: ov,
      });
    } else {
      this.emitEffect(`${id}-changed`, o, n, 'both', {
        kw,
        undecidable: kw === 'pattern',
        message:
          kw === 'pattern'
            ? `pattern changed: ${show(ov)} → ${show(nv)} (whether one regex accepts a subset of the other cannot be decided; treated as breaking)`
            : `format changed: ${show(ov)} → ${show(nv)}`,
        before: ov,
        after: nv,
      });
    }
  }

  private compareMultipleOf(o: Node, n: Node, oo: Obj, no: Obj): void {
    const ov = oo.multipleOf;
    const nv = no.multipleOf;
    if (ov === nv || (typeof ov !== 'number' && typeof nv !== 'number')) return;
    const kw = 'multipleOf';
    if (typeof ov !== 'number') {
      this.emitEffect('multiple-of-added', o, n, 'narrow', {
        kw,
        message: `multipleOf ${nv} added`,
        after: nv,
      });
    } else if (typeof nv !== 'number') {
      this.emitEffect('multiple-of-removed', o, n, 'widen', {
        kw,
        message: `multipleOf ${ov} removed`,
        before: ov,
      });
    } else {
      const effect: Effect = isInt(nv / ov) ? 'narrow' : isInt(ov / nv) ? 'widen' : 'both';
      this.emitEffect('multiple-of-changed', o, n, effect, {
        kw,
        message: `multipleOf changed: ${ov} → ${nv}`,
        before: ov,
        after: nv,
      });
    }
  }

  private compareGeneric(o: Node, n: Node, oo: Obj, no: Obj, kw: string): void {
    const ov = oo[kw];
    const nv = no[kw];
    if (ov === undefined && nv === undefined) return;
    if (ov !== undefined && nv !== undefined && this.refFree(ov) && this.refFree(nv) && jsonEqual(ov, nv))
      return;
    if (ov !== undefined && nv !== undefined && !this.refFree(ov) && jsonEqual(ov, nv)) {
      // Same text with $refs: equal when both documents resolve them to equal targets; we cannot cheaply prove it.
      if (jsonEqual(o.doc.root, n.doc.root)) return;
    }
    const rule: RuleId =
      ov === undefined ? 'keyword-added' : nv === undefined ? 'keyword-removed' : 'keyword-changed';
    const effect: Effect = ov === undefined ? 'narrow' : nv === undefined ? 'widen' : 'both';
    this.emitEffect(rule, o, n, effect, {
      kw,
      detail: kw,
      undecidable: rule === 'keyword-changed',
      message:
        rule === 'keyword-changed'
          ? `"${kw}" changed; the engine does not model it beyond equality, so the change is treated as breaking`
          : `"${kw}" ${rule === 'keyword-added' ? 'added' : 'removed'}`,
      before: ov,
      after: nv,
    });
  }

  private compareDefault(o: Node, n: Node, oo: Obj, no: Obj): void {
    const has = (s: Obj): boolean => Object.hasOwn(s, 'default');
    if (!has(oo) && !has(no)) return;
    if (has(oo) && has(no) && canonical(oo.default) === canonical(no.default)) return;
    const rule: RuleId = !has(oo) ? 'default-added' : !has(no) ? 'default-removed' : 'default-changed';
    this.emit(rule, o, n, {
      breaks: false,
      oldSuffix: has(oo) ? '/default' : '',
      newSuffix: has(no) ? '/default' : '',
      primary: has(no) ? 'new' : 'old',
      message:
        rule === 'default-changed'
          ? `default changed: ${show(oo.default)} → ${show(no.default)} (readers that fill defaults now see a different value)`
          : rule === 'default-added'
            ? `default ${show(no.default)} added`
            : `default ${show(oo.default)} removed`,
      before: oo.default,
      after: no.default,
    });
  }

  // ---- arrays ---------------------------------------------------------------------------------------------

  private tuple(node: Node): { prefix: Node[]; rest: Node | undefined } {
    const s = asObj(node.schema);
    if (vocabularyOf(node.doc.dialect).tupleItems) {
      if (Array.isArray(s.items)) {
        return {
          prefix: s.items.map((_, i) => child(node, 'items', i)!),
          rest: child(node, 'additionalItems'),
        };
      }
      return { prefix: [], rest: child(node, 'items') };
    }
    const prefix = Array.isArray(s.prefixItems)
      ? s.prefixItems.map((_, i) => child(node, 'prefixItems', i)!)
      : [];
    return { prefix, rest: child(node, 'items') };
  }

  private compareArray(o: Node, n: Node): void {
    const ot = this.tuple(o);
    const nt = this.tuple(n);
    const len = Math.max(ot.prefix.length, nt.prefix.length);
    for (let i = 0; i < len; i++) {
      const oi = ot.prefix[i] ?? ot.rest ?? this.synthetic(o, '/items', true);
      const ni = nt.prefix[i] ?? nt.rest ?? this.synthetic(n, '/items', true);
      if (i >= ot.prefix.length) {
        this.emit('prefix-item-added', o, ni, {
          breaks: false,
          message: `tuple position ${i} added`,
          after: ni.schema,
          detail: String(i),
        });
      } else if (i >= nt.prefix.length) {
        this.emit('prefix-item-removed', oi, n, {
          breaks: false,
          primary: 'old',
          message: `tuple position ${i} removed`,
          before: oi.schema,
          detail: String(i),
        });
      }
      this.compare(oi, ni);
    }
    if (ot.rest !== undefined || nt.rest !== undefined) {
      this.compare(
        ot.rest ?? this.synthetic(o, '/items', true),
        nt.rest ?? this.synthetic(n, '/items', true),
      );
    }
  }

  // ---- objects --------------------------------------------------------------------------------------------

  private props(node: Node): Map<string, Node> {
    if (typeof node.schema === 'object' && node.key === node.ptr) {
      const hit = this.shared.props.get(node.schema);
      if (hit !== undefined) return hit;
    }
    const out = new Map<string, Node>();
    const p = asObj(node.schema).properties;
    if (isObj(p)) for (const name of Object.keys(p)) out.set(name, child(node, 'properties', name)!);
    if (typeof node.schema === 'object' && node.key === node.ptr) this.shared.props.set(node.schema, out);
    return out;
  }

  private required(s: Obj): ReadonlySet<string> {
    const list = s.required;
    if (!Array.isArray(list)) return NO_NAMES;
    let set = this.shared.required.get(list);
    if (set === undefined) {
      set = new Set(list as string[]);
      this.shared.required.set(list, set);
    }
    return set;
  }

  private patterns(node: Node): ReadonlyMap<string, Node> {
    const p = asObj(node.schema).patternProperties;
    // Most objects have none: one empty map for them (asked per object pair and per one-sided member).
    if (!isObj(p)) return NO_PATTERNS;
    const out = new Map<string, Node>();
    for (const src of Object.keys(p)) out.set(src, child(node, 'patternProperties', src)!);
    return out;
  }

  private matching(node: Node, name: string): Node[] {
    const out: Node[] = [];
    for (const [src, pn] of this.patterns(node)) {
      const re = this.regex(src);
      if (re === null || re.test(name)) out.push(pn);
    }
    return out;
  }

  /** The schema an object applies to names it does not declare. Readers are tolerant unless --strict-readers. */
  private catchAll(node: Node, asReader: boolean): CatchAll {
    const s = asObj(node.schema);
    let kw: 'additionalProperties' | 'unevaluatedProperties' = 'additionalProperties';
    let raw = s.additionalProperties;
    if (raw === undefined && s.unevaluatedProperties !== undefined) {
      kw = 'unevaluatedProperties';
      raw = s.unevaluatedProperties;
      // With combinators, unevaluatedProperties also admits names their subschemas evaluate: for a writer that is
      // not "closed" in any useful sense, so treat it as open (the safe side for writers).
      const combined = ['allOf', 'anyOf', 'oneOf', '$ref', 'if', 'dependentSchemas'].some((k) => k in s);
      if (combined && !asReader) return { state: 'open', ptr: `${node.ptr}/${kw}`, raw };
    }
    const ptr = raw === undefined ? node.ptr : `${node.ptr}/${kw}`;
    if (raw === undefined || raw === true) return { state: 'open', ptr, raw };
    if (raw === false) return { state: asReader && !this.strictReaders ? 'open' : 'closed', ptr, raw };
    const cn = child(node, kw)!;
    if (this.isTrivial(cn)) return { state: 'open', ptr, raw };
    return { state: 'schema', node: cn, ptr, raw };
  }

  private compareObject(o: Node, n: Node, oo: Obj, no: Obj): void {
    const oReq = this.required(oo);
    const nReq = this.required(no);
    const oRaw = isObj(oo.properties) ? oo.properties : undefined;
    const nRaw = isObj(no.properties) ? no.properties : undefined;
    const pairing = this.pairing(o, n, oRaw, nRaw);
    // Most properties of two versions are the same JSON without references: no findings, no nodes made, no
    // visit as a pair. Unless a tolerant reader's relaxed oneOf could give one of them another meaning.
    const readerDoc = this.bw ? n.doc : o.doc;
    const sensitive =
      !this.strictReaders &&
      pairing.all.length !== pairing.rest.length &&
      ((readerDoc.flags.get(readerDoc.root as object) ?? HAS_ONE_OF) & HAS_ONE_OF) !== 0;
    let steps = pairing.plan;
    if (sensitive) {
      const reader = this.bw ? nRaw : oRaw;
      const same = new Set(pairing.same);
      steps = pairing.all.filter(
        (name) => !same.has(name) || this.relaxSensitive(reader![name] as Obj, false, readerDoc),
      );
    }
    for (const step of steps) {
      if (typeof step !== 'string') {
        this.compare(nodeAt(o.doc, step.old), nodeAt(n.doc, step.new));
        continue;
      }
      const name = step;
      const inOld = oRaw !== undefined && Object.hasOwn(oRaw, name);
      const inNew = nRaw !== undefined && Object.hasOwn(nRaw, name);
      // A name of the plan whose subschemas are objects in one dialect is there because pairing found them
      // different (or opaque): unchangedProperty would say no.
      if (
        inOld &&
        inNew &&
        (sensitive || !pairing.differ.has(name)) &&
        this.unchangedProperty(o, n, name, oRaw[name], nRaw[name])
      )
        continue;
      const op = inOld ? child(o, 'properties', name) : undefined;
      const np = inNew ? child(n, 'properties', name) : undefined;
      if (op && np) {
        this.compare(op, np);
        continue;
      }
      if (op) {
        const rule: RuleId = oReq.has(name) ? 'required-property-removed' : 'property-removed';
        const at = {
          o: op,
          n,
          primary: 'old' as const,
          message: `property "${name}" removed`,
          before: op.schema,
        };
        if (this.bw) this.writerPropVsReaderCatchAll(op, n, name, rule, at);
        else this.writerCatchAllVsReaderProp(n, op, name, rule, at);
      } else if (np) {
        const rule: RuleId = nReq.has(name) ? 'required-property-added' : 'property-added';
        const at = {
          o,
          n: np,
          primary: 'new' as const,
          message: `${nReq.has(name) ? 'required' : 'optional'} property "${name}" added`,
          after: np.schema,
        };
        if (this.bw) this.writerCatchAllVsReaderProp(o, np, name, rule, at);
        else this.writerPropVsReaderCatchAll(np, o, name, rule, at);
      }
    }
    // required
    const wReq = this.bw ? oReq : nReq;
    const rReq = this.bw ? nReq : oReq;
    const requiredChanged = (name: string): void => {
      const added = nReq.has(name);
      const op = oRaw !== undefined && Object.hasOwn(oRaw, name) ? child(o, 'properties', name) : undefined;
      const np = nRaw !== undefined && Object.hasOwn(nRaw, name) ? child(n, 'properties', name) : undefined;
      const rule: RuleId = added
        ? op || !np
          ? 'required-added'
          : 'required-property-added'
        : np || !op
          ? 'required-removed'
          : 'required-property-removed';
      const breaks = rReq.has(name) && !wReq.has(name);
      let message: string;
      let before: unknown;
      let after: unknown;
      if (rule === 'required-property-added') {
        message = `required property "${name}" added`;
        after = np?.schema;
      } else if (rule === 'required-property-removed') {
        message = `property "${name}" removed`;
        before = op?.schema;
      } else {
        message = added ? `"${name}" became required` : `"${name}" is no longer required`;
        before = oReq.has(name);
        after = nReq.has(name);
      }
      const atList = op === undefined && np === undefined;
      this.emit(rule, op ?? o, np ?? n, {
        breaks,
        primary: np ? 'new' : 'old',
        message,
        before,
        after,
        reason: `readers on ${this.readerName} require "${name}" but data written with ${this.writerName} may omit it`,
        oldSuffix: atList ? '/required' : undefined,
        newSuffix: atList ? '/required' : undefined,
        detail: atList ? name : undefined,
      });
    };
    // The names required on one side only, OLD's first (in order), without a union of the two lists.
    for (const name of oReq) if (!nReq.has(name)) requiredChanged(name);
    for (const name of nReq) if (!oReq.has(name)) requiredChanged(name);
    this.compareCatchAll(o, n, wReq);
    this.comparePatterns(o, n);
  }

  private writerPropVsReaderCatchAll(
    wProp: Node,
    reader: Node,
    name: string,
    rule: RuleId,
    at: MemberAt,
  ): void {
    const pats = this.matching(reader, name);
    let breaks = false;
    let reason: string | undefined;
    if (pats.length > 0) {
      for (const p of pats) this.cmpWR(wProp, p);
    } else {
      const ca = this.catchAll(reader, true);
      if (ca.state === 'schema') this.cmpWR(wProp, ca.node!);
      else if (ca.state === 'closed' && this.deref(wProp).schema !== false) {
        breaks = true;
        reason = `readers on ${this.readerName} reject the unknown property "${name}" (closed content model, --strict-readers)`;
      }
    }
    this.emitAt(rule, at, breaks, reason);
  }

  /** A finding at a member's place (`at`), with named fields (a spread would take V8's slow path). */
  private emitAt(rule: RuleId, at: MemberAt, breaks: boolean, reason: string | undefined): void {
    this.emit(rule, at.o, at.n, {
      primary: at.primary,
      message: at.message,
      before: at.before,
      after: at.after,
      breaks,
      reason,
    });
  }

  private writerCatchAllVsReaderProp(
    writer: Node,
    rProp: Node,
    name: string,
    rule: RuleId,
    at: MemberAt,
  ): void {
    const pats = this.matching(writer, name);
    let breaks = false;
    let reason: string | undefined;
    if (pats.length > 0) this.cmpWR(pats[0]!, rProp);
    else {
      const ca = this.catchAll(writer, false);
      if (ca.state === 'schema') this.cmpWR(ca.node!, rProp);
      else if (ca.state === 'open' && !this.isTrivial(rProp)) {
        breaks = true;
        reason = `the ${this.writerName} schema is open (additionalProperties is not false), so data written with it may already carry "${name}" with any value`;
      }
    }
    this.emitAt(rule, at, breaks, reason);
  }

  private compareCatchAll(o: Node, n: Node, _wReq: ReadonlySet<string>): void {
    const oRaw = this.catchAll(o, false);
    const nRaw = this.catchAll(n, false);
    const oc = this.catchAll(o, !this.bw);
    const nc = this.catchAll(n, this.bw);
    if (oRaw.state === 'schema' && nRaw.state === 'schema') {
      this.compare(oRaw.node!, nRaw.node!);
      return;
    }
    if (oRaw.state === nRaw.state) return;
    const order = { closed: 0, schema: 1, open: 2 } as const;
    const narrower = order[nRaw.state] < order[oRaw.state];
    const rule: RuleId =
      nRaw.state === 'closed' && oRaw.state === 'open'
        ? 'additional-properties-closed'
        : oRaw.state === 'closed' && nRaw.state === 'open'
          ? 'additional-properties-opened'
          : narrower
            ? 'additional-properties-narrowed'
            : 'additional-properties-widened';
    const w = this.bw ? oc : nc;
    const r = this.bw ? nc : oc;
    let breaks = false;
    let reason: string | undefined;
    if (w.state !== 'closed' && r.state === 'closed') {
      breaks = true;
      reason = `readers on ${this.readerName} reject properties they do not declare (--strict-readers)`;
    } else if (w.state === 'open' && r.state === 'schema') {
      breaks = true;
      reason = `data written with ${this.writerName} may carry undeclared properties of any type; ${this.readerName} constrains them`;
    } else if (w.state === 'schema' && r.state === 'schema') {
      this.cmpWR(w.node!, r.node!);
    }
    this.emit(
      rule,
      { ptr: oRaw.ptr },
      { ptr: nRaw.ptr },
      {
        breaks,
        reason,
        message: `undeclared properties: ${oRaw.state} → ${nRaw.state}`,
        before: oRaw.raw,
        after: nRaw.raw,
      },
    );
  }

  private comparePatterns(o: Node, n: Node): void {
    const oP = this.patterns(o);
    const nP = this.patterns(n);
    if (oP.size === 0 && nP.size === 0) return;
    const oProps = this.props(o);
    const nProps = this.props(n);
    const writer = this.bw ? o : n;
    const reader = this.bw ? n : o;
    const wP = this.bw ? oP : nP;
    const wProps = this.bw ? oProps : nProps;
    for (const src of new Set([...oP.keys(), ...nP.keys()])) {
      const op = oP.get(src);
      const np = nP.get(src);
      if (op && np) {
        this.compare(op, np);
        continue;
      }
      const inOld = op !== undefined;
      const pn = (op ?? np)!;
      const writerOwns = inOld === this.bw;
      let breaks = false;
      let undecidable = false;
      let reason: string | undefined;
      if (writerOwns) {
        // The writer may send names matching `src`; the reader judges them with its catch-all.
        const ca = this.catchAll(reader, true);
        if (ca.state === 'closed') {
          breaks = true;
          reason = `readers on ${this.readerName} reject properties matching /${src}/ (--strict-readers)`;
        } else if (ca.state === 'schema') this.cmpWR(pn, ca.node!);
      } else {
        // The reader now constrains names matching `src`: check every way the writer can send such a name.
        for (const [name, wp] of wProps) {
          const re = this.regex(src);
          if (re === null || re.test(name)) this.cmpWR(wp, pn);
        }
        if (!this.isTrivial(pn)) {
          if (wP.size > 0) {
            breaks = true;
            undecidable = true;
            reason = `whether ${this.writerName} patternProperties overlap /${src}/ cannot be decided`;
          }
          const ca = this.catchAll(writer, false);
          if (ca.state === 'open') {
            breaks = true;
            reason = `data written with ${this.writerName} may carry properties matching /${src}/ with any value`;
          } else if (ca.state === 'schema') this.cmpWR(ca.node!, pn);
        }
      }
      const escaped = escapePointer(src);
      this.emit(
        inOld ? 'pattern-property-removed' : 'pattern-property-added',
        inOld ? pn : o,
        inOld ? n : pn,
        {
          breaks,
          undecidable,
          reason,
          primary: inOld ? 'old' : 'new',
          detail: escaped,
          message: `patternProperties /${src}/ ${inOld ? 'removed' : 'added'}`,
          [inOld ? 'before' : 'after']: pn.schema,
        },
      );
    }
  }
}
