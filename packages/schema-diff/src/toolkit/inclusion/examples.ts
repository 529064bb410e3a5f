// Builds concrete values inside a canonical form (checked by membership): the raw material of witnesses.
import { integerTimes, leastCommonMultipleOf } from '../decimal.js';
import { arrAt, type Forms, soleValue, valueFor } from './algebra.js';
import {
  type ArrAtom,
  type Atom,
  type Canon,
  jsonEqual,
  type Lazy,
  type NumAtom,
  type ObjAtom,
  type StrAtom,
} from './atoms.js';
import { regexExamples } from './regex.js';

const FORMAT_SAMPLES: Record<string, string[]> = {
  'date-time': ['2024-01-01T00:00:00Z'],
  'iso-date-time': ['2024-01-01T00:00:00Z'],
  date: ['2024-01-01'],
  time: ['00:00:00Z'],
  'iso-time': ['00:00:00Z'],
  duration: ['P1D'],
  email: ['a@example.com'],
  hostname: ['example.com'],
  ipv4: ['127.0.0.1'],
  ipv6: ['::1'],
  uri: ['https://example.com/a'],
  url: ['https://example.com/a'],
  'uri-reference': ['/a'],
  'uri-template': ['https://example.com/{a}'],
  uuid: ['00000000-0000-4000-8000-000000000000'],
  'json-pointer': ['/a'],
  'json-pointer-uri-fragment': ['#/a'],
  'relative-json-pointer': ['0'],
  regex: ['a'],
  byte: ['AAAA'],
  password: ['a'],
  binary: ['a'],
};
const PLAIN = ['', 'a', 'b', 'x', '0', 'abc', ' ', 'not-a-value'];

/** Sets a member: a JSON "__proto__" key is data; plain assignment would set the prototype instead. */
function setMember(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** The answer of a lazy being worked out (met again inside itself: no example there). */
const PENDING: unknown[] = [];

/** How deep examples nest before giving up (recursive schemas with required children have no finite member). */
const MAX_DEPTH = 8;

/** A number as a key: -0 apart from 0 (bounds and multiples are used as candidate values). */
const numberKey = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));
const boundKey = (b: { v: number; excl: boolean } | undefined): string =>
  b === undefined ? '' : `${numberKey(b.v)}${b.excl ? 'x' : ''}`;
const listKey = (xs: readonly string[]): string => JSON.stringify(xs);

/**
 * Everything the examples of a number or string atom depend on (the candidates and the membership test), so that
 * equal atoms met again (the same property type under many names) reuse them.
 */
function scalarAtomKey(a: NumAtom | StrAtom): string {
  if (a.k === 'number') {
    return `n|${a.int}|${boundKey(a.lo)}|${boundKey(a.hi)}|${a.mult.map(numberKey).join(',')}|${a.notMult.map(numberKey).join(',')}|${listKey(a.formats)}|${listKey(a.declared)}|${listKey(a.ne)}`;
  }
  return `s|${a.minLen}|${a.maxLen ?? ''}|${listKey(a.patterns)}|${listKey(a.notPatterns)}|${listKey(a.formats)}|${listKey(a.notFormats)}|${listKey(a.declared)}|${listKey(a.ne)}`;
}

/** No example (an empty list's first member). */
const NONE: unique symbol = Symbol('no example');

/**
 * A lazy whose list of examples is known up to its first member: the first object of its one atom, already
 * checked. The rest (the second variant) is made when some caller asks for the whole list.
 */
interface Head {
  readonly canon: Canon;
  readonly atom: ObjAtom;
  readonly first: Record<string, unknown>;
  readonly depth: number;
  /** The lazies waiting for the list (several share a form). */
  readonly lazies: Lazy[];
}

export class Examples {
  private readonly cache = new Map<number, unknown[]>();
  /** Lazies known up to their first example, by id, and the same records by form (see Head). */
  private readonly heads = new Map<number, Head>();
  private readonly headsByCanon = new Map<Canon, Head>();
  /** Examples by form, for lazies that share one (equal flat subschemas); only complete answers are kept. */
  private readonly byCanon = new Map<Canon, unknown[]>();
  /** How often an answer was cut short (a lazy met inside itself, or too deep): such answers are not shared. */
  private cut = 0;
  /** Examples of number and string atoms by scalarAtomKey (lists of scalars, only ever read). */
  private readonly scalars = new Map<string, unknown[]>();
  constructor(private readonly forms: Forms) {}

