// Canonicalises a schema document into canonical forms: local $refs resolved, types split, allOf merged,
// anyOf/oneOf/not/if/dependencies expressed with union, intersection and complement, unevaluated* resolved.
import { nodeAt, resolveRef, type SchemaDocument } from '../../document.js';
import { type Vocabulary, vocabularyOf } from '../dialect.js';
import { escapePointer, isSchemaObject, type SchemaObject, unescapePointer } from '../walk.js';
import { atomEmpty, type Forms, formatType, MAX_ATOMS, regex, uniqApprox, valueFor } from './algebra.js';
import {
  type Approx,
  type ArrAtom,
  type Atom,
  type Canon,
  canonicalJson,
  EMPTY,
  flip,
  KINDS,
  type Kind,
  type Lazy,
  type Members,
  type Mode,
  type NumAtom,
  type ObjAtom,
  type ObjPart,
  type StrAtom,
  type SubschemaForms,
  TOP,
  topAtom,
  UnguardedRecursion,
} from './atoms.js';

/** The pointer of a subschema below `ptr` (no closure per call: canonicalising is the hot path). */
function pointerTo(ptr: string, ...tokens: Array<string | number>): string {
  let p = ptr;
  for (const t of tokens) p = `${p}/${escapePointer(String(t))}`;
  return p;
}

const numberOr = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined);

/** Every keyword `canon` reads apart from the local (per-type) ones. */
const COMBINING_KEYWORDS = new Set([
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
  'const',
  'enum',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
]);

/** Every keyword `atomFor` reads. */
const PER_TYPE_KEYWORDS = new Set([
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'format',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'prefixItems',
  'items',
  'additionalItems',
  'contains',
  'minContains',
  'maxContains',
  'properties',
  'patternProperties',
  'additionalProperties',
  'required',
  'minProperties',
  'maxProperties',
  'propertyNames',
]);

/**
 * The local form of a subschema without type or per-type keywords: the top atom of every kind, shared (atoms are
 * never mutated once made). Not TOP itself: intersecting with it still filters and rebuilds as before.
 */
const UNCONSTRAINED: Canon = { atoms: KINDS.map(topAtom), approx: [] };

const withApprox = (c: Canon, approx: readonly Approx[]): Canon =>
  approx.length === 0 ? c : { atoms: c.atoms, approx: uniqApprox([...c.approx, ...approx]) };

/** Keywords whose value is a string that never rejects a value: left out of flatHash and flatEqual. */
const TEXT_ANNOTATIONS = new Set(['title', 'description', '$comment']);
/** Keywords that make a subschema's meaning depend on where it is (references, resources, anchors). */
const PLACED = new Set(['$ref', '$dynamicRef', '$recursiveRef', '$id', 'id', '$anchor', '$dynamicAnchor']);

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function scalarHash(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return stringHash(v);
    case 'number':
      return Math.imul(v | 0, 0x9e3779b1) ^ ((v * 65536) | 0);
    case 'boolean':
      return v ? 1 : 2;
    default:
      return v === null ? 3 : 4;
  }
}

/**
 * A hash of a flat subschema (every value a scalar or an array of scalars, so its subschemas are at most
 * booleans; no reference, id or anchor), text annotations aside; undefined for any other subschema. Equal flat
 * subschemas (flatEqual) hash alike.
 */
function flatHash(s: SchemaObject): number | undefined {
  let h = 0;
  for (const k in s) {
    if (PLACED.has(k)) return undefined;
    const v = s[k];
    let vh: number;
    if (typeof v === 'object' && v !== null) {
      if (!Array.isArray(v)) return undefined;
      vh = 7;
      for (const x of v) {
        if (typeof x === 'object' && x !== null) return undefined;
        vh = Math.imul(vh ^ scalarHash(x), 0x01000193);
      }
    } else if (typeof v === 'string' && TEXT_ANNOTATIONS.has(k)) continue;
    else vh = scalarHash(v);
    // A sum: members in any order hash alike (flatEqual ignores their order too).
    h = (h + (Math.imul(stringHash(k), 31) ^ vh)) | 0;
  }
  return h;
}

