// A parser for the common subset of ECMAScript regexes used in schemas, to build strings a pattern matches.

type CharSet = { ranges: Array<[number, number]>; negated: boolean };
type Node =
  | { t: 'set'; set: CharSet }
  | { t: 'alt'; options: Node[][] }
  | { t: 'start' }
  | { t: 'end' }
  | { t: 'rep'; node: Node; min: number; max: number };

const DIGIT: Array<[number, number]> = [[48, 57]];
const WORD: Array<[number, number]> = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
const SPACE: Array<[number, number]> = [
  [9, 13],
  [32, 32],
];

class Unsupported extends Error {}

/** Parses `source`; undefined when it uses something outside the subset (lookarounds, back-references, \b). */
function parseRegex(source: string): Node[][] | undefined {
  let i = 0;
  const cps = [...source].map((c) => c.codePointAt(0)!);
  const peek = () => cps[i];
  const eat = () => cps[i++]!;

  const escaped = (inClass: boolean): CharSet | number => {
    const c = eat();
    switch (String.fromCodePoint(c)) {
      case 'd':
        return { ranges: DIGIT, negated: false };
      case 'D':
        return { ranges: DIGIT, negated: true };
      case 'w':
        return { ranges: WORD, negated: false };
      case 'W':
        return { ranges: WORD, negated: true };
      case 's':
        return { ranges: SPACE, negated: false };
      case 'S':
        return { ranges: SPACE, negated: true };
      case 'n':
        return 10;
      case 't':
        return 9;
      case 'r':
        return 13;
      case 'f':
        return 12;
      case 'v':
        return 11;
      case '0':
        return 0;
      case 'b':
        if (inClass) return 8;
        throw new Unsupported();
      case 'x': {
        const hex = String.fromCodePoint(eat(), eat());
        return Number.parseInt(hex, 16);
      }
      case 'u': {
        if (peek() === 123) {
          eat();
          let hex = '';
          while (peek() !== undefined && peek() !== 125) hex += String.fromCodePoint(eat());
          eat();
          return Number.parseInt(hex, 16);
        }
        return Number.parseInt(String.fromCodePoint(eat(), eat(), eat(), eat()), 16);
      }
      default:
        if (c >= 49 && c <= 57) throw new Unsupported(); // back-reference
        if (/[pPkcB]/.test(String.fromCodePoint(c))) throw new Unsupported();
        return c;
    }
  };

  const klass = (): CharSet => {
    const set: CharSet = { ranges: [], negated: false };
    if (peek() === 94) {
      eat();
      set.negated = true;
    }
    let first = true;
    while (peek() !== undefined && (peek() !== 93 || first)) {
      first = false;
      let lo: CharSet | number = eat();
      if (lo === 92) lo = escaped(true);
      if (typeof lo !== 'number') {
        if (lo.negated) throw new Unsupported();
        set.ranges.push(...lo.ranges);
        continue;
      }
      if (peek() === 45 && cps[i + 1] !== 93 && cps[i + 1] !== undefined) {
        eat();
        let hi: CharSet | number = eat();
        if (hi === 92) hi = escaped(true);
        if (typeof hi !== 'number') throw new Unsupported();
        set.ranges.push([lo, hi]);
      } else set.ranges.push([lo, lo]);
    }
    if (eat() !== 93) throw new Unsupported();
    return set;
  };

  const alternation = (): Node[][] => {
    const options: Node[][] = [[]];
    while (i < cps.length) {
      const c = peek()!;
      if (c === 41) break; // )
      eat();
      let node: Node;
      if (c === 124) {
        options.push([]);
        continue;
      } else if (c === 94) node = { t: 'start' };
      else if (c === 36) node = { t: 'end' };
      else if (c === 46)
        node = {
          t: 'set',
          set: {
            ranges: [
              [10, 10],
              [13, 13],
              [0x2028, 0x2029],
            ],
            negated: true,
          },
        };
      else if (c === 91) node = { t: 'set', set: klass() };
      else if (c === 40) {
        if (peek() === 63) {
          eat();
          const k = eat();
          if (k === 60 && peek() !== 61 && peek() !== 33) {
            while (peek() !== undefined && peek() !== 62) eat();
            eat();
          } else if (k !== 58) throw new Unsupported();
        }
        node = { t: 'alt', options: alternation() };
        if (eat() !== 41) throw new Unsupported();
      } else if (c === 92) {
        const e = escaped(false);
        node = { t: 'set', set: typeof e === 'number' ? { ranges: [[e, e]], negated: false } : e };
      } else if (c === 42 || c === 43 || c === 63 || c === 123) throw new Unsupported();
      else node = { t: 'set', set: { ranges: [[c, c]], negated: false } };
      // quantifier
      const q = peek();
      let min = 1;
      let max = 1;
      if (q === 42) [min, max] = [0, Number.POSITIVE_INFINITY];
      else if (q === 43) [min, max] = [1, Number.POSITIVE_INFINITY];
      else if (q === 63) [min, max] = [0, 1];
      else if (q === 123) {
        const rest = String.fromCodePoint(...cps.slice(i));
        const m = /^\{(\d+)(,(\d*))?\}/.exec(rest);
        if (m) {
          min = Number(m[1]);
          max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
          i += [...m[0]].length - 1;
        } else max = -1;
      } else max = -1;
      if (max !== -1) {
        if (node.t === 'start' || node.t === 'end') throw new Unsupported();
        eat();
        if (peek() === 63) eat(); // lazy quantifier: same language
        node = { t: 'rep', node, min, max };
      }
      options[options.length - 1]!.push(node);
    }
    return options;
  };

  try {
    const ast = alternation();
    if (i !== cps.length) return undefined;
    return ast;
  } catch (e) {
    if (e instanceof Unsupported || e instanceof RangeError) return undefined;
    throw e;
  }
}

