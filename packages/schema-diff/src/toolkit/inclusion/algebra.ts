// Boolean algebra over canonical forms: intersection, union and complement, and membership of a concrete value.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { commonMultiplesAreMultiplesOf, isMultipleOf } from '../decimal.js';
import { codePoints } from '../interpret.js';
import {
  type Approx,
  type ArrAtom,
  type Atom,
  atomKind,
  type Bound,
  type Canon,
  canonicalJson,
  EMPTY,
  flip,
  KINDS,
  kindOf,
  Lazy,
  type Mode,
  type NumAtom,
  type ObjAtom,
  type ObjPart,
  type StrAtom,
  type SubschemaForms,
  TOP,
  topAtom,
} from './atoms.js';

/** Atom count past which a form is approximated instead of expanded (keeps oneOf/not/if from exploding). */
export const MAX_ATOMS = 96;

export class Forms {
  private next = 1;
  readonly top: Lazy;
  readonly bottom: Lazy;
  private readonly ands = new Map<string, Lazy>();
  private readonly nots = new Map<number, Lazy>();
  private readonly flips = new Map<number, Lazy>();
  /**
   * Membership of object and array values by lazy id, and their canonical JSON. A witness nests the examples it
   * is built from, so without these each level would check (and serialise) everything below it again. Values
   * handed to a Forms are never mutated afterwards (examples and witnesses are built fresh, then only read).
   */
  private readonly memberships = new Map<object, Map<number, boolean>>();
  private readonly keys = new Map<object, string>();
  /** `required` lists without repeats, by the list they come from (a document and its relaxed reader share them). */
  private readonly requiredLists = new Map<readonly unknown[], string[]>();

  constructor() {
    this.top = new Lazy(0, 'exact', () => TOP, '', -1);
    this.bottom = new Lazy(-1, 'exact', () => EMPTY, '', -1);
  }

  lazy(mode: Mode, compute: () => Canon, pointer: string, side: number, flipped: () => Lazy): Lazy {
    return new Lazy(this.next++, mode, compute, pointer, side, undefined, flipped);
  }

  /** The lazy form of a document's subschema, computed (and flipped) by `origin`; `id` one reserved for it. */
  subschema(
    mode: Mode,
    pointer: string,
    side: number,
    origin: SubschemaForms,
    subschema: unknown,
    id = this.next++,
  ): Lazy {
    return new Lazy(id, mode, undefined, pointer, side, subschema, undefined, origin);
  }

  /** The id the next lazy would get, taken now for one made later (ids order conjunctions). */
  reserveId(): number {
    return this.next++;
  }

  /** A `required` list without repeats, first occurrences in order (atoms are never mutated: shared). */
  requiredNames(list: readonly unknown[]): string[] {
    let names = this.requiredLists.get(list);
    if (names === undefined) {
      if (list.length <= 64) {
        // Compared pairwise (most lists are short): no set made per list.
        names = [];
        for (const x of list as string[]) if (!names.includes(x)) names.push(x);
      } else names = [...new Set(list as string[])];
      this.requiredLists.set(list, names);
    }
    return names;
  }

  /** The same subschema in the other approximation. */
  flip(l: Lazy): Lazy {
    if (l.mode === 'exact') return l;
    let f = this.flips.get(l.id);
    if (f === undefined) {
      f = l.flipped !== undefined ? l.flipped() : l.origin!.flipOf(l);
      this.flips.set(l.id, f);
      this.flips.set(f.id, l);
    }
    return f;
  }

  /** Conjunction of lazies (deduplicated; TOP dropped). */
  and(list: readonly Lazy[]): Lazy {
    // One lazy (the usual case: a member's single schema) is its own conjunction, TOP and BOTTOM included.
    if (list.length === 1) return list[0]!;
    const uniq = [...new Set(list.filter((l) => l !== this.top))];
    if (uniq.includes(this.bottom)) return this.bottom;
    if (uniq.length === 0) return this.top;
    if (uniq.length === 1) return uniq[0]!;
    uniq.sort((a, b) => a.id - b.id);
    const key = uniq.map((l) => l.id).join('&');
    let l = this.ands.get(key);
    if (l === undefined) {
      const mode = (uniq.find((x) => x.mode !== 'exact')?.mode ?? 'upper') as Mode;
      l = this.lazy(
        mode,
        () => uniq.reduce<Canon>((acc, x) => this.intersect(acc, x.get()), TOP),
        uniq[0]!.pointer,
        uniq[0]!.side,
        () => this.and(uniq.map((x) => this.flip(x))),
      );
      this.ands.set(key, l);
    }
    return l;
  }