/** Equality of two flat subschemas as JSON, text annotations aside (`===` on scalars: NaN equals nothing). */
function flatEqual(a: SchemaObject, b: SchemaObject): boolean {
  let n = 0;
  for (const k in a) {
    const v = a[k];
    if (typeof v === 'string' && TEXT_ANNOTATIONS.has(k)) continue;
    n++;
    if (!Object.hasOwn(b, k)) return false;
    const w = b[k];
    if (Array.isArray(v)) {
      if (!Array.isArray(w) || w.length !== v.length) return false;
      for (let i = 0; i < v.length; i++) if (v[i] !== w[i]) return false;
    } else if (v !== w) return false;
  }
  let m = 0;
  for (const k in b) {
    const w = b[k];
    if (typeof w !== 'string' || !TEXT_ANNOTATIONS.has(k)) m++;
  }
  return n === m;
}

/** Canonical forms of one document's subschemas (memoised per pointer and mode). */
export class Canonicaliser implements SubschemaForms {
  /** Lazies by pointer, one map per mode. */
  private readonly lazies = { upper: new Map<string, Lazy>(), lower: new Map<string, Lazy>() };
  /** Lazies by subschema object, one map per mode (for documents where an object is at one place only). */
  private readonly byObject = { upper: new Map<object, Lazy>(), lower: new Map<object, Lazy>() };
  /** Forms of flat subschemas by flatHash, one map per mode (the same property type under many names). */
  private readonly flat = {
    upper: new Map<number, Array<{ schema: SchemaObject; canon: Canon }>>(),
    lower: new Map<number, Array<{ schema: SchemaObject; canon: Canon }>>(),
  };
  /**
   * Member tables of object forms by the `properties` object they read, one map per mode (for documents where an
   * object is at one place only).
   */
  private readonly tables = { upper: new Map<object, MemberTable>(), lower: new Map<object, MemberTable>() };
  private readonly vocab: Vocabulary;

  constructor(
    readonly doc: SchemaDocument,
    readonly forms: Forms,
    readonly side: number,
  ) {
    this.vocab = vocabularyOf(doc.dialect);
  }

  /**
   * The subschema at `pointer` as a lazy canonical form. A caller that holds the subschema passes it as `schema`
   * (it must be the one at `pointer`), which spares looking the pointer up in the document.
   */
  at(pointer: string, mode: Mode, schema?: unknown): Lazy {
    // Where every object of the document sits at one place, the object stands for its pointer: keying by it
    // spares hashing a freshly joined pointer per subschema (most of the cost of making a form's members).
    if (!this.doc.sharesObjects) {
      const s = schema ?? nodeAt(this.doc, pointer).schema;
      if (s === true) return this.forms.top;
      if (s === false) return this.forms.bottom;
      const byObject = this.byObject[mode];
      let l = byObject.get(s as SchemaObject);
      if (l === undefined) {
        // A member a table holds an id for is made with it (as it would have been when the table was made).
        l = this.tables[mode].size === 0 ? undefined : this.reservedMember(pointer, mode, s);
        if (l === undefined) {
          l = this.make(pointer, mode, s as SchemaObject);
          byObject.set(s as SchemaObject, l);
        }
      }
      return l;
    }
    const lazies = this.lazies[mode];
    let l = lazies.get(pointer);
    if (l === undefined) {
      const s = schema ?? nodeAt(this.doc, pointer).schema;
      if (s === true) l = this.forms.top;
      else if (s === false) l = this.forms.bottom;
      else l = this.make(pointer, mode, s as SchemaObject);
      lazies.set(pointer, l);
    }
    return l;
  }

  private make(pointer: string, mode: Mode, s: SchemaObject): Lazy {
    return this.forms.subschema(mode, pointer, this.side, this, s);
  }

  /** The lazy of `s` at `pointer` when it is a `properties` member whose table holds an id for it. */
  private reservedMember(pointer: string, mode: Mode, s: unknown): Lazy | undefined {
    const slash = pointer.lastIndexOf('/');
    // The token before the last is `properties` (a token holds no '/').
    if (slash < 11 || !pointer.startsWith('/properties', slash - 11)) return undefined;
    const table = this.tables[mode].get(nodeAt(this.doc, pointer.slice(0, slash)).schema as object);
    return table?.reserved(unescapePointer(pointer.slice(slash + 1)), s);
  }

