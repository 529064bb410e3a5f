// The inclusion check L(writer) ⊆ L(reader) on canonical forms. Sound: it returns no failure only when inclusion
// holds (writer forms over-approximate, reader forms under-approximate). A failure carries candidate witnesses:
// values built from the failing branch that the writer's form accepts and the reader's rejects.

import { HAS_REF, nodeAt, placedRefs, resolveRef, type SchemaDocument } from '../../document.js';
import { commonMultiplesAreMultiplesOf, isMultipleOf } from '../decimal.js';
import { arrAt, type Forms, soleValue, valueFor } from './algebra.js';
import type { Approx, ArrAtom, Atom, Canon, Lazy, NumAtom, ObjAtom, StrAtom } from './atoms.js';
import { jsonEqual, topAtom } from './atoms.js';
import { MemberTable } from './canonicalise.js';
import { type Examples, memberNames } from './examples.js';
import {
  isUniversalPattern,
  minMatchLength,
  patternIncludes,
  patternsDisjoint,
  patternsDisjointExactly,
  regexExamples,
} from './regex.js';

export interface Failure {
  /** The keyword whose constraint the writer does not meet. */
  keyword: string;
  writerPointer: string;
  readerPointer: string;
  /** Instance location (JSON Pointer tokens) where a writer value leaves the reader's schema. */
  path: Array<string | number>;
  message: string;
  /** Approximations in the forms compared: when set, a failure without a checked witness is undecidable. */
  approx: Approx[];
  /** Lazily built candidate witnesses at this level (members of the writer form, not of the reader form). */
  candidates: () => Iterable<unknown>;
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}…` : s;
};
const MAX_CANDIDATES = 12;
const FINITE_INTS = 64;

export class InclusionChecker {
  private readonly memo = new Map<string, Failure | null>();
  /** Pairs of forms known to be included, whatever lazies hold them (equal flat subschemas share forms). */
  private readonly included = new Map<Canon, Set<Canon>>();
  /** Pairs being decided, by key, with their depth on the stack of pairs (coinduction assumes them). */
  private readonly active = new Map<string, number>();
  /**
   * The shallowest active pair the current decision assumed (directly or through a provisional answer), or
   * Infinity: a success that assumed an outer pair holds is only as good as that pair's own answer.
   */
  private low = Number.POSITIVE_INFINITY;
  /**
   * Successes that leaned on an assumption still being decided, in the order they were made, with the depth of
   * the shallowest pair they rest on. They answer again at once while that pair is being decided (without them
   * a recursive schema with several recursive keywords is decided again on every way round, exponentially), are
   * discarded if any pair they may rest on fails, and become final when it holds.
   */
  private readonly provisional: Array<{ key: string; wc: Canon; rc: Canon; rests: number }> = [];
  private readonly restsOn = new Map<string, number>();
  /** sameClosure's answers per pair of documents, by pair of pointers. */
  private readonly closures = new Map<
    ReadonlySet<string>,
    Map<SchemaDocument, Map<SchemaDocument, Map<string, boolean>>>
  >();

  constructor(
    private readonly forms: Forms,
    private readonly examples: Examples,
  ) {}

  /** Failure of L(w) ⊆ L(r), or null when inclusion holds. */
  lazy(w: Lazy, r: Lazy): Failure | null {
    const f = this.forms;
    if (w === f.bottom || r === f.top) return null;
    const key = `${w.id}|${r.id}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) {
      const rests = this.restsOn.get(key);
      if (rests !== undefined && rests < this.low) this.low = rests;
      return hit;
    }
    if (
      w.origin !== undefined &&
      r.origin !== undefined &&
      (sameSubschema(w, r) || this.sameClosure(w, r) || this.relaxedClosure(w, r))
    ) {
      this.memo.set(key, null);
      return null;
    }
    const assumed = this.active.get(key);
    if (assumed !== undefined) {
      // Coinduction: a pair met again below itself (recursive schemas) is assumed to hold on the way round.
      if (assumed < this.low) this.low = assumed;
      return null;
    }
    const depth = this.active.size;
    this.active.set(key, depth);
    const outerLow = this.low;
    this.low = Number.POSITIVE_INFINITY;
    const mark = this.provisional.length;
    let out: Failure | null;
    let wc: Canon | undefined;
    let rc: Canon | undefined;
    try {
      wc = w.get();
      rc = r.get();
      out = this.included.get(wc)?.has(rc) === true ? null : this.canon(wc, rc, w.pointer, r.pointer);
    } catch (e) {
      this.low = outerLow;
      this.settle(mark, depth, false, Number.POSITIVE_INFINITY);
      throw e;
    } finally {
      this.active.delete(key);
    }
    const low = this.low;
    this.low = Math.min(outerLow, low);
    // A failure is final (its witness is checked), and what was decided under the assumption that it holds is not.
    if (out !== null) {
      this.settle(mark, depth, false, low);
      this.memo.set(key, out);
      return out;
    }
    this.memo.set(key, null);
    if (low >= depth) {
      this.settle(mark, depth, true, low);
      this.include(wc, rc);
    } else {
      this.settle(mark, depth, true, low);
      this.provisional.push({ key, wc, rc, rests: low });
      this.restsOn.set(key, low);
    }
    return out;
  }

  /**
   * The provisional successes made while the pair at `depth` was decided (from `mark` on): discarded when it
   * failed; when it held, final if it rests on nothing shallower (`low` ≥ depth), else resting on `low` too.
   */
  private settle(mark: number, depth: number, held: boolean, low: number): void {
    if (this.provisional.length === mark) return;
    const made = this.provisional.splice(mark);
    if (!held) {
      for (const p of made) {
        this.memo.delete(p.key);
        this.restsOn.delete(p.key);
      }
      return;
    }
    for (const p of made) {
      if (p.rests < depth) this.provisional.push(p);
      else if (low >= depth) {
        this.restsOn.delete(p.key);
        this.include(p.wc, p.rc);
      } else {
        p.rests = low;
        this.restsOn.set(p.key, low);
        this.provisional.push(p);
      }
    }
  }

  /**
   * Whether two subschemas with references are the same text whose references reach, pairwise, subschemas that are
   * the same in this way again (a pair met again on the way round is assumed so): then they accept the same
   * documents, whatever their forms can express. An unchanged part of a document that the forms cannot decide
   * (a `oneOf` of closed objects, say) is not undecidable against itself. Not through `$dynamicRef` or
   * `$recursiveRef`, whose target depends on the way there.
   */
  private sameClosure(w: Lazy, r: Lazy): boolean {
    const dw = w.origin!.doc;
    const dr = r.origin!.doc;
    if (!this.documentSubschemas(w, r)) return false;
    // Without a reference under it, sameSubschema has answered.
    if (((dw.flags.get(w.subschema as object) ?? HAS_REF) & HAS_REF) === 0) return false;
    return this.closure(dw, w.pointer, dr, r.pointer, DYNAMIC_REFS);
  }

  /**
   * A tolerant reader's subschema that relaxes what the writer's is in text, closure included (sameClosure
   * against the reader's own document before relaxing), accepts all it accepts: dropping `additionalProperties:
   * false` and `unevaluatedProperties: false` only widens, except below `oneOf` (branches may come to overlap) and
   * a bounded `contains` (more items may match), which the closure must not hold.
   */
  private relaxedClosure(w: Lazy, r: Lazy): boolean {
    const strict = r.origin!.doc.relaxationOf;
    if (strict === undefined || !this.documentSubschemas(w, r, strict)) return false;
    return this.closure(w.origin!.doc, w.pointer, strict, r.pointer, RELAXING_NARROWS);
  }

  /** Both lazies are subschemas of their documents (`readerDoc` for the reader's) at the pointers they name. */
  private documentSubschemas(w: Lazy, r: Lazy, readerDoc = r.origin!.doc): boolean {
    const dw = w.origin!.doc;
    if (dw.dialect !== readerDoc.dialect) return false;
    if (typeof w.subschema !== 'object' || w.subschema === null || typeof r.subschema !== 'object')
      return false;
    if (nodeAt(dw, w.pointer).schema !== w.subschema) return false;
    // Relaxing keeps every pointer: the reader's unrelaxed text sits where its subschema does.
    return nodeAt(r.origin!.doc, r.pointer).schema === r.subschema;
  }

  /**
   * Whether the subschemas at `pw` in `dw` and `pr` in `dr` are the same text whose references reach, pairwise,
   * subschemas that are the same in this way again (a pair met again on the way round is assumed so), with no
   * keyword of `stop` on the way.
   */
  private closure(
    dw: SchemaDocument,
    pw0: string,
    dr: SchemaDocument,
    pr0: string,
    stop: ReadonlySet<string>,
  ): boolean {
    let byReader = this.closures.get(stop);
    if (byReader === undefined) {
      byReader = new Map();
      this.closures.set(stop, byReader);
    }
    let byWriter = byReader.get(dw);
    if (byWriter === undefined) {
      byWriter = new Map();
      byReader.set(dw, byWriter);
    }
    let known = byWriter.get(dr);
    if (known === undefined) {
      known = new Map();
      byWriter.set(dr, known);
    }
    const memo = known;
    const seen = new Set<string>();
    const same = (pw: string, pr: string): boolean => {
      const key = `${pw}\u0000${pr}`;
      const hit = memo.get(key);
      if (hit !== undefined) return hit;
      if (seen.has(key)) return true;
      seen.add(key);
      const x = nodeAt(dw, pw).schema;
      const y = nodeAt(dr, pr).schema;
      if (!jsonEqual(x, y)) return false;
      const xs = placedRefs(x, pw, stop);
      const ys = placedRefs(y, pr, stop);
      if (xs === null || ys === null || xs.length !== ys.length) return false;
      for (let i = 0; i < xs.length; i++) {
        if (!same(resolveRef(dw, xs[i]!.ref, xs[i]!.at), resolveRef(dr, ys[i]!.ref, ys[i]!.at))) return false;
      }
      return true;
    };
    const answer = same(pw0, pr0);
    // A "same" found on the way may rest on an assumption the answer disproved: only a whole yes is kept for all.
    if (answer) for (const key of seen) memo.set(key, true);
    else memo.set(`${pw0}\u0000${pr0}`, false);
    return answer;
  }

  /** Records a final inclusion of forms, whatever lazies hold them. */
  private include(wc: Canon, rc: Canon): void {
    let set = this.included.get(wc);
    if (set === undefined) {
      set = new Set();
      this.included.set(wc, set);
    }
    set.add(rc);
  }

  canon(wc: Canon, rc: Canon, wp: string, rp: string): Failure | null {
    for (const wa of wc.atoms) {
      const fail = this.atomIn(wa, rc, wp, rp);
      if (fail !== null) {
        const approx = [...wc.approx, ...rc.approx, ...fail.approx];
        return { ...fail, approx };
      }
    }
    return null;
  }

  private fail(
    keyword: string,
    wp: string,
    rp: string,
    message: string,
    candidates: () => Iterable<unknown>,
    path: Array<string | number> = [],
  ): Failure {
    return { keyword, writerPointer: wp, readerPointer: rp, path, message, approx: [], candidates };
  }

  /** One writer atom against the whole reader form (a union). */
  private atomIn(wa: Atom, rc: Canon, wp: string, rp: string, splitDepth = 0): Failure | null {
    const f = this.forms;
    function* keep(vs: Iterable<unknown>): Iterable<unknown> {
      // Distinct candidates only; keys are built once a second candidate needs comparing (the first is often
      // the witness, and the key of a large document costs about as much as checking it).
      const seen = new Set<string>();
      let first: unknown;
      let distinct = 0;
      for (const v of vs) {
        if (v === undefined) continue;
        if (distinct === 0) first = v;
        else {
          if (seen.size === 0) seen.add(f.keyOf(first));
          const k = f.keyOf(v);
          if (seen.has(k)) continue;
          seen.add(k);
        }
        distinct++;
        if (!f.memberAtom(wa, v) || f.member(rc, v)) continue;
        yield v;
        if (distinct >= MAX_CANDIDATES * 4) return;
      }
    }
    const finite = this.finiteMembers(wa);
    if (finite !== undefined) {
      const out = finite.find((v) => !f.member(rc, v));
      if (out === undefined) return null;
      const kw = wa.k === 'const' ? 'enum' : 'type';
      return this.fail(kw, wp, rp, `${show(out)} is not accepted`, () => [out]);
    }
    if (this.provablyEmpty(wa)) return null;
    const rs = rc.atoms.filter((a) => a.k === wa.k);
    if (rs.length === 0) {
      return this.fail('type', wp, rp, `the reader accepts no ${wa.k} here`, () =>
        keep(this.examples.ofAtom(wa)),
      );
    }
    const fails: Failure[] = [];
    for (const ra of rs) {
      const fail = this.atom(wa, ra, wp, rp);
      if (fail === null) return null;
      fails.push(fail);
    }
    // No single reader branch covers the writer's objects: split them on a member some branch requires
    // (with it / without it) and cover each half separately — how dependencies and if/then split objects.
    if (wa.k === 'object' && splitDepth < 3) {
      const name = rs
        .flatMap((ra) => (ra as ObjAtom).required)
        .find((k) => !wa.required.includes(k) && !valueFor(wa.parts, k).includes(f.bottom));
      if (name !== undefined) {
        const halves: Atom[] = [
          { ...wa, required: [...wa.required, name] },
          { ...wa, parts: [...wa.parts, { props: new Map([[name, f.bottom]]), patterns: [] }] },
        ];
        const failed = halves
          .map((half) => this.atomIn(half, rc, wp, rp, splitDepth + 1))
          .filter((x): x is Failure => x !== null);
        if (failed.length === 0) return null;
        const whole = fails;
        const examples = this.examples;
        return {
          ...failed[0]!,
          approx: [...failed.flatMap((x) => x.approx), ...whole.flatMap((x) => x.approx)],
          candidates: () =>
            keep(
              (function* () {
                for (const x of failed) yield* x.candidates();
                for (const x of whole) yield* x.candidates();
                yield* examples.ofAtom(wa);
              })(),
            ),
        };
      }
    }
    const first = fails[0]!;
    return {
      ...first,
      message: rs.length > 1 ? `${first.message} (and no other branch accepts it)` : first.message,
      approx: fails.flatMap((x) => x.approx),
      candidates: () =>
        keep(
          (function* (examples: Examples) {
            for (const x of fails) yield* x.candidates();
            yield* examples.ofAtom(wa);
          })(this.examples),
        ),
    };
  }

  /** Deeper emptiness than the algebra's cheap test: a required member or a required item that cannot exist. */
  private provablyEmpty(a: Atom): boolean {
    const f = this.forms;
    const empty = (l: Lazy): boolean => l === f.bottom || (l !== f.top && l.get().atoms.length === 0);
    if (a.k === 'object')
      return a.required.some((k) => empty(soleValue(a.parts, k) ?? f.and(valueFor(a.parts, k))));
    if (a.k === 'array') {
      for (let i = 0; i < a.min; i++) if (empty(f.and(arrAt(a, i)))) return true;
      const max = effectiveMaxItems(a, f);
      for (const c of a.contains) {
        if (c.min < 1) continue;
        let possible = false;
        for (let i = 0; i <= a.prefix.length && i < max && !possible; i++) {
          if (!empty(f.and([...arrAt(a, i), c.c]))) possible = true;
        }
        if (!possible) return true;
      }
    }
    return false;
  }

  /** All members of a small finite atom (consts, null, booleans, short integer ranges). */
  private finiteMembers(a: Atom): unknown[] | undefined {
    switch (a.k) {
      case 'const':
        return [a.v];
      case 'null':
        return [null];
      case 'boolean':
        return [false, true].filter((b) => !a.ne.includes(String(b)));
      case 'number': {
        if (!a.int || !a.lo || !a.hi) return undefined;
        const lo = a.lo.excl ? Math.floor(a.lo.v) + 1 : Math.ceil(a.lo.v);
        const hi = a.hi.excl ? Math.ceil(a.hi.v) - 1 : Math.floor(a.hi.v);
        if (hi - lo > FINITE_INTS) return undefined;
        const out: number[] = [];
        for (let x = lo; x <= hi; x++) if (this.forms.memberAtom(a, x)) out.push(x);
        return out;
      }
      default:
        return undefined;
    }
  }

  private atom(wa: Atom, ra: Atom, wp: string, rp: string): Failure | null {
    switch (wa.k) {
      case 'number':
        return this.numbers(wa, ra as NumAtom, wp, rp);
      case 'string':
        return this.strings(wa, ra as StrAtom, wp, rp);
      case 'array':
        return this.arrays(wa, ra as ArrAtom, wp, rp);
      case 'object':
        return this.objects(wa, ra as ObjAtom, wp, rp);
      default:
        return null;
    }
  }

  /** Members of `wa` narrowed by `patch` (for witnesses that violate one reader constraint). */
  private within<A extends Atom>(wa: A, patch: Partial<A>): unknown[] {
    const narrowed = this.forms.intersectAtoms(wa, { ...topAtom(wa.k as never), ...patch } as Atom);
    return narrowed === undefined ? [] : this.examples.ofAtom(narrowed);
  }

  private excluded(wa: Atom, ra: { ne: string[] }, wp: string, rp: string): Failure | null {
    for (const key of ra.ne) {
      const v = JSON.parse(key);
      if (this.forms.memberAtom(wa, v)) return this.fail('not', wp, rp, `${show(v)} is excluded`, () => [v]);
    }
    return null;
  }

  // ---- numbers ----------------------------------------------------------------------------------------

  private numbers(wa: NumAtom, ra: NumAtom, wp: string, rp: string): Failure | null {
    const ex = () => this.examples.numbers(wa);
    // Every writer number is a multiple of each of these (1 for integers): of their least common multiple.
    const divisors = wa.int ? [...wa.mult, 1] : wa.mult;
    if (ra.int && !wa.int && !commonMultiplesAreMultiplesOf(divisors, 1)) {
      return this.fail('type', wp, rp, 'the reader accepts integers only', () =>
        [...ex(), ...ex().map((x) => x + 0.5)].filter((x) => !Number.isInteger(x)),
      );
    }
    const lo = effectiveLo(wa);
    if (ra.lo && (!lo || lo.v < ra.lo.v || (lo.v === ra.lo.v && ra.lo.excl && !lo.excl))) {
      const b = ra.lo.v;
      return this.fail(
        ra.lo.excl ? 'exclusiveMinimum' : 'minimum',
        wp,
        rp,
        `the reader requires ${ra.lo.excl ? '>' : '≥'} ${b}, the writer allows ${lo ? `${lo.excl ? '>' : '≥'} ${lo.v}` : 'any lower value'}`,
        () => [b, b - 1, b - 0.5, Math.floor(b) - 1, b - 10, ...ex()],
      );
    }
    const hi = effectiveHi(wa);
    if (ra.hi && (!hi || hi.v > ra.hi.v || (hi.v === ra.hi.v && ra.hi.excl && !hi.excl))) {
      const b = ra.hi.v;
      return this.fail(
        ra.hi.excl ? 'exclusiveMaximum' : 'maximum',
        wp,
        rp,
        `the reader requires ${ra.hi.excl ? '<' : '≤'} ${b}, the writer allows ${hi ? `${hi.excl ? '<' : '≤'} ${hi.v}` : 'any higher value'}`,
        () => [b, b + 1, b + 0.5, Math.ceil(b) + 1, b + 10, ...ex()],
      );
    }
    for (const m of ra.mult) {
      const covered = commonMultiplesAreMultiplesOf(divisors, m);
      if (!covered) {
        return this.fail('multipleOf', wp, rp, `the reader requires multiples of ${m}`, () =>
          [...ex(), ...wa.mult, ...wa.mult.map((d) => d * 3), m / 2, m + 1, 1].filter(
            (x) => !isMultipleOf(x, m),
          ),
        );
      }
    }
    for (const n of ra.notMult) {
      if (!wa.notMult.some((d) => isMultipleOf(n, d))) {
        return this.fail('not', wp, rp, `the reader rejects multiples of ${n}`, () => [
          0,
          n,
          2 * n,
          -n,
          ...ex().map((x) => Math.round(x / n) * n),
        ]);
      }
    }
    for (const fmt of ra.formats) {
      if (!wa.formats.includes(fmt) && !wa.declared.includes(fmt))
        return this.fail('format', wp, rp, `the reader requires format "${fmt}"`, ex);
    }
    return this.excluded(wa, ra, wp, rp);
  }

  // ---- strings ----------------------------------------------------------------------------------------

  private strings(wa: StrAtom, ra: StrAtom, wp: string, rp: string): Failure | null {
    // A writer's pattern can require more characters than its minLength (`.+` is minLength 1).
    if (ra.minLen > wa.minLen && ra.minLen > Math.max(0, ...wa.patterns.map(minMatchLength))) {
      return this.fail(
        'minLength',
        wp,
        rp,
        `the reader requires at least ${ra.minLen} characters, the writer ${wa.minLen}`,
        () => this.within(wa, { maxLen: ra.minLen - 1 }),
      );
    }
    if (ra.maxLen !== undefined && (wa.maxLen === undefined || wa.maxLen > ra.maxLen)) {
      const max = ra.maxLen;
      return this.fail(
        'maxLength',
        wp,
        rp,
        `the reader allows at most ${max} characters, the writer ${wa.maxLen ?? 'any number'}`,
        () => this.within(wa, { minLen: max + 1 }),
      );
    }
    for (const p of ra.patterns) {
      if (wa.patterns.includes(p) || isUniversalPattern(p)) continue;
      const proofs = wa.patterns.map((q) => patternIncludes(q, p));
      if (proofs.some((x) => x.result === 'yes')) continue;
      const examples = proofs.flatMap((x) => (x.result === 'no' ? [x.example] : []));
      if (wa.patterns.length === 0) {
        const any = patternIncludes('', p);
        if (any.result === 'no') examples.push(any.example);
      }
      return this.fail('pattern', wp, rp, `the reader requires pattern ${show(p)}`, () => [
        ...examples,
        ...this.within(wa, { notPatterns: [p] }),
      ]);
    }
    for (const p of ra.notPatterns) {
      if (wa.notPatterns.includes(p)) continue;
      if (wa.patterns.some((q) => patternsDisjointExactly(q, p).result === 'yes')) continue;
      return this.fail('not', wp, rp, `the reader rejects strings matching ${show(p)}`, () => [
        ...this.within(wa, { patterns: [p] }),
        ...regexExamples(p, wa.minLen, wa.maxLen),
      ]);
    }
    for (const fmt of ra.formats) {
      if (wa.formats.includes(fmt) || wa.declared.includes(fmt)) continue;
      return this.fail('format', wp, rp, `the reader requires format "${fmt}"`, () =>
        this.within(wa, { notFormats: [fmt] }),
      );
    }
    for (const fmt of ra.notFormats) {
      if (wa.notFormats.includes(fmt)) continue;
      return this.fail('not', wp, rp, `the reader rejects format "${fmt}"`, () =>
        this.within(wa, { formats: [fmt] }),
      );
    }
    return this.excluded(wa, ra, wp, rp);
  }

  // ---- arrays -----------------------------------------------------------------------------------------

  private arrays(wa: ArrAtom, ra: ArrAtom, wp: string, rp: string): Failure | null {
    const f = this.forms;
    const e = this.examples;
    const wMax = effectiveMaxItems(wa, f);
    const arrays = function* (len: number, at?: number, value?: unknown): Iterable<unknown> {
      for (const variant of [0, 1]) {
        const x = e.arrayOfLength(wa, len, variant, 0, at, value);
        if (x !== undefined) yield x;
      }
    };
    if (ra.min > wa.min) {
      return this.fail(
        'minItems',
        wp,
        rp,
        `the reader requires at least ${ra.min} items, the writer ${wa.min}`,
        () =>
          lazyFlatMap(
            Array.from({ length: ra.min - wa.min }, (_, i) => wa.min + i),
            (len) => arrays(len),
          ),
      );
    }
    if (ra.max !== undefined && wMax > ra.max) {
      return this.fail(
        'maxItems',
        wp,
        rp,
        `the reader allows at most ${ra.max} items, the writer ${Number.isFinite(wMax) ? wMax : 'any number'}`,
        () => arrays((ra.max as number) + 1),
      );
    }
    const n = Math.max(wa.prefix.length, ra.prefix.length);
    for (let i = 0; i <= n; i++) {
      if (i >= wMax) break;
      const sub = this.lazy(f.and(arrAt(wa, i)), f.and(arrAt(ra, i)));
      if (sub !== null) {
        const len = Math.max(wa.min, i + 1);
        return {
          ...sub,
          path: [i, ...sub.path],
          candidates: () => lazyFlatMap(sub.candidates(), (c) => arrays(len, i, c)),
        };
      }
    }
    if (ra.unique && !wa.unique && wMax >= 2) {
      return this.fail('uniqueItems', wp, rp, 'the reader requires unique items', () => {
        const dup = e.ofLazy(f.and([...arrAt(wa, 0), ...arrAt(wa, 1)]));
        return dup.flatMap((d) => {
          const base = e.arrayOfLength(wa, Math.max(wa.min, 2), 0, 0, 0, d);
          return base === undefined ? [] : [[d, d, ...base.slice(2)]];
        });
      });
    }
    for (const c of ra.contains) {
      if (c.min > 0) {
        let proven = wa.contains.some((x) => x.min >= c.min && this.lazy(x.c, c.c) === null);
        if (!proven) {
          let count = 0;
          for (let i = 0; i < wa.min && count < c.min; i++)
            if (this.lazy(f.and(arrAt(wa, i)), c.c) === null) count++;
          proven = count >= c.min;
        }
        if (!proven) {
          return this.fail(
            c.min === 1 ? 'contains' : 'minContains',
            wp,
            rp,
            `the reader requires ${c.min} matching item(s)`,
            () => [...e.ofAtom(wa), ...arrays(wa.min)],
          );
        }
      }
      // Every item the reader counts is one the writer counts, and the writer counts at most c.max of them.
      const bounded = wa.contains.some(
        (x) =>
          x.max !== undefined && x.max <= (c.max as number) && this.lazy(f.flip(c.c), f.flip(x.c)) === null,
      );
      if (c.max !== undefined && wMax > c.max && !bounded) {
        const max = c.max;
        return this.fail('maxContains', wp, rp, `the reader allows at most ${max} matching item(s)`, () => {
          const out: unknown[] = [];
          const items: unknown[] = [];
          for (let i = 0; i <= max; i++) {
            const opts = e.ofLazy(f.and([...arrAt(wa, i), c.c]));
            if (opts.length === 0) return out;
            items.push(opts[i % opts.length]);
          }
          out.push(items);
          return out;
        });
      }
    }
    return this.excluded(wa, ra, wp, rp);
  }

  // ---- objects ----------------------------------------------------------------------------------------

  private objects(wa: ObjAtom, ra: ObjAtom, wp: string, rp: string): Failure | null {
    const f = this.forms;
    const e = this.examples;
    // Members the reader's atom requires (and the writer may carry) put a candidate inside that atom rather than
    // another branch of the reader (e.g. past a dependency's trigger), where this failure shows.
    const triggers = (
      overrides: Record<string, unknown>,
      omit: string[],
    ): Record<string, unknown> | undefined => {
      const extra: Record<string, unknown> = { ...overrides };
      let added = false;
      for (const k of ra.required) {
        if (Object.hasOwn(extra, k) || omit.includes(k) || wa.required.includes(k)) continue;
        if (valueFor(wa.parts, k).includes(f.bottom)) continue;
        const v = e.ofLazy(f.and(valueFor(wa.parts, k)));
        if (v.length === 0) continue;
        extra[k] = v[0];
        added = true;
      }
      return added ? extra : undefined;
    };
    const objects = function* (
      overrides: Record<string, unknown> = {},
      omit: string[] = [],
    ): Iterable<unknown> {
      for (const variant of [0, 1]) {
        const x = e.objectWith(wa, variant, 0, overrides, omit);
        if (x !== undefined) yield x;
      }
      const withTriggers = triggers(overrides, omit);
      if (withTriggers !== undefined) {
        const x = e.objectWith(wa, 0, 0, withTriggers, omit);
        if (x !== undefined) yield x;
      }
    };
    const wMin = Math.max(wa.min, wa.required.length);
    if (ra.min > wMin) {
      return this.fail('minProperties', wp, rp, `the reader requires at least ${ra.min} properties`, () => [
        ...objects(),
        ...e.ofAtom(wa),
      ]);
    }
    for (const k of ra.required) {
      if (wa.required.includes(k)) continue;
      // A writer that can never carry the name only writes objects without it: still a break.
      return this.fail(
        'required',
        wp,
        rp,
        `the reader requires "${k}", the writer may omit it`,
        () => objects({}, [k]),
        [k],
      );
    }
    const explicit = new Set<string>([...wa.required, ...ra.required]);
    for (const part of [...wa.parts, ...ra.parts]) for (const k of part.props.keys()) explicit.add(k);
    const writerHas = (k: string): boolean =>
      !valueFor(wa.parts, k).includes(f.bottom) && wa.names.every((l) => f.memberLazy(l, k));
    for (const k of explicit) {
      if (sameMember(wa, ra, k)) continue;
      const wv = valueFor(wa.parts, k);
      if (!writerHas(k)) continue;
      const sub = this.lazy(f.and(wv), f.and(valueFor(ra.parts, k)));
      if (sub !== null) {
        return {
          ...sub,
          path: [k, ...sub.path],
          candidates: () => lazyFlatMap(sub.candidates(), (c) => objects({ [k]: c })),
        };
      }
    }
    const generic = this.genericMembers(wa, ra, explicit, wp, rp, objects);
    if (generic !== null) return generic;
    if (ra.max !== undefined) {
      const wMax = wa.max ?? Number.POSITIVE_INFINITY;
      if (wMax > ra.max) {
        return this.fail('maxProperties', wp, rp, `the reader allows at most ${ra.max} properties`, () => {
          const extra: Record<string, unknown> = {};
          const names = memberNames(
            [...explicit, 'x', 'y', 'z', 'extra1', 'extra2', 'extra3'],
            (ra.max as number) + 1,
          );
          for (const k of names) {
            if (Object.keys(extra).length > (ra.max as number)) break;
            const opts = e.ofLazy(f.and(valueFor(wa.parts, k)));
            if (opts.length > 0) extra[k] = opts[0];
          }
          return objects(extra);
        });
      }
    }
    if (ra.names.length > 0) {
      const rn = f.and(ra.names);
      for (const k of explicit) {
        if (valueFor(wa.parts, k).includes(f.bottom)) continue;
        if (!f.memberLazy(rn, k) && wa.names.every((l) => f.memberLazy(l, k))) {
          return this.fail('propertyNames', wp, rp, `the reader rejects the property name ${show(k)}`, () => {
            const v = e.ofLazy(f.and(valueFor(wa.parts, k)));
            return v.length === 0 ? [] : objects({ [k]: v[0] });
          });
        }
      }
      if (this.genericNamesPossible(wa)) {
        const sub = this.lazy(f.and(wa.names), rn);
        if (sub !== null) {
          return {
            ...sub,
            keyword: 'propertyNames',
            candidates: () =>
              lazyFlatMap(sub.candidates(), (n) => {
                if (typeof n !== 'string' || explicit.has(n)) return [];
                const v = e.ofLazy(f.and(valueFor(wa.parts, n)));
                return v.length === 0 ? [] : objects({ [n]: v[0] });
              }),
          };
        }
      }
    }
    return this.excluded(wa, ra, wp, rp);
  }

  /** Can the writer carry names beyond its explicit properties? */
  private genericNamesPossible(wa: ObjAtom): boolean {
    return wa.parts.every((p) => p.patterns.length > 0 || p.additional !== this.forms.bottom);
  }

  /**
   * Members the writer may carry under names neither side lists: every reader catch-all (pattern or
   * additionalProperties) must accept what some writer part allows under the names it applies to.
   */
  private genericMembers(
    wa: ObjAtom,
    ra: ObjAtom,
    explicit: Set<string>,
    wp: string,
    rp: string,
    objects: (overrides?: Record<string, unknown>) => Iterable<unknown>,
  ): Failure | null {
    const f = this.forms;
    for (const rpart of ra.parts) {
      const sources: Array<{ kind: 'pattern'; src: string; c: Lazy } | { kind: 'additional'; c: Lazy }> = [];
      for (const p of rpart.patterns)
        if (p.c !== f.top) sources.push({ kind: 'pattern', src: p.src, c: p.c });
      if (rpart.additional !== undefined && rpart.additional !== f.top)
        sources.push({ kind: 'additional', c: rpart.additional });
      for (const source of sources) {
        const holds = (wpart: (typeof wa.parts)[number] | undefined): boolean => {
          const wAdd = wpart === undefined ? f.top : (wpart.additional ?? f.top);
          const wPatterns = wpart?.patterns ?? [];
          if (source.kind === 'pattern') {
            for (const q of wPatterns) {
              if (patternsDisjoint(q.src, source.src)) continue;
              if (this.lazy(q.c, source.c) !== null) return false;
            }
            if (
              wPatterns.some(
                (q) => q.src === source.src || patternIncludes(source.src, q.src).result === 'yes',
              )
            )
              return true;
            return this.lazy(wAdd, source.c) === null;
          }
          for (const q of wPatterns) {
            if (rpart.patterns.some((p) => p.src === q.src || patternIncludes(q.src, p.src).result === 'yes'))
              continue;
            if (this.lazy(q.c, source.c) !== null) return false;
          }
          return this.lazy(wAdd, source.c) === null;
        };
        if (wa.parts.length === 0 ? holds(undefined) : wa.parts.some((p) => holds(p))) continue;
        const keyword = source.kind === 'pattern' ? 'patternProperties' : 'additionalProperties';
        const names =
          source.kind === 'pattern'
            ? regexExamples(source.src).slice(0, 6)
            : ['x', 'extra', 'unknownProperty', 'z9', '_'].filter(
                (n) => !rpart.patterns.some((p) => p.re.test(n)),
              );
        for (const q of wa.parts.flatMap((p) => p.patterns)) names.push(...regexExamples(q.src).slice(0, 3));
        const candidateNames = names.filter((n) => !explicit.has(n));
        return this.fail(
          keyword,
          wp,
          rp,
          source.kind === 'pattern'
            ? `the writer may send properties matching ${show(source.src)} that the reader's schema for them rejects`
            : 'the writer may send undeclared properties that the reader constrains',
          () =>
            lazyFlatMap(candidateNames, (name) => {
              const sub = this.lazy(f.and(valueFor(wa.parts, name)), f.and(valueFor(ra.parts, name)));
              if (sub === null) return [];
              return lazyFlatMap(sub.candidates(), (c) => objects({ [name]: c }));
            }),
        );
      }
    }
    return null;
  }
}