  /**
   * Complement: computed from the other approximation, so an upper form negates into a lower one and back. It
   * approximates as `mode` asks (default: as `l` does; an exact form's complement is upper).
   */
  not(l: Lazy, mode?: Mode): Lazy {
    if (l === this.top) return this.bottom;
    if (l === this.bottom) return this.top;
    const m: Mode = mode ?? (l.mode === 'exact' ? 'upper' : l.mode);
    if (l.mode !== 'exact' && l.mode !== m) return this.not(this.flip(l));
    // Ids are positive: an exact form's lower complement is kept apart under the negated id.
    const key = l.mode === 'exact' && m === 'lower' ? -l.id : l.id;
    let n = this.nots.get(key);
    if (n === undefined) {
      const inner = this.flip(l);
      n = this.lazy(
        m,
        () => this.complement(inner.get(), m, l.pointer),
        l.pointer,
        l.side,
        () => this.not(inner, flip(m)),
      );
      this.nots.set(key, n);
    }
    return n;
  }

  // ---- union / intersection ---------------------------------------------------------------------------

  union(forms: readonly Canon[]): Canon {
    if (forms.length === 1) return forms[0]!;
    const atoms: Atom[] = [];
    const approx: Approx[] = [];
    for (const f of forms) {
      atoms.push(...f.atoms);
      approx.push(...f.approx);
    }
    return { atoms: dedupe(atoms), approx: uniqApprox(approx) };
  }

  intersect(a: Canon, b: Canon): Canon {
    if (a === TOP) return b;
    if (b === TOP) return a;
    const approx = uniqApprox([...a.approx, ...b.approx]);
    if (a.atoms.length === 0 || b.atoms.length === 0) return { atoms: [], approx };
    const atoms: Atom[] = [];
    for (const x of a.atoms) {
      for (const y of b.atoms) {
        const z = this.intersectAtoms(x, y);
        if (z !== undefined && !atomEmpty(z, this)) atoms.push(z);
      }
    }
    return { atoms: dedupe(atoms), approx };
  }

  /** Intersection of two atoms; undefined when provably empty. */
  intersectAtoms(x: Atom, y: Atom): Atom | undefined {
    if (x.k === 'const' || y.k === 'const') {
      if (x.k === 'const' && y.k === 'const') return x.key === y.key ? x : undefined;
      const c = (x.k === 'const' ? x : y) as Extract<Atom, { k: 'const' }>;
      const o = x.k === 'const' ? y : x;
      return this.memberAtom(o, c.v) ? c : undefined;
    }
    if (x.k !== y.k) return undefined;
    switch (x.k) {
      case 'null':
        return x;
      case 'boolean': {
        const ne = union2(x.ne, (y as typeof x).ne);
        return ne.length >= 2 ? undefined : { k: 'boolean', ne };
      }
      case 'number': {
        const o = y as NumAtom;
        const r: NumAtom = {
          k: 'number',
          int: x.int || o.int,
          mult: union2(x.mult, o.mult),
          notMult: union2(x.notMult, o.notMult),
          formats: union2(x.formats, o.formats),
          declared: union2(x.declared, o.declared),
          ne: union2(x.ne, o.ne),
        };
        const lo = maxLo(x.lo, o.lo);
        const hi = minHi(x.hi, o.hi);
        if (lo) r.lo = lo;
        if (hi) r.hi = hi;
        return r;
      }
      case 'string': {
        const o = y as StrAtom;
        const r: StrAtom = {
          k: 'string',
          minLen: Math.max(x.minLen, o.minLen),
          patterns: union2(x.patterns, o.patterns),
          notPatterns: union2(x.notPatterns, o.notPatterns),
          formats: union2(x.formats, o.formats),
          notFormats: union2(x.notFormats, o.notFormats),
          declared: union2(x.declared, o.declared),
          ne: union2(x.ne, o.ne),
        };
        const max = minOpt(x.maxLen, o.maxLen);
        if (max !== undefined) r.maxLen = max;
        return r;
      }
      case 'array': {
        const o = y as ArrAtom;
        const n = Math.max(x.prefix.length, o.prefix.length);
        const prefix: import('./atoms.js').Lazy[][] = [];
        for (let i = 0; i < n; i++) prefix.push([...arrAt(x, i), ...arrAt(o, i)]);
        const r: ArrAtom = {
          k: 'array',
          min: Math.max(x.min, o.min),
          prefix,
          rest: [...x.rest, ...o.rest],
          unique: x.unique || o.unique,
          contains: [...x.contains, ...o.contains],
          ne: union2(x.ne, o.ne),
        };
        const max = minOpt(x.max, o.max);
        if (max !== undefined) r.max = max;
        return r;
      }
      case 'object': {
        const o = y as ObjAtom;
        const r: ObjAtom = {
          k: 'object',
          parts: [...x.parts, ...o.parts],
          required: union2(x.required, o.required),
          min: Math.max(x.min, o.min),
          names: [...x.names, ...o.names],
          ne: union2(x.ne, o.ne),
        };
        const max = minOpt(x.max, o.max);
        if (max !== undefined) r.max = max;
        return r;
      }
    }
  }