  /** A member's lazy made with the id its table reserved, and known by its subschema from now on. */
  madeMember(pointer: string, mode: Mode, s: unknown, id: number): Lazy {
    const byObject = this.byObject[mode];
    let l = byObject.get(s as SchemaObject);
    if (l === undefined) {
      l = this.forms.subschema(mode, pointer, this.side, this, s, id);
      byObject.set(s as SchemaObject, l);
    }
    return l;
  }

  /**
   * The members of `properties` in `mode`: the lazies known already and top/bottom for booleans now, an id
   * reserved for each other one in order, its lazy made when read (most members of a large object are never
   * read one by one: the check compares equal ones by their text).
   */
  private memberTable(mode: Mode, props: SchemaObject, prefix: string): MemberTable {
    const tables = this.tables[mode];
    const made = tables.get(props);
    if (made !== undefined) return made;
    const names = Object.keys(props);
    const values = Object.values(props);
    const lazies: Array<Lazy | undefined> = new Array(names.length);
    const ids: number[] = new Array(names.length);
    const byObject = this.byObject[mode];
    let open = true;
    for (let i = 0; i < names.length; i++) {
      const v = values[i];
      if (v === true) {
        lazies[i] = this.forms.top;
        continue;
      }
      open = false;
      if (v === false) {
        lazies[i] = this.forms.bottom;
        continue;
      }
      const known = byObject.get(v as SchemaObject);
      if (known !== undefined) lazies[i] = known;
      else ids[i] = this.forms.reserveId();
    }
    const table = new MemberTable(this, mode, prefix, names, values, lazies, ids, open);
    tables.set(props, table);
    return table;
  }

  form(l: Lazy): Canon {
    return this.shared(l.pointer, l.mode as Mode, l.subschema as SchemaObject);
  }

  flipOf(l: Lazy): Lazy {
    return this.at(l.pointer, flip(l.mode as Mode), l.subschema);
  }

  /**
   * The form of a flat subschema (see flatHash) is shared with every equal one of the document: it holds no lazy
   * and no pointer (its subschemas are booleans, i.e. the shared top and bottom), so where it sits changes nothing.
   */
  private shared(pointer: string, mode: Mode, s: SchemaObject): Canon {
    const h = flatHash(s);
    if (h === undefined) return this.canon(pointer, mode, s);
    const memo = this.flat[mode];
    let bucket = memo.get(h);
    if (bucket !== undefined) {
      for (const entry of bucket) if (flatEqual(entry.schema, s)) return entry.canon;
    }
    const c = this.canon(pointer, mode, s);
    // A form with approximations names their place: not shared.
    if (c.approx.length === 0) {
      if (bucket === undefined) {
        bucket = [];
        memo.set(h, bucket);
      }
      bucket.push({ schema: s, canon: c });
    }
    return c;
  }

  /** A subschema applied to the same instance: a cycle here is unguarded recursion, approximated. */
  private sameLevel(pointer: string, mode: Mode): Canon {
    try {
      return this.at(pointer, mode).get();
    } catch (e) {
      if (!(e instanceof UnguardedRecursion)) throw e;
      const approx = [{ keyword: '$ref', pointer }];
      return mode === 'upper' ? { atoms: TOP.atoms, approx } : { atoms: [], approx };
    }
  }