const PREFERRED = [97, 98, 120, 48, 49, 65, 95, 45, 46, 32];

function pick(set: CharSet, variant: number): number | undefined {
  const inside = (c: number) => set.ranges.some(([lo, hi]) => c >= lo && c <= hi);
  const ok = (c: number) => (set.negated ? !inside(c) : inside(c));
  const preferred = PREFERRED.filter(ok);
  if (preferred.length > 0) return preferred[variant % preferred.length];
  if (!set.negated) {
    for (const [lo, hi] of set.ranges) {
      if (hi >= lo) return lo + (variant % (hi - lo + 1));
    }
    return undefined;
  }
  for (let c = 33; c < 0x3000; c++) if (ok(c)) return c;
  return undefined;
}

/**
 * Strings the pattern matches (checked with RegExp): the shortest match and variants with more repetitions,
 * padded where the pattern is unanchored so that length bounds can be met.
 */
export function regexExamples(source: string, minLen = 0, maxLen = Number.POSITIVE_INFINITY): string[] {
  const ast = parseRegex(source);
  const re = new RegExp(source, 'u');
  const out = new Set<string>();
  if (ast !== undefined) {
    for (const extra of [0, 1, 2, 5, Math.max(0, minLen)]) {
      for (const variant of [0, 1, 2]) {
        const s = build(ast, extra, variant);
        if (s === undefined) continue;
        for (const padded of pad(s, source, minLen)) if (re.test(padded)) out.add(padded);
      }
    }
  }
  for (const s of ['', 'a', 'x', '0', 'ab', 'a b'])
    for (const p of pad(s, source, minLen)) if (re.test(p)) out.add(p);
  return [...out].filter((s) => [...s].length <= maxLen).sort((a, b) => a.length - b.length);
}

function pad(s: string, source: string, minLen: number): string[] {
  const len = [...s].length;
  if (len >= minLen) return [s];
  const fill = 'a'.repeat(minLen - len);
  const out: string[] = [];
  if (!source.endsWith('$')) out.push(s + fill);
  if (!source.startsWith('^')) out.push(fill + s);
  return out;
}

function build(options: Node[][], extra: number, variant: number): string | undefined {
  const opt = options[variant % options.length] ?? options[0]!;
  let out = '';
  for (const n of opt) {
    const s = buildNode(n, extra, variant);
    if (s === undefined) return undefined;
    out += s;
  }
  return out;
}

function buildNode(n: Node, extra: number, variant: number): string | undefined {
  switch (n.t) {
    case 'start':
    case 'end':
      return '';
    case 'set': {
      const c = pick(n.set, variant);
      return c === undefined ? undefined : String.fromCodePoint(c);
    }
    case 'alt':
      return build(n.options, extra, variant);
    case 'rep': {
      const times = Math.min(n.max, n.min + extra);
      let s = '';
      for (let k = 0; k < times; k++) {
        const part = buildNode(n.node, extra, variant + k);
        if (part === undefined) return undefined;
        s += part;
      }
      return s;
    }
  }
}

/**
 * The fewest characters (code points, as minLength counts them) of any string the pattern matches: a match is a
 * part of the string, so no shorter string matches. 0 for a pattern outside the parsed subset (a lower bound is all
 * this claims).
 */
export function minMatchLength(source: string): number {
  const ast = parseRegex(source);
  return ast === undefined ? 0 : fewest(ast);
}

function fewest(options: Node[][]): number {
  return Math.min(...options.map((seq) => seq.reduce((n, node) => n + fewestOf(node), 0)));
}

