// Canonical forms of JSON Schemas: a union of per-type atoms, each a conjunction of constraints of that type.
// Subschemas (property values, items) are Lazy: canonicalised on demand, so recursive schemas stay finite.

import type { SchemaDocument } from '../../document.js';

export type Mode = 'upper' | 'lower';
export const flip = (m: Mode): Mode => (m === 'upper' ? 'lower' : 'upper');

/** A place where the canonical form is not exact: `upper` forms then accept more, `lower` forms less. */
export interface Approx {
  keyword: string;
  pointer: string;
}

export interface Canon {
  readonly atoms: readonly Atom[];
  readonly approx: readonly Approx[];
}

export interface Bound {
  v: number;
  excl: boolean;
}

export interface NullAtom {
  k: 'null';
}
export interface BoolAtom {
  k: 'boolean';
  ne: string[];
}
export interface NumAtom {
  k: 'number';
  int: boolean;
  lo?: Bound;
  hi?: Bound;
  mult: number[];
  notMult: number[];
  formats: string[];
  /** Formats a writer declares: they discharge the same format on the reader and constrain nothing else. */
  declared: string[];
  ne: string[];
}
export interface StrAtom {
  k: 'string';
  minLen: number;
  maxLen?: number;
  patterns: string[];
  notPatterns: string[];
  formats: string[];
  notFormats: string[];
  /** Formats a writer declares: they discharge the same format on the reader and constrain nothing else. */
  declared: string[];
  ne: string[];
}
export interface Contains {
  c: Lazy;
  min: number;
  max?: number;
}
export interface ArrAtom {
  k: 'array';
  min: number;
  max?: number;
  /** Per tuple position, the conjunction of schemas its item must satisfy. */
  prefix: Lazy[][];
  /** Items after the prefix. */
  rest: Lazy[];
  unique: boolean;
  contains: Contains[];
  ne: string[];
}
export interface PatternPart {
  src: string;
  re: RegExp;
  c: Lazy;
}
/**
 * A part's declared members by name, in their order: a Map, or the table of a subschema's `properties` whose
 * members' lazies are made when read (see Canonicaliser).
 */
export interface Members {
  get(name: string): Lazy | undefined;
  keys(): Iterable<string>;
  [Symbol.iterator](): Iterator<[string, Lazy]>;
}
/** One schema's view of an object's members; an object atom is the conjunction of its parts. */
export interface ObjPart {
  props: Members;
  patterns: PatternPart[];
  /** For names neither in props nor matching a pattern; absent = anything. */
  additional?: Lazy;
}
export interface ObjAtom {
  k: 'object';
  parts: ObjPart[];
  required: string[];
  min: number;
  max?: number;
  names: Lazy[];
  ne: string[];
}
export interface ConstAtom {
  k: 'const';
  v: unknown;
  key: string;
}
export type Atom = NullAtom | BoolAtom | NumAtom | StrAtom | ArrAtom | ObjAtom | ConstAtom;
export type Kind = Exclude<Atom['k'], 'const'>;
export const KINDS: readonly Kind[] = ['null', 'boolean', 'number', 'string', 'array', 'object'];

/**
 * Makes the forms of one document's subschemas: one object answers for all their lazies, so that a lazy per
 * subschema needs no closures of its own (a document has thousands).
 */
export interface SubschemaForms {
  /** The document of the subschemas. */
  readonly doc: SchemaDocument;
  /** The form of `l`, a subschema lazy it made. */
  form(l: Lazy): Canon;
  /** The same subschema in the other mode. */
  flipOf(l: Lazy): Lazy;
}

/** A subschema's canonical form, computed on first use. `mode` says which approximation it is. */
export class Lazy {
  private value: Canon | undefined;
  private computing = false;
  constructor(
    readonly id: number,
    readonly mode: Mode | 'exact',
    /** How to compute the form; absent for a subschema's lazy, whose `origin` computes it. */
    private readonly compute: (() => Canon) | undefined,
    /** Where it comes from, for messages. */
    readonly pointer: string,
    readonly side: number,
    /**
     * The subschema it was made from, when it is one (for the equal-subschema shortcut); its document is
     * `origin`'s (no record of the two per lazy: a document has thousands).
     */
    readonly subschema?: unknown,
    /** How to make the same subschema in the other mode (for negation); absent for exact forms. */
    readonly flipped?: () => Lazy,
    /** What made this subschema's lazy (it computes the form and the flip). */
    readonly origin?: SubschemaForms,
  ) {}
  get(): Canon {
    if (this.value !== undefined) return this.value;
    if (this.computing) throw new UnguardedRecursion(this.pointer);
    this.computing = true;
    try {
      this.value = this.compute !== undefined ? this.compute() : this.origin!.form(this);
    } finally {
      this.computing = false;
    }
    return this.value;
  }
  get computed(): boolean {
    return this.value !== undefined;
  }
}

/** A schema that reaches itself without consuming any part of the instance (`{ "$ref": "#" }` at the same level). */
export class UnguardedRecursion extends Error {
  constructor(readonly pointer: string) {
    super(`schema at ${pointer || '(root)'} refers to itself without descending into the instance`);
  }
}

export const EMPTY: Canon = { atoms: [], approx: [] };

export function topAtom(k: Kind): Atom {
  switch (k) {
    case 'null':
      return { k };
    case 'boolean':
      return { k, ne: [] };
    case 'number':
      return { k, int: false, mult: [], notMult: [], formats: [], declared: [], ne: [] };
    case 'string':
      return {
        k,
        minLen: 0,
        patterns: [],
        notPatterns: [],
        formats: [],
        notFormats: [],
        declared: [],
        ne: [],
      };
    case 'array':
      return { k, min: 0, prefix: [], rest: [], unique: false, contains: [], ne: [] };
    case 'object':
      return { k, parts: [], required: [], min: 0, names: [], ne: [] };
  }
}

export const TOP: Canon = { atoms: KINDS.map(topAtom), approx: [] };

/** Canonical JSON (sorted keys): equality of JSON values. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Equality of JSON values (key order aside), without building their canonical JSON. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const list = Array.isArray(a);
  if (list !== Array.isArray(b)) return false;
  if (list) {
    const xs = a as unknown[];
    const ys = b as unknown[];
    if (xs.length !== ys.length) return false;
    for (let i = 0; i < xs.length; i++) if (!jsonEqual(xs[i], ys[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // Keys counted while compared, with no list of them (called for every property of two large documents).
  let n = 0;
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue;
    if (!Object.hasOwn(y, k) || !jsonEqual(x[k], y[k])) return false;
    n++;
  }
  for (const k in y) if (Object.hasOwn(y, k) && --n < 0) return false;
  return n === 0;
}

export function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

export const atomKind = (a: Atom): Kind => (a.k === 'const' ? kindOf(a.v) : a.k);