  private canon(ptr: string, mode: Mode, s: SchemaObject): Canon {
    // Most subschemas are a type and its constraints: one scan of the keys finds that out, instead of reading
    // every keyword below by name (slow on objects of many shapes). Their form is then the local one alone.
    let combined = false;
    for (const k in s) {
      if (COMBINING_KEYWORDS.has(k)) {
        combined = true;
        break;
      }
    }
    if (!combined) return this.local(s, ptr, mode);
    const v = this.vocab;
    const f = this.forms;
    const parts: Canon[] = [];
    const approx: Approx[] = [];

    if (typeof s.$ref === 'string') {
      const target = resolveRef(this.doc, s.$ref, ptr);
      const t = this.sameLevel(target, mode);
      if (v.refOverrides) return t;
      parts.push(t);
    }
    for (const kw of v.dynamicRefs) {
      const ref = s[kw];
      if (typeof ref !== 'string') continue;
      // Within one document the dynamic scope holds one resource, so the reference resolves statically.
      const target = this.staticTarget(ref, ptr);
      if (target === undefined) {
        approx.push({ keyword: kw, pointer: ptr });
        if (mode === 'lower') return { atoms: [], approx };
      } else parts.push(this.sameLevel(target, mode));
    }

    parts.push(this.local(s, ptr, mode));

    const hasConst = v.draft06 && 'const' in s;
    if (hasConst || Array.isArray(s.enum)) {
      let values: unknown[] = hasConst ? [s.const] : (s.enum as unknown[]);
      if (hasConst && Array.isArray(s.enum)) {
        const key = canonicalJson(s.const);
        values = (s.enum as unknown[]).some((x) => canonicalJson(x) === key) ? [s.const] : [];
      }
      const atoms = new Map<string, Atom>();
      for (const x of values) {
        const key = canonicalJson(x);
        atoms.set(key, { k: 'const', v: x, key });
      }
      parts.push({ atoms: [...atoms.values()], approx: [] });
    }

    if (Array.isArray(s.allOf)) {
      for (let i = 0; i < s.allOf.length; i++) parts.push(this.sameLevel(pointerTo(ptr, 'allOf', i), mode));
    }
    if (Array.isArray(s.anyOf))
      parts.push(f.union(s.anyOf.map((_, i) => this.sameLevel(pointerTo(ptr, 'anyOf', i), mode))));
    if (Array.isArray(s.oneOf))
      parts.push(this.oneOf(s.oneOf.length, (i) => pointerTo(ptr, 'oneOf', i), mode, ptr));
    if (s.not !== undefined) {
      parts.push(
        f.complement(this.sameLevel(pointerTo(ptr, 'not'), flip(mode)), mode, pointerTo(ptr, 'not')),
      );
    }
    if (v.conditionals && s.if !== undefined && (s.then !== undefined || s.else !== undefined)) {
      const yes = this.sameLevel(pointerTo(ptr, 'if'), mode);
      const no = f.complement(this.sameLevel(pointerTo(ptr, 'if'), flip(mode)), mode, pointerTo(ptr, 'if'));
      const then = s.then === undefined ? TOP : this.sameLevel(pointerTo(ptr, 'then'), mode);
      const otherwise = s.else === undefined ? TOP : this.sameLevel(pointerTo(ptr, 'else'), mode);
      parts.push(f.union([f.intersect(yes, then), f.intersect(no, otherwise)]));
    }
    const depRequired: Array<[string, string[]]> = [];
    const depSchemas: Array<[string, string]> = [];
    if (v.dependencies && isSchemaObject(s.dependencies)) {
      for (const [k, dep] of Object.entries(s.dependencies)) {
        if (Array.isArray(dep)) depRequired.push([k, dep as string[]]);
        else depSchemas.push([k, pointerTo(ptr, 'dependencies', k)]);
      }
    }
    if (v.dependentKeywords) {
      if (isSchemaObject(s.dependentRequired)) {
        for (const [k, dep] of Object.entries(s.dependentRequired)) depRequired.push([k, dep as string[]]);
      }
      if (isSchemaObject(s.dependentSchemas)) {
        for (const k of Object.keys(s.dependentSchemas))
          depSchemas.push([k, pointerTo(ptr, 'dependentSchemas', k)]);
      }
    }
    for (const [k, names] of depRequired) {
      if (names.length === 0) continue;
      parts.push(f.union([this.absent(k), objectCanon({ required: [...new Set([k, ...names])] })]));
    }
    for (const [k, p] of depSchemas) {
      parts.push(
        f.union([this.absent(k), f.intersect(objectCanon({ required: [k] }), this.sameLevel(p, mode))]),
      );
    }
    if (v.unevaluated) {
      if (s.unevaluatedProperties !== undefined && s.unevaluatedProperties !== true)
        parts.push(this.unevaluatedProperties(ptr, mode, approx));
      if (s.unevaluatedItems !== undefined && s.unevaluatedItems !== true)
        parts.push(this.unevaluatedItems(ptr, mode, approx));
    }

    let out: Canon = TOP;
    for (const p of parts) {
      out = f.intersect(out, p);
      if (out.atoms.length > MAX_ATOMS) {
        approx.push({ keyword: 'allOf', pointer: ptr });
        return mode === 'upper'
          ? withApprox({ atoms: TOP.atoms, approx: out.approx }, approx)
          : withApprox(EMPTY, approx);
      }
    }
    return withApprox(out, approx);
  }