  // ---- complement -------------------------------------------------------------------------------------

  /** The complement of `c` (within all JSON values). `mode` is the approximation the result must be. */
  complement(c: Canon, mode: Mode, pointer: string): Canon {
    let acc: Canon = TOP;
    const approx: Approx[] = [...c.approx];
    for (const a of c.atoms) {
      const neg = this.complementAtom(a, mode, pointer, approx);
      acc = this.intersect(acc, { atoms: neg, approx: [] });
      if (acc.atoms.length > MAX_ATOMS) {
        approx.push({ keyword: 'not', pointer });
        return mode === 'upper' ? { atoms: TOP.atoms, approx } : { atoms: [], approx };
      }
    }
    return { atoms: acc.atoms, approx: uniqApprox(approx) };
  }

  private complementAtom(a: Atom, mode: Mode, pointer: string, approx: Approx[]): Atom[] {
    const kind = atomKind(a);
    const out: Atom[] = KINDS.filter((k) => k !== kind).map(topAtom);
    const unrepresentable = (keyword: string): void => {
      approx.push({ keyword, pointer });
      if (mode === 'upper') out.push(topAtom(kind));
    };
    const consts = (ne: string[]): void => {
      for (const key of ne) out.push({ k: 'const', v: JSON.parse(key), key });
    };
    switch (a.k) {
      case 'const': {
        const t = topAtom(kind) as Atom & { ne?: string[] };
        if (kind === 'null') break;
        (t as { ne: string[] }).ne = [a.key];
        out.push(t);
        break;
      }
      case 'null':
        break;
      case 'boolean':
        consts(a.ne);
        break;
      case 'number': {
        const num = (patch: Partial<NumAtom>): void => {
          out.push({ ...(topAtom('number') as NumAtom), ...patch });
        };
        if (a.lo) num({ hi: { v: a.lo.v, excl: !a.lo.excl } });
        if (a.hi) num({ lo: { v: a.hi.v, excl: !a.hi.excl } });
        if (a.int) num({ notMult: [1] });
        for (const m of a.mult) num({ notMult: [m] });
        for (const m of a.notMult) num({ mult: [m] });
        if (a.formats.length > 0) unrepresentable('format');
        consts(a.ne);
        break;
      }
      case 'string': {
        const str = (patch: Partial<StrAtom>): void => {
          out.push({ ...(topAtom('string') as StrAtom), ...patch });
        };
        if (a.minLen > 0) str({ maxLen: a.minLen - 1 });
        if (a.maxLen !== undefined) str({ minLen: a.maxLen + 1 });
        for (const p of a.patterns) str({ notPatterns: [p] });
        for (const p of a.notPatterns) str({ patterns: [p] });
        for (const f of a.formats) str({ notFormats: [f] });
        for (const f of a.notFormats) str({ formats: [f] });
        consts(a.ne);
        break;
      }
      case 'array': {
        const arr = (patch: Partial<ArrAtom>): void => {
          out.push({ ...(topAtom('array') as ArrAtom), ...patch });
        };
        if (a.min > 0) arr({ max: a.min - 1 });
        if (a.max !== undefined) arr({ min: a.max + 1 });
        if (a.unique) unrepresentable('uniqueItems');
        a.prefix.forEach((list, i) => {
          const l = this.and(list);
          if (l === this.top) return;
          const prefix: Lazy[][] = Array.from({ length: i + 1 }, () => []);
          prefix[i] = [this.not(l, mode)];
          arr({ min: i + 1, prefix });
        });
        const rest = this.and(a.rest);
        if (rest !== this.top) {
          if (rest === this.bottom) arr({ min: a.prefix.length + 1 });
          else if (a.prefix.length === 0) arr({ contains: [{ c: this.not(rest, mode), min: 1 }] });
          else unrepresentable('items');
        }
        for (const c of a.contains) {
          if (c.min <= 1 && c.max === undefined) {
            if (c.min === 1) arr({ rest: [this.not(c.c, mode)] });
          } else unrepresentable('contains');
        }
        consts(a.ne);
        break;
      }
      case 'object': {
        const obj = (patch: Partial<ObjAtom>): void => {
          out.push({ ...(topAtom('object') as ObjAtom), ...patch });
        };
        for (const k of a.required) obj({ parts: [{ props: new Map([[k, this.bottom]]), patterns: [] }] });
        if (a.min > 0) obj({ max: a.min - 1 });
        if (a.max !== undefined) obj({ min: a.max + 1 });
        for (const part of a.parts) {
          for (const [k, l] of part.props) {
            if (l === this.top) continue;
            obj({ required: [k], parts: [{ props: new Map([[k, this.not(l, mode)]]), patterns: [] }] });
          }
          if (part.patterns.some((p) => p.c !== this.top)) unrepresentable('patternProperties');
          if (part.additional !== undefined && part.additional !== this.top)
            unrepresentable('additionalProperties');
        }
        if (a.names.some((l) => l !== this.top)) unrepresentable('propertyNames');
        consts(a.ne);
        break;
      }
    }
    return out;
  }