function* lazyFlatMap<T>(xs: Iterable<T>, f: (x: T) => Iterable<unknown>): Iterable<unknown> {
  for (const x of xs) yield* f(x);
}

/**
 * Textually equal subschemas without references (same dialect) accept the same documents. Not memoised here:
 * the checker asks once per pair of forms and memoises its answer for the one diff; nothing outlives the call.
 */
const DYNAMIC_REFS: ReadonlySet<string> = new Set(['$dynamicRef', '$recursiveRef']);
/** Where relaxing a closed object below may narrow what a schema accepts (and dynamic references, as above). */
const RELAXING_NARROWS: ReadonlySet<string> = new Set([
  '$dynamicRef',
  '$recursiveRef',
  'oneOf',
  'maxContains',
]);

function sameSubschema(a: Lazy, b: Lazy): boolean {
  return sameText(a.origin!.doc, a.subschema, b.origin!.doc, b.subschema);
}

/**
 * Whether member `k` of a writer and a reader object atom, each of one part whose members are a table (and no
 * patterns), is the same text without references on both sides: then the member loop's check of it would answer
 * at once (sameSubschema) and is skipped without making either lazy. Not with writer propertyNames, whose test
 * of the name would come first.
 */
function sameMember(wa: ObjAtom, ra: ObjAtom, k: string): boolean {
  if (wa.names.length > 0 || wa.parts.length !== 1 || ra.parts.length !== 1) return false;
  const wp = wa.parts[0]!;
  const rp = ra.parts[0]!;
  if (wp.patterns.length > 0 || rp.patterns.length > 0) return false;
  const wt = wp.props;
  const rt = rp.props;
  if (!(wt instanceof MemberTable) || !(rt instanceof MemberTable)) return false;
  const wi = wt.positionOf(k);
  const ri = rt.positionOf(k);
  if (wi === undefined || ri === undefined) return false;
  const x = wt.values[wi];
  const y = rt.values[ri];
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  return sameText(wt.doc, x, rt.doc, y);
}