  /** Objects without `name`, and every non-object. */
  private absent(name: string): Canon {
    return {
      atoms: [
        ...KINDS.filter((k) => k !== 'object').map(topAtom),
        {
          ...(topAtom('object') as ObjAtom),
          parts: [{ props: new Map([[name, this.forms.bottom]]), patterns: [] }],
        },
      ],
      approx: [],
    };
  }

  /** Within one schema resource the dynamic scope holds only it, so a dynamic reference resolves statically. */
  private staticTarget(ref: string, from: string): string | undefined {
    if (this.doc.resources.size > 1) return undefined;
    try {
      return resolveRef(this.doc, ref, from);
    } catch {
      return undefined;
    }
  }

  private oneOf(n: number, at: (i: number) => string, mode: Mode, ptr: string): Canon {
    const f = this.forms;
    const branches = Array.from({ length: n }, (_, i) => this.sameLevel(at(i), mode));
    if (n === 1) return branches[0]!;
    let disjoint = true;
    for (let i = 0; i < n && disjoint; i++) {
      for (let j = i + 1; j < n && disjoint; j++) {
        if (!this.disjoint(branches[i]!, branches[j]!)) disjoint = false;
      }
    }
    if (disjoint) return f.union(branches);
    // Exactly one: each branch minus every other one.
    const others = Array.from({ length: n }, (_, i) =>
      f.complement(this.sameLevel(at(i), flip(mode)), mode, at(i)),
    );
    const terms: Canon[] = [];
    for (let i = 0; i < n; i++) {
      let t = branches[i]!;
      for (let j = 0; j < n && t.atoms.length <= MAX_ATOMS; j++) if (j !== i) t = f.intersect(t, others[j]!);
      if (t.atoms.length > MAX_ATOMS) {
        const approx = [{ keyword: 'oneOf', pointer: ptr }];
        return mode === 'upper' ? withApprox(f.union(branches), approx) : { atoms: [], approx };
      }
      terms.push(t);
    }
    return f.union(terms);
  }

  /** Sufficient test that no value is in both forms. */
  disjoint(a: Canon, b: Canon, depth = 0): boolean {
    for (const x of a.atoms) {
      for (const y of b.atoms) {
        const z = this.forms.intersectAtoms(x, y);
        if (z === undefined || atomEmpty(z, this.forms)) continue;
        if (depth < 3 && x.k === 'object' && y.k === 'object' && this.objectsDisjoint(x, y, depth)) continue;
        return false;
      }
    }
    return true;
  }

  /** A discriminator: a property both require, with disjoint values. */
  private objectsDisjoint(x: ObjAtom, y: ObjAtom, depth: number): boolean {
    const required = new Set([...x.required, ...y.required]);
    for (const name of required) {
      const xs = x.required.includes(name);
      const ys = y.required.includes(name);
      if (!xs && !ys) continue;
      const vx = this.forms.and(valueFor(x.parts, name));
      const vy = this.forms.and(valueFor(y.parts, name));
      if (!xs && vx === this.forms.bottom) return true;
      if (!ys && vy === this.forms.bottom) return true;
      if (xs && ys && this.disjoint(vx.get(), vy.get(), depth + 1)) return true;
    }
    return false;
  }

  // ---- per-type keywords ------------------------------------------------------------------------------

  private local(s: SchemaObject, ptr: string, mode: Mode): Canon {
    const v = this.vocab;
    // No type and no per-type keyword (a $ref, an enum, a combinator): every atom would be a top atom.
    if (s.type === undefined) {
      let constrained = false;
      for (const k in s) {
        if (PER_TYPE_KEYWORDS.has(k)) {
          constrained = true;
          break;
        }
      }
      if (!constrained) return UNCONSTRAINED;
    }
    const names =
      s.type === undefined ? undefined : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const kinds = new Set<Kind>();
    let int = false;
    if (names === undefined) for (const k of KINDS) kinds.add(k);
    else {
      for (const t of names) {
        if (t === 'integer') {
          if (!kinds.has('number')) int = true;
          kinds.add('number');
        } else if (t === 'number') {
          int = false;
          kinds.add('number');
        } else kinds.add(t as Kind);
      }
      if (names.includes('number')) int = false;
      if (s.nullable === true) kinds.add('null');
    }
    const atoms: Atom[] = [];
    for (const k of kinds) {
      const a = this.atomFor(k, s, ptr, mode, v);
      if (k === 'number' && int) (a as NumAtom).int = true;
      if (!atomEmpty(a, this.forms)) atoms.push(a);
    }
    return { atoms, approx: [] };
  }