  // ---- membership -------------------------------------------------------------------------------------

  member(c: Canon, v: unknown): boolean {
    return c.atoms.some((a) => this.memberAtom(a, v));
  }

  memberLazy(l: Lazy, v: unknown): boolean {
    if (l === this.top) return true;
    if (l === this.bottom) return false;
    if (typeof v !== 'object' || v === null) return this.member(l.get(), v);
    let known = this.memberships.get(v);
    if (known === undefined) {
      known = new Map();
      this.memberships.set(v, known);
    }
    let is = known.get(l.id);
    if (is === undefined) {
      is = this.member(l.get(), v);
      known.set(l.id, is);
    }
    return is;
  }

  /** Records that `v` is a member of `l` (shown by the caller), for memberLazy. */
  knownMember(l: Lazy, v: unknown): void {
    if (typeof v !== 'object' || v === null || l === this.top || l === this.bottom) return;
    let known = this.memberships.get(v);
    if (known === undefined) {
      known = new Map();
      this.memberships.set(v, known);
    }
    known.set(l.id, true);
  }

  /** canonicalJson, memoised for objects and arrays (and built from the memoised keys of their members). */
  keyOf(v: unknown): string {
    if (typeof v !== 'object' || v === null) return canonicalJson(v);
    let key = this.keys.get(v);
    if (key === undefined) {
      if (Array.isArray(v)) key = `[${v.map((x) => this.keyOf(x)).join(',')}]`;
      else {
        const o = v as Record<string, unknown>;
        key = `{${Object.keys(o)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${this.keyOf(o[k])}`)
          .join(',')}}`;
      }
      this.keys.set(v, key);
    }
    return key;
  }

  memberAtom(a: Atom, v: unknown): boolean {
    if (a.k === 'const') {
      // Strings, booleans and finite numbers have equal JSON exactly when they are equal: no JSON made per test.
      const t = typeof v;
      if (
        t === typeof a.v &&
        (t === 'string' ||
          t === 'boolean' ||
          (t === 'number' && Number.isFinite(v as number) && Number.isFinite(a.v as number)))
      )
        return v === a.v;
      return this.keyOf(v) === a.key;
    }
    if (kindOf(v) !== a.k) return false;
    if ('ne' in a && a.ne.length > 0 && a.ne.includes(this.keyOf(v))) return false;
    switch (a.k) {
      case 'null':
      case 'boolean':
        return true;
      case 'number': {
        const x = v as number;
        if (a.int && !Number.isInteger(x)) return false;
        if (a.lo && (a.lo.excl ? x <= a.lo.v : x < a.lo.v)) return false;
        if (a.hi && (a.hi.excl ? x >= a.hi.v : x > a.hi.v)) return false;
        for (const m of a.mult) if (!isMultipleOf(x, m)) return false;
        for (const m of a.notMult) if (isMultipleOf(x, m)) return false;
        for (const f of a.formats) if (!formatHolds(f, x)) return false;
        return true;
      }
      case 'string': {
        const s = v as string;
        const len = codePoints(s);
        if (len < a.minLen || (a.maxLen !== undefined && len > a.maxLen)) return false;
        // Loops, not callbacks: every example and witness member passes here.
        for (const p of a.patterns) if (!regex(p).test(s)) return false;
        for (const p of a.notPatterns) if (regex(p).test(s)) return false;
        for (const f of a.formats) if (!formatHolds(f, s)) return false;
        for (const f of a.notFormats) if (formatHolds(f, s)) return false;
        return true;
      }
      case 'array': {
        const xs = v as unknown[];
        if (xs.length < a.min || (a.max !== undefined && xs.length > a.max)) return false;
        for (let i = 0; i < xs.length; i++) {
          for (const l of arrAt(a, i)) if (!this.memberLazy(l, xs[i])) return false;
        }
        if (a.unique) {
          const seen = new Set(xs.map((x) => this.keyOf(x)));
          if (seen.size !== xs.length) return false;
        }
        for (const c of a.contains) {
          const n = xs.filter((x) => this.memberLazy(c.c, x)).length;
          if (n < c.min || (c.max !== undefined && n > c.max)) return false;
        }
        return true;
      }
      case 'object': {
        const o = v as Record<string, unknown>;
        // Members are counted only for a bound and visited without a list of names (witnesses have thousands).
        if (a.min > 0 || a.max !== undefined) {
          let count = 0;
          for (const k in o) if (Object.hasOwn(o, k)) count++;
          if (count < a.min || (a.max !== undefined && count > a.max)) return false;
        }
        for (const r of a.required) if (!Object.hasOwn(o, r)) return false;
        for (const k in o) {
          if (!Object.hasOwn(o, k)) continue;
          for (const l of a.names) if (!this.memberLazy(l, k)) return false;
          const only = soleValue(a.parts, k);
          if (only !== undefined) {
            if (!this.memberLazy(only, o[k])) return false;
          } else for (const l of valueFor(a.parts, k)) if (!this.memberLazy(l, o[k])) return false;
        }
        return true;
      }
    }
  }
}

// ---- helpers -----------------------------------------------------------------------------------------

export function arrAt(a: ArrAtom, i: number): Lazy[] {
  return i < a.prefix.length ? a.prefix[i]! : a.rest;
}

/** The schemas a member named `name` must satisfy, part by part. */
/**
 * The one schema a member meets when an object atom has a single part without patterns (the usual case), without
 * building valueFor's list; undefined otherwise, or when it meets none.
 */
export function soleValue(parts: readonly ObjPart[], name: string): Lazy | undefined {
  if (parts.length !== 1) return undefined;
  const part = parts[0]!;
  if (part.patterns.length > 0) return undefined;
  return part.props.get(name) ?? part.additional;
}

export function valueFor(parts: readonly ObjPart[], name: string): Lazy[] {
  const out: Lazy[] = [];
  for (const part of parts) {
    // A declared property also meets every pattern it matches; only additionalProperties skips it.
    const p = part.props.get(name);
    let matched = p !== undefined;
    if (p !== undefined) out.push(p);
    for (const pat of part.patterns) {
      if (pat.re.test(name)) {
        matched = true;
        out.push(pat.c);
      }
    }
    if (!matched && part.additional !== undefined) out.push(part.additional);
  }
  return out;
}

const regexCache = new Map<string, RegExp>();
export function regex(source: string): RegExp {
  let re = regexCache.get(source);
  if (re === undefined) {
    re = new RegExp(source, 'u');
    regexCache.set(source, re);
  }
  return re;
}

type FormatDef =
  | RegExp
  | ((s: string) => boolean)
  | { type?: string; validate: RegExp | ((x: never) => boolean) };
const FORMATS = fullFormats as unknown as Record<string, FormatDef | boolean | undefined>;

/** The JSON type a format constrains (ajv-formats), or undefined when ajv does not know the format. */
export function formatType(name: string): 'string' | 'number' | undefined {
  const def = FORMATS[name];
  if (def === undefined || typeof def === 'boolean') return undefined;
  if (def instanceof RegExp || typeof def === 'function') return 'string';
  return def.type === 'number' ? 'number' : 'string';
}

function formatHolds(name: string, value: string | number): boolean {
  const def = FORMATS[name];
  if (def === undefined || typeof def === 'boolean') return true;
  const check = def instanceof RegExp || typeof def === 'function' ? def : def.validate;
  if (check instanceof RegExp) return typeof value === 'string' ? check.test(value) : true;
  return (check as (x: unknown) => boolean)(value);
}

function union2<T>(a: readonly T[], b: readonly T[]): T[] {
  if (b.length === 0) return a as T[];
  if (a.length === 0) return b as T[];
  return [...new Set([...a, ...b])];
}
const minOpt = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);
function maxLo(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.v !== b.v) return a.v > b.v ? a : b;
  return a.excl ? a : b;
}
function minHi(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.v !== b.v) return a.v < b.v ? a : b;
  return a.excl ? a : b;
}

export function uniqApprox(list: readonly Approx[]): Approx[] {
  if (list.length <= 1) return list as Approx[];
  const seen = new Set<string>();
  const out: Approx[] = [];
  for (const a of list) {
    const k = `${a.keyword}@${a.pointer}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(a);
    }
  }
  return out;
}