function fewestOf(n: Node): number {
  switch (n.t) {
    case 'start':
    case 'end':
      return 0;
    case 'set':
      return 1;
    case 'alt':
      return fewest(n.options);
    case 'rep':
      return n.min === 0 ? 0 : n.min * fewestOf(n.node);
  }
}

/** A pattern that matches every string (no anchors or assertions, and it matches the empty string). */
export function isUniversalPattern(source: string): boolean {
  if (/[\^$]|\\[bB]|\(\?[=!<]/.test(source)) return false;
  try {
    return new RegExp(source, 'u').test('');
  } catch {
    return false;
  }
}

/** Literal text every match must start with, when the pattern is anchored at the start. */
function anchoredPrefix(source: string): string | undefined {
  if (!source.startsWith('^')) return undefined;
  const ast = parseRegex(source);
  if (ast === undefined || ast.length !== 1) return undefined;
  let out = '';
  for (const n of ast[0]!.slice(1)) {
    if (
      n.t === 'set' &&
      !n.set.negated &&
      n.set.ranges.length === 1 &&
      n.set.ranges[0]![0] === n.set.ranges[0]![1]
    )
      out += String.fromCodePoint(n.set.ranges[0]![0]);
    else break;
  }
  return out;
}

/** Sufficient test that no string matches both patterns (different literal prefixes after `^`, or automata). */
export function patternsDisjoint(a: string, b: string): boolean {
  const pa = anchoredPrefix(a);
  const pb = anchoredPrefix(b);
  if (
    pa !== undefined &&
    pb !== undefined &&
    pa !== '' &&
    pb !== '' &&
    !pa.startsWith(pb) &&
    !pb.startsWith(pa)
  )
    return true;
  return patternsDisjointExactly(a, b).result === 'yes';
}

// ---- automata: inclusion and disjointness of patterns ---------------------------------------------------

interface Nfa {
  /** Per state: epsilon moves and labelled moves. */
  eps: number[][];
  moves: Array<Array<{ set: CharSet; to: number }>>;
  start: number;
  accept: number;
}

const MAX_STATES = 4000;
const MAX_REPEAT = 40;
const ANY: CharSet = { ranges: [], negated: true };

/** Whole-string automaton of a pattern (search semantics: unanchored ends match anything). */
function automaton(source: string): Nfa | undefined {
  const ast = parseRegex(source);
  if (ast === undefined) return undefined;
  const nfa: Nfa = { eps: [], moves: [], start: 0, accept: 0 };
  const state = (): number => {
    nfa.eps.push([]);
    nfa.moves.push([]);
    if (nfa.eps.length > MAX_STATES) throw new RangeError('automaton too large');
    return nfa.eps.length - 1;
  };
  // Anchors are supported at the very start/end of each top-level alternative only.
  const inner = (n: Node): boolean =>
    n.t === 'start' ||
    n.t === 'end' ||
    (n.t === 'alt' && n.options.some((o) => o.some(inner))) ||
    (n.t === 'rep' && inner(n.node));
  const build = (nodes: Node[], from: number): number => {
    let cur = from;
    for (const n of nodes) cur = buildNode(n, cur);
    return cur;
  };
  const buildNode = (n: Node, from: number): number => {
    switch (n.t) {
      case 'start':
      case 'end':
        throw new RangeError('anchor inside the pattern');
      case 'set': {
        const to = state();
        nfa.moves[from]!.push({ set: n.set, to });
        return to;
      }
      case 'alt': {
        const end = state();
        for (const opt of n.options) {
          const s = state();
          nfa.eps[from]!.push(s);
          nfa.eps[build(opt, s)]!.push(end);
        }
        return end;
      }
      case 'rep': {
        if (n.min > MAX_REPEAT || (Number.isFinite(n.max) && n.max > MAX_REPEAT))
          throw new RangeError('repeat too large');
        let cur = from;
        for (let i = 0; i < n.min; i++) cur = buildNode(n.node, cur);
        if (!Number.isFinite(n.max)) {
          const loop = state();
          nfa.eps[cur]!.push(loop);
          const back = buildNode(n.node, loop);
          nfa.eps[back]!.push(loop);
          return loop;
        }
        const end = state();
        nfa.eps[cur]!.push(end);
        for (let i = n.min; i < n.max; i++) {
          cur = buildNode(n.node, cur);
          nfa.eps[cur]!.push(end);
        }
        return end;
      }
    }
  };
  try {
    nfa.start = state();
    nfa.accept = state();
    for (const opt of ast) {
      let nodes = opt;
      const anchoredStart = nodes[0]?.t === 'start';
      if (anchoredStart) nodes = nodes.slice(1);
      const anchoredEnd = nodes.at(-1)?.t === 'end';
      if (anchoredEnd) nodes = nodes.slice(0, -1);
      if (nodes.some(inner)) return undefined;
      let cur = state();
      nfa.eps[nfa.start]!.push(cur);
      if (!anchoredStart)
        cur = buildNode(
          { t: 'rep', node: { t: 'set', set: ANY }, min: 0, max: Number.POSITIVE_INFINITY },
          cur,
        );
      cur = build(nodes, cur);
      if (!anchoredEnd)
        cur = buildNode(
          { t: 'rep', node: { t: 'set', set: ANY }, min: 0, max: Number.POSITIVE_INFINITY },
          cur,
        );
      nfa.eps[cur]!.push(nfa.accept);
    }
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
  return nfa;
}

function closure(nfa: Nfa, states: Iterable<number>): number[] {
  const out = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (out.has(s)) continue;
    out.add(s);
    for (const t of nfa.eps[s]!) stack.push(t);
  }
  return [...out].sort((a, b) => a - b);
}

const inSet = (set: CharSet, c: number): boolean =>
  set.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== set.negated;

/** Representative code points: one per class of characters no pattern distinguishes. */
function alphabet(nfas: Nfa[]): number[] {
  const cuts = new Set<number>([0, 0x10ffff + 1]);
  for (const nfa of nfas) {
    for (const moves of nfa.moves) {
      for (const { set } of moves) {
        for (const [lo, hi] of set.ranges) {
          cuts.add(lo);
          cuts.add(hi + 1);
        }
      }
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const reps: number[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i]!;
    const hi = sorted[i + 1]! - 1;
    // Prefer a printable character of the class.
    const printable = [97, 48, 65, 95, 45, 32].find((c) => c >= lo && c <= hi);
    reps.push(printable ?? (lo >= 0xd800 && lo <= 0xdfff ? Math.min(hi, 0xe000) : lo));
  }
  return reps.filter((c) => c < 0xd800 || c > 0xdfff);
}

function step(nfa: Nfa, states: number[], c: number): number[] {
  const next: number[] = [];
  for (const s of states) for (const m of nfa.moves[s]!) if (inSet(m.set, c)) next.push(m.to);
  return closure(nfa, next);
}

type Search = { result: 'yes' } | { result: 'no'; example: string } | { result: 'unknown' };

/** Breadth-first search of the product automaton for a string the predicate marks as a counterexample. */
function search(nfas: Nfa[], bad: (accepting: boolean[]) => boolean): Search {
  const sigma = alphabet(nfas);
  const start = nfas.map((n) => closure(n, [n.start]));
  const key = (sets: number[][]) => sets.map((s) => s.join(',')).join('|');
  const seen = new Set<string>([key(start)]);
  const queue: Array<{ sets: number[][]; text: string }> = [{ sets: start, text: '' }];
  while (queue.length > 0) {
    const { sets, text } = queue.shift()!;
    const accepting = sets.map((s, i) => s.includes(nfas[i]!.accept));
    if (bad(accepting)) return { result: 'no', example: text };
    for (const c of sigma) {
      const next = sets.map((s, i) => step(nfas[i]!, s, c));
      if (next[0]!.length === 0) continue;
      const k = key(next);
      if (seen.has(k)) continue;
      if (seen.size > MAX_STATES) return { result: 'unknown' };
      seen.add(k);
      queue.push({ sets: next, text: text + String.fromCodePoint(c) });
    }
  }
  return { result: 'yes' };
}

/**
 * Does every string matching `a` match `b`? `no` comes with a string that matches `a` and not `b` (checked with
 * RegExp); `unknown` when a pattern is outside the supported subset or the automaton grows too large.
 */
export function patternIncludes(a: string, b: string): Search {
  if (a === b || isUniversalPattern(b)) return { result: 'yes' };
  const na = automaton(a);
  const nb = automaton(b);
  if (na === undefined || nb === undefined) return { result: 'unknown' };
  const r = search([na, nb], ([x, y]) => x === true && y === false);
  if (r.result === 'no' && !(new RegExp(a, 'u').test(r.example) && !new RegExp(b, 'u').test(r.example))) {
    return { result: 'unknown' };
  }
  return r;
}

/** Can no string match both patterns? `no` comes with a string matching both. */
export function patternsDisjointExactly(a: string, b: string): Search {
  const na = automaton(a);
  const nb = automaton(b);
  if (na === undefined || nb === undefined) return { result: 'unknown' };
  const r = search([na, nb], ([x, y]) => x === true && y === true);
  if (r.result === 'no' && !(new RegExp(a, 'u').test(r.example) && new RegExp(b, 'u').test(r.example))) {
    return { result: 'unknown' };
  }
  return r;
}