  private atomFor(k: Kind, s: SchemaObject, ptr: string, mode: Mode, v: Vocabulary): Atom {
    switch (k) {
      case 'null':
      case 'boolean':
        return topAtom(k);
      case 'number': {
        const a = topAtom('number') as NumAtom;
        const min = numberOr(s.minimum);
        const max = numberOr(s.maximum);
        if (v.booleanExclusive) {
          if (min !== undefined) a.lo = { v: min, excl: s.exclusiveMinimum === true };
          if (max !== undefined) a.hi = { v: max, excl: s.exclusiveMaximum === true };
        } else {
          if (min !== undefined) a.lo = { v: min, excl: false };
          if (max !== undefined) a.hi = { v: max, excl: false };
          const emin = numberOr(s.exclusiveMinimum);
          const emax = numberOr(s.exclusiveMaximum);
          if (emin !== undefined && (!a.lo || emin >= a.lo.v)) a.lo = { v: emin, excl: true };
          if (emax !== undefined && (!a.hi || emax <= a.hi.v)) a.hi = { v: emax, excl: true };
        }
        const m = numberOr(s.multipleOf);
        if (m !== undefined) {
          if (m === 1) a.int = true;
          else a.mult = [m];
        }
        if (typeof s.format === 'string' && formatType(s.format) === 'number') {
          if (mode === 'lower') a.formats = [s.format];
          else a.declared = [s.format];
        }
        return a;
      }
      case 'string': {
        const a = topAtom('string') as StrAtom;
        const min = numberOr(s.minLength);
        const max = numberOr(s.maxLength);
        if (min !== undefined) a.minLen = min;
        if (max !== undefined) a.maxLen = max;
        if (typeof s.pattern === 'string') a.patterns = [s.pattern];
        // format is an assertion for ajv-formats and an annotation for the 2019-09+ specification: readers
        // assert it (a subset either way), writers only declare it (a superset either way).
        if (typeof s.format === 'string' && formatType(s.format) === 'string') {
          if (mode === 'lower') a.formats = [s.format];
          else a.declared = [s.format];
        }
        return a;
      }
      case 'array': {
        const a = topAtom('array') as ArrAtom;
        const min = numberOr(s.minItems);
        const max = numberOr(s.maxItems);
        if (min !== undefined) a.min = min;
        if (max !== undefined) a.max = max;
        if (s.uniqueItems === true) a.unique = true;
        if (v.prefixItems) {
          if (Array.isArray(s.prefixItems))
            a.prefix = s.prefixItems.map((x, i) => [this.at(pointerTo(ptr, 'prefixItems', i), mode, x)]);
          if (s.items !== undefined) a.rest = [this.at(pointerTo(ptr, 'items'), mode, s.items)];
        } else if (Array.isArray(s.items)) {
          a.prefix = s.items.map((x, i) => [this.at(pointerTo(ptr, 'items', i), mode, x)]);
          if (s.additionalItems !== undefined)
            a.rest = [this.at(pointerTo(ptr, 'additionalItems'), mode, s.additionalItems)];
        } else if (s.items !== undefined) a.rest = [this.at(pointerTo(ptr, 'items'), mode, s.items)];
        a.prefix = a.prefix.map((l) => l.filter((x) => x !== this.forms.top));
        a.rest = a.rest.filter((x) => x !== this.forms.top);
        if (v.draft06 && s.contains !== undefined) {
          const cmin = v.unevaluated ? (numberOr(s.minContains) ?? 1) : 1;
          const cmax = v.unevaluated ? numberOr(s.maxContains) : undefined;
          if (cmin > 0 || cmax !== undefined) {
            const c = {
              c: this.at(pointerTo(ptr, 'contains'), mode),
              min: cmin,
            } as ArrAtom['contains'][number];
            if (cmax !== undefined) c.max = cmax;
            a.contains = [c];
          }
        }
        return a;
      }
      case 'object': {
        const a = topAtom('object') as ObjAtom;
        const part: ObjPart = { props: new Map(), patterns: [] };
        const props = s.properties;
        // Whether every member is unconstrained (then the part says nothing).
        let open = true;
        if (isSchemaObject(props) && !this.doc.sharesObjects) {
          const table = this.memberTable(mode, props, `${ptr}/properties/`);
          if (!table.open) open = false;
          part.props = table;
        } else if (isSchemaObject(props)) {
          // One prefix for all members, and their values from one list: an object may have thousands.
          const prefix = `${ptr}/properties/`;
          const names = Object.keys(props);
          const values = Object.values(props);
          for (let i = 0; i < names.length; i++) {
            const name = names[i]!;
            const l = this.at(prefix + escapePointer(name), mode, values[i]);
            if (l !== this.forms.top) open = false;
            (part.props as Map<string, Lazy>).set(name, l);
          }
        }
        if (isSchemaObject(s.patternProperties)) {
          for (const src of Object.keys(s.patternProperties)) {
            part.patterns.push({
              src,
              re: regex(src),
              c: this.at(pointerTo(ptr, 'patternProperties', src), mode),
            });
          }
        }
        if (s.additionalProperties !== undefined && s.additionalProperties !== true) {
          part.additional = this.at(pointerTo(ptr, 'additionalProperties'), mode, s.additionalProperties);
        }
        const trivial =
          part.additional === undefined && open && part.patterns.every((p) => p.c === this.forms.top);
        if (!trivial) a.parts = [part];
        if (Array.isArray(s.required)) a.required = this.forms.requiredNames(s.required);
        const min = numberOr(s.minProperties);
        const max = numberOr(s.maxProperties);
        if (min !== undefined) a.min = min;
        if (max !== undefined) a.max = max;
        if (v.draft06 && s.propertyNames !== undefined) {
          const n = this.at(pointerTo(ptr, 'propertyNames'), mode);
          if (n !== this.forms.top) a.names = [n];
        }
        return a;
      }
    }
  }