  /** A few distinct members of the lazy form (possibly none). */
  ofLazy(l: Lazy, depth = 0): unknown[] {
    if (l === this.forms.bottom) return [];
    const hit = this.cache.get(l.id);
    if (hit !== undefined) {
      if (hit === PENDING) this.cut++;
      return hit;
    }
    // A lazy known up to its first example counts as answered (as in the cache).
    const head = this.heads.get(l.id);
    if (head !== undefined) return this.complete(head);
    if (depth > MAX_DEPTH) {
      this.cut++;
      return [];
    }
    this.cache.set(l.id, PENDING);
    return this.listFor(l, l.get(), depth);
  }

  /** The list of lazy `l` (marked PENDING) of form `c`. */
  private listFor(l: Lazy, c: Canon, depth: number): unknown[] {
    let out = this.byCanon.get(c);
    if (out === undefined) {
      // Another lazy of the same form made its first example: the list is finished as it would have been then.
      const shared = this.headsByCanon.get(c);
      if (shared !== undefined) {
        this.cache.delete(l.id);
        out = this.complete(shared);
      }
    }
    if (out === undefined) {
      const cutBefore = this.cut;
      out = this.ofCanon(c, depth);
      if (this.cut === cutBefore) this.byCanon.set(c, out);
    }
    this.cache.set(l.id, out);
    // Each example was checked against an atom of l: a witness built from them need not check them again.
    for (const v of out) this.forms.knownMember(l, v);
    return out;
  }

  /**
   * `ofLazy(l, depth)[0]` (NONE for an empty list), without making the rest of the list where that can wait:
   * a witness takes the first example of every required member, and the second variant of an object with many
   * members costs as much as the first. The list made later is the one ofLazy would have made now: it is
   * deferred only when its form is one object atom and making the first example met no cycle or depth limit
   * (then the second variant reads only complete answers, makes no form, and depends on nothing made since).
   */
  firstOfLazy(l: Lazy, depth = 0): unknown {
    if (l === this.forms.bottom) return NONE;
    const hit = this.cache.get(l.id);
    if (hit !== undefined) {
      if (hit === PENDING) this.cut++;
      return hit.length === 0 ? NONE : hit[0];
    }
    const known = this.heads.get(l.id);
    if (known !== undefined) return known.first;
    if (depth > MAX_DEPTH) {
      this.cut++;
      return NONE;
    }
    this.cache.set(l.id, PENDING);
    const c = l.get();
    const listed = this.byCanon.get(c);
    if (listed !== undefined) {
      // What listFor does with a form whose list is made (the same property type under many names).
      this.cache.set(l.id, listed);
      for (const v of listed) this.forms.knownMember(l, v);
      return listed.length === 0 ? NONE : listed[0];
    }
    const shared = this.headsByCanon.get(c);
    if (shared !== undefined) {
      this.cache.delete(l.id);
      shared.lazies.push(l);
      this.heads.set(l.id, shared);
      this.forms.knownMember(l, shared.first);
      return shared.first;
    }
    const atom = c.atoms[0];
    if (c.atoms.length !== 1 || atom!.k !== 'object') {
      // Made as ofLazy makes it.
      const out = this.listFor(l, c, depth);
      return out.length === 0 ? NONE : out[0];
    }
    // ofLazy → ofCanon → ofAtom → keep(objects(a)), one step at a time.
    const a = atom as ObjAtom;
    const cutBefore = this.cut;
    const first = this.objectWith(a, 0, depth);
    if (first !== undefined && this.cut === cutBefore && this.forms.memberAtom(a, first)) {
      const record: Head = { canon: c, atom: a, first, depth, lazies: [l] };
      this.cache.delete(l.id);
      this.heads.set(l.id, record);
      this.headsByCanon.set(c, record);
      this.forms.knownMember(l, first);
      return first;
    }
    const second = this.objectWith(a, 1, depth);
    const made: unknown[] = [];
    if (first !== undefined) made.push(first);
    if (second !== undefined) made.push(second);
    const out = this.keep(a, made);
    if (this.cut === cutBefore) this.byCanon.set(c, out);
    this.cache.set(l.id, out);
    for (const v of out) this.forms.knownMember(l, v);
    return out.length === 0 ? NONE : out[0];
  }