function sameText(docA: SchemaDocument, x: unknown, docB: SchemaDocument, y: unknown): boolean {
  if (docA.dialect !== docB.dialect) return false;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return x === y;
  const fx = docA.flags.get(x);
  const fy = docB.flags.get(y);
  if (fx === undefined || fy === undefined || (fx & HAS_REF) !== 0 || (fy & HAS_REF) !== 0) return false;
  return jsonEqual(x, y);
}

function effectiveLo(a: NumAtom): { v: number; excl: boolean } | undefined {
  if (!a.lo) return undefined;
  if (!a.int) return a.lo;
  return { v: a.lo.excl ? Math.floor(a.lo.v) + 1 : Math.ceil(a.lo.v), excl: false };
}
function effectiveHi(a: NumAtom): { v: number; excl: boolean } | undefined {
  if (!a.hi) return undefined;
  if (!a.int) return a.hi;
  return { v: a.hi.excl ? Math.ceil(a.hi.v) - 1 : Math.floor(a.hi.v), excl: false };
}

function effectiveMaxItems(a: ArrAtom, f: Forms): number {
  let max = a.max ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < a.prefix.length; i++) {
    if (a.prefix[i]!.includes(f.bottom)) {
      max = Math.min(max, i);
      break;
    }
  }
  if (a.rest.includes(f.bottom)) max = Math.min(max, a.prefix.length);
  return max;
}