  // ---- unevaluated* -----------------------------------------------------------------------------------

  /**
   * What the in-place applicators of a schema evaluate: through allOf and $ref exactly; through branching
   * applicators (anyOf, oneOf, if, dependentSchemas) only for an upper bound.
   */
  private evaluated(ptr: string, withBranches: boolean, seen = new Set<string>()) {
    const out = {
      names: new Set<string>(),
      patterns: new Set<string>(),
      allProps: false,
      prefix: 0,
      allItems: false,
      branchy: false,
    };
    const visit = (p: string): void => {
      if (seen.has(p)) return;
      seen.add(p);
      const s = nodeAt(this.doc, p).schema;
      if (!isSchemaObject(s)) return;
      const v = this.vocab;
      if (isSchemaObject(s.properties)) for (const n of Object.keys(s.properties)) out.names.add(n);
      if (isSchemaObject(s.patternProperties))
        for (const n of Object.keys(s.patternProperties)) out.patterns.add(n);
      if (s.additionalProperties !== undefined) out.allProps = true;
      if (p !== ptr && s.unevaluatedProperties !== undefined) out.allProps = true;
      if (v.prefixItems) {
        if (Array.isArray(s.prefixItems)) out.prefix = Math.max(out.prefix, s.prefixItems.length);
        if (s.items !== undefined) out.allItems = true;
      } else if (Array.isArray(s.items)) {
        out.prefix = Math.max(out.prefix, s.items.length);
        if (s.additionalItems !== undefined) out.allItems = true;
      } else if (s.items !== undefined) out.allItems = true;
      if (p !== ptr && s.unevaluatedItems !== undefined) out.allItems = true;
      if (s.contains !== undefined && v.prefixItems) {
        out.branchy = true;
        if (withBranches) out.allItems = true;
      }
      if (typeof s.$ref === 'string') visit(resolveRef(this.doc, s.$ref, p));
      for (const kw of v.dynamicRefs) {
        if (typeof s[kw] !== 'string') continue;
        const t = this.staticTarget(s[kw] as string, p);
        if (t === undefined) {
          out.branchy = true;
          if (withBranches) {
            out.allProps = true;
            out.allItems = true;
          }
        } else visit(t);
      }
      if (Array.isArray(s.allOf)) for (let i = 0; i < s.allOf.length; i++) visit(pointerTo(p, 'allOf', i));
      const branches: string[] = [];
      for (const kw of ['anyOf', 'oneOf'] as const) {
        if (Array.isArray(s[kw]))
          for (let i = 0; i < (s[kw] as unknown[]).length; i++) branches.push(pointerTo(p, kw, i));
      }
      if (s.if !== undefined) branches.push(pointerTo(p, 'if'));
      if (s.then !== undefined) branches.push(pointerTo(p, 'then'));
      if (s.else !== undefined) branches.push(pointerTo(p, 'else'));
      if (isSchemaObject(s.dependentSchemas))
        for (const k of Object.keys(s.dependentSchemas)) branches.push(pointerTo(p, 'dependentSchemas', k));
      if (branches.length > 0) {
        out.branchy = true;
        if (withBranches) for (const b of branches) visit(b);
      }
    };
    visit(ptr);
    return out;
  }