  /** The whole list of a Head's lazies: the second variant made now, then kept as ofLazy keeps it. */
  private complete(head: Head): unknown[] {
    for (const l of head.lazies) this.heads.delete(l.id);
    this.headsByCanon.delete(head.canon);
    const second = this.objectWith(head.atom, 1, head.depth);
    const out = this.keep(head.atom, second === undefined ? [head.first] : [head.first, second]);
    this.byCanon.set(head.canon, out);
    for (const l of head.lazies) {
      this.cache.set(l.id, out);
      for (const v of out) this.forms.knownMember(l, v);
    }
    return out;
  }

  ofCanon(c: Canon, depth = 0): unknown[] {
    const out: unknown[] = [];
    for (const a of c.atoms) {
      for (const v of this.ofAtom(a, depth)) {
        out.push(v);
        if (out.length >= 6) return out;
      }
    }
    return out;
  }

  /** Up to four distinct members of `a` among `xs`. */
  private keep(a: Atom, xs: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const x of xs) {
      // Compared with the (at most four) kept ones, not serialised: two examples of an object atom with many
      // members differ in their first member, while serialising each costs its whole size.
      if (x === undefined || out.some((y) => jsonEqual(x, y)) || !this.forms.memberAtom(a, x)) continue;
      out.push(x);
      if (out.length >= 4) break;
    }
    return out;
  }

  ofAtom(a: Atom, depth = 0): unknown[] {
    switch (a.k) {
      case 'const':
        return [a.v];
      case 'null':
        return [null];
      case 'boolean':
        return this.keep(a, [false, true]);
      case 'number':
      case 'string': {
        const key = scalarAtomKey(a);
        let out = this.scalars.get(key);
        if (out === undefined) {
          out = a.k === 'number' ? this.keep(a, this.numbers(a)) : this.keep(a, this.strings(a));
          this.scalars.set(key, out);
        }
        return out;
      }
      case 'array':
        return this.keep(a, this.arrays(a, depth));
      case 'object':
        return this.keep(a, this.objects(a, depth));
    }
  }

  numbers(a: NumAtom): number[] {
    const out: number[] = [0, 1, -1, 2, 10, 0.5, -0.5, 1.5];
    const lo = a.lo?.v;
    const hi = a.hi?.v;
    for (const b of [lo, hi])
      if (b !== undefined) out.push(b, b + 1, b - 1, b + 0.5, b - 0.5, Math.ceil(b), Math.floor(b));
    if (lo !== undefined && hi !== undefined) out.push((lo + hi) / 2, Math.round((lo + hi) / 2));
    for (const m of a.mult) {
      const k = lo === undefined ? 0 : Math.ceil(lo / m);
      out.push(m, integerTimes(k, m), integerTimes(k + 1, m), -m, integerTimes(2, m));
      const base = integerTimes(k, m);
      if (a.int) out.push(m * Math.ceil(1 / m), base * Math.ceil(1 / m));
    }
    if (a.mult.length > 1) {
      const l = leastCommonMultipleOf(a.int ? [...a.mult, 1] : a.mult);
      if (l !== undefined) out.push(l, 2 * l);
    }
    return out;
  }

  strings(a: StrAtom): string[] {
    const out: string[] = [];
    const max = a.maxLen ?? Number.POSITIVE_INFINITY;
    for (const f of [...a.formats, ...a.declared]) out.push(...(FORMAT_SAMPLES[f] ?? []));
    for (const p of a.patterns) out.push(...regexExamples(p, a.minLen, max));
    for (const s of PLAIN) out.push(s);
    if (a.minLen > 0) out.push('a'.repeat(a.minLen), 'x'.repeat(a.minLen));
    if (a.maxLen !== undefined) out.push('a'.repeat(a.maxLen));
    return out;
  }

  arrays(a: ArrAtom, depth: number): unknown[][] {
    const need = Math.max(a.min, ...a.contains.map((c) => c.min));
    const out: unknown[][] = [];
    for (const len of [need, need + 1, Math.max(need, a.prefix.length)]) {
      if (a.max !== undefined && len > a.max) continue;
      for (const variant of [0, 1]) {
        const xs = this.arrayOfLength(a, len, variant, depth);
        if (xs !== undefined) out.push(xs);
      }
    }
    return out;
  }

  /** An array of `len` items, position `at` (if given) holding `value`; undefined when no item fits somewhere. */
  arrayOfLength(
    a: ArrAtom,
    len: number,
    variant: number,
    depth: number,
    at?: number,
    value?: unknown,
  ): unknown[] | undefined {
    const xs: unknown[] = [];
    const used = new Set<string>();
    for (let i = 0; i < len; i++) {
      if (i === at) {
        xs.push(value);
        used.add(JSON.stringify(value));
        continue;
      }
      let pos = arrAt(a, i);
      const missing = a.contains.find((c) => xs.filter((x) => this.forms.memberLazy(c.c, x)).length < c.min);
      if (missing) pos = [...pos, missing.c];
      const options = this.ofLazy(this.forms.and(pos), depth + 1);
      const fresh = options.filter((o) => !used.has(JSON.stringify(o)));
      const choice = a.unique
        ? fresh[variant % Math.max(1, fresh.length)]
        : options[variant % Math.max(1, options.length)];
      if (choice === undefined && options.length === 0) return undefined;
      const v = choice ?? options[0];
      xs.push(v);
      used.add(JSON.stringify(v));
    }
    return xs;
  }

  objects(a: ObjAtom, depth: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const variant of [0, 1]) {
      const o = this.objectWith(a, variant, depth);
      if (o !== undefined) out.push(o);
    }
    return out;
  }

  /** A member object: required names (and `overrides`) set, more optional names added up to minProperties. */
  objectWith(
    a: ObjAtom,
    variant: number,
    depth: number,
    overrides: Record<string, unknown> = {},
    omit: readonly string[] = [],
  ): Record<string, unknown> | undefined {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(overrides)) setMember(o, k, v);
    for (const k of a.required) {
      if (Object.hasOwn(o, k) || omit.includes(k)) continue;
      const l = soleValue(a.parts, k) ?? this.forms.and(valueFor(a.parts, k));
      if (variant === 0) {
        const first = this.firstOfLazy(l, depth + 1);
        if (first === NONE) return undefined;
        setMember(o, k, first);
        continue;
      }
      const options = this.ofLazy(l, depth + 1);
      if (options.length === 0) return undefined;
      setMember(o, k, options[variant % options.length]);
    }
    if (a.min > 0 && Object.keys(o).length < a.min) {
      const names = new Set<string>();
      for (const part of a.parts) for (const k of part.props.keys()) names.add(k);
      for (const k of ['a', 'b', 'c', 'x', 'y', 'z', 'extra', 'other']) names.add(k);
      for (const k of memberNames(names, a.min)) {
        if (Object.keys(o).length >= a.min) break;
        if (Object.hasOwn(o, k) || omit.includes(k)) continue;
        if (!a.names.every((l) => this.forms.memberLazy(l, k))) continue;
        const options = this.ofLazy(this.forms.and(valueFor(a.parts, k)), depth + 1);
        if (options.length > 0) setMember(o, k, options[0]);
      }
    }
    return o;
  }
}

/** Objects with more members than this are not built as witnesses (the verdict stays undecidable). */
const MAX_MEMBERS = 1_000;

/** `names`, then generated ones (`p0`, `p1`, …): enough candidates for an object of `count` members. */
export function* memberNames(names: Iterable<string>, count: number): Generator<string> {
  yield* names;
  for (let i = 0; i < Math.min(count, MAX_MEMBERS); i++) yield `p${i}`;
}