function dedupe(atoms: Atom[]): Atom[] {
  if (atoms.length <= 1) return atoms;
  const out: Atom[] = [];
  const consts = new Set<string>();
  for (const a of atoms) {
    if (a.k === 'const') {
      if (consts.has(a.key)) continue;
      consts.add(a.key);
    } else if (out.includes(a)) continue;
    out.push(a);
  }
  return out;
}

/** Cheap sufficient emptiness test for an atom (false = may have members). */
export function atomEmpty(a: Atom, forms: Forms): boolean {
  switch (a.k) {
    case 'number': {
      if (a.lo && a.hi) {
        if (a.lo.v > a.hi.v) return true;
        if (a.lo.v === a.hi.v && (a.lo.excl || a.hi.excl)) return true;
        if (a.int && Math.floor(a.hi.v) < Math.ceil(a.lo.v)) return true;
        if (a.lo.v === a.hi.v) return !forms.memberAtom(a, a.lo.v);
      }
      // Every member is a multiple of an excluded divisor.
      const divisors = a.int ? [...a.mult, 1] : a.mult;
      if (a.notMult.some((n) => commonMultiplesAreMultiplesOf(divisors, n))) return true;
      return false;
    }
    case 'string':
      return a.maxLen !== undefined && a.minLen > a.maxLen;
    case 'array':
      if (a.max !== undefined && a.min > a.max) return true;
      for (let i = 0; i < a.min; i++) if (arrAt(a, i).includes(forms.bottom)) return true;
      return false;
    case 'object':
      if (a.max !== undefined && (a.min > a.max || a.required.length > a.max)) return true;
      for (const r of a.required) {
        // The single part's member (the usual case) without a list of one.
        const only = soleValue(a.parts, r);
        if (only !== undefined ? only === forms.bottom : valueFor(a.parts, r).includes(forms.bottom))
          return true;
      }
      return false;
    case 'boolean':
      return a.ne.length >= 2;
    default:
      return false;
  }
}