  private unevaluatedProperties(ptr: string, mode: Mode, approx: Approx[]): Canon {
    const ev = this.evaluated(ptr, mode === 'upper');
    if (ev.branchy) approx.push({ keyword: 'unevaluatedProperties', pointer: ptr });
    if (ev.allProps) return TOP;
    const part: ObjPart = {
      props: new Map([...ev.names].map((n) => [n, this.forms.top])),
      patterns: [...ev.patterns].map((src) => ({ src, re: regex(src), c: this.forms.top })),
      additional: this.at(`${ptr}/unevaluatedProperties`, mode),
    };
    return objectCanon({ parts: [part] });
  }

  private unevaluatedItems(ptr: string, mode: Mode, approx: Approx[]): Canon {
    const ev = this.evaluated(ptr, mode === 'upper');
    if (ev.branchy) approx.push({ keyword: 'unevaluatedItems', pointer: ptr });
    if (ev.allItems) return TOP;
    const a: ArrAtom = {
      ...(topAtom('array') as ArrAtom),
      prefix: Array.from({ length: ev.prefix }, () => []),
      rest: [this.at(`${ptr}/unevaluatedItems`, mode)],
    };
    return { atoms: [...KINDS.filter((k) => k !== 'array').map(topAtom), a], approx: [] };
  }
}

/** Every non-object value, plus objects with the given constraints. */
function objectCanon(patch: Partial<ObjAtom>): Canon {
  return {
    atoms: [
      ...KINDS.filter((k) => k !== 'object').map(topAtom),
      { ...(topAtom('object') as ObjAtom), ...patch },
    ],
    approx: [],
  };
}

/**
 * The members of a subschema's `properties` in one mode (see Canonicaliser.memberTable): what a Map of their
 * lazies answers, each lazy made on first read with the id reserved for it.
 */
export class MemberTable implements Members {
  private index: Map<string, number> | undefined;

  constructor(
    private readonly owner: Canonicaliser,
    private readonly mode: Mode,
    private readonly prefix: string,
    readonly names: readonly string[],
    /** The members' subschemas, in the order of `names`. */
    readonly values: readonly unknown[],
    private readonly lazies: Array<Lazy | undefined>,
    private readonly ids: readonly number[],
    /** Every member is `true`. */
    readonly open: boolean,
  ) {}

  /** The document of the members. */
  get doc(): SchemaDocument {
    return this.owner.doc;
  }

  /** The position of a member, or undefined. */
  positionOf(name: string): number | undefined {
    if (this.index === undefined) {
      this.index = new Map();
      for (let i = 0; i < this.names.length; i++) this.index.set(this.names[i]!, i);
    }
    return this.index.get(name);
  }

  get(name: string): Lazy | undefined {
    const i = this.positionOf(name);
    return i === undefined ? undefined : this.at(i);
  }

  /** The member at position `i`. */
  at(i: number): Lazy {
    let l = this.lazies[i];
    if (l === undefined) {
      l = this.owner.madeMember(
        this.prefix + escapePointer(this.names[i]!),
        this.mode,
        this.values[i],
        this.ids[i]!,
      );
      this.lazies[i] = l;
    }
    return l;
  }

  /** The lazy of member `name` when its subschema is `s` and its id is reserved here, made now; else undefined. */
  reserved(name: string, s: unknown): Lazy | undefined {
    const i = this.positionOf(name);
    if (i === undefined || this.values[i] !== s) return undefined;
    return this.at(i);
  }

  keys(): Iterable<string> {
    return this.names;
  }

  *[Symbol.iterator](): Iterator<[string, Lazy]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i]!, this.at(i)];
  }
}
