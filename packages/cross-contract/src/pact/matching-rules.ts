// Pact matching rules (v2 flat, v3/v4 per category) reduced to one question: may this value vary by kind?

/** Matchers that say "any value of this kind": they relax value constraints of the document's schema. */
const RELAXING = new Set([
  'type',
  'regex',
  'integer',
  'decimal',
  'number',
  'boolean',
  'date',
  'time',
  'timestamp',
  'datetime',
  'include',
  'notEmpty',
  'semver',
  'values',
  'eachKey',
  'eachValue',
  'arrayContains',
  'contentType',
]);

type Token = string | typeof ANY;
const ANY = Symbol('any');

interface Rule {
  tokens: Token[];
  wildcards: number;
  relaxes: boolean;
}

const unquote = (m: RegExpExecArray): Token => m[1]!.replace(/\\(.)/g, '$1');
const TOKEN_PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => Token]> = [
  [/^\.\*/, () => ANY],
  [/^\[\*\]/, () => ANY],
  [/^\.([^.[\]]+)/, (m) => m[1]!],
  [/^\[(\d+)\]/, (m) => m[1]!],
  [/^\['((?:[^'\\]|\\.)*)'\]/, unquote],
  [/^\["((?:[^"\\]|\\.)*)"\]/, unquote],
];

/** Parses `$.a[*].b`, `$['x-y'][0]`, `$.*` into tokens; undefined when the expression is not understood. */
function parseRulePath(expression: string): Token[] | undefined {
  if (!expression.startsWith('$')) return undefined;
  const tokens: Token[] = [];
  let rest = expression.slice(1);
  while (rest.length > 0) {
    let consumed = 0;
    for (const [pattern, token] of TOKEN_PATTERNS) {
      const match = pattern.exec(rest);
      if (!match) continue;
      tokens.push(token(match));
      consumed = match[0].length;
      break;
    }
    if (consumed === 0) return undefined;
    rest = rest.slice(consumed);
  }
  return tokens;
}

function matcherNames(definition: unknown): string[] {
  if (definition === null || typeof definition !== 'object') return [];
  const d = definition as Record<string, unknown>;
  // v3/v4: {combine, matchers: [{match: 'type'}, …]}; v2: {match: 'type'} or {regex: '…'} / {min: 1}.
  const list = Array.isArray(d.matchers) ? (d.matchers as unknown[]) : [d];
  return list.flatMap((m) => {
    if (m === null || typeof m !== 'object') return [];
    const matcher = m as Record<string, unknown>;
    if (typeof matcher.match === 'string') return [matcher.match];
    if (typeof matcher.regex === 'string') return ['regex'];
    if ('min' in matcher || 'max' in matcher) return ['type'];
    return [];
  });
}

function rule(tokens: Token[], definition: unknown): Rule {
  const names = matcherNames(definition);
  return {
    tokens,
    wildcards: tokens.filter((t) => t === ANY).length,
    relaxes: names.some((n) => RELAXING.has(n)),
  };
}

/** The matching rules of one part of a pact message (its body, or its headers). */
export class MatchingRules {
  private constructor(private readonly rules: Rule[]) {}

  static none(): MatchingRules {
    return new MatchingRules([]);
  }

  /**
   * Body rules of a response or request: v3/v4 `matchingRules.body` (paths relative to the body) or v2
   * `matchingRules` keys under `$.body`.
   */
  static body(matchingRules: unknown): MatchingRules {
    const rules: Rule[] = [];
    if (matchingRules === null || typeof matchingRules !== 'object') return new MatchingRules(rules);
    const all = matchingRules as Record<string, unknown>;
    if (all.body !== null && typeof all.body === 'object') {
      for (const [expression, definition] of Object.entries(all.body as Record<string, unknown>)) {
        const tokens = parseRulePath(expression);
        if (tokens) rules.push(rule(tokens, definition));
      }
    }
    for (const [expression, definition] of Object.entries(all)) {
      if (!expression.startsWith('$.body')) continue;
      const tokens = parseRulePath(expression);
      if (tokens && tokens[0] === 'body') rules.push(rule(tokens.slice(1), definition));
    }
    return new MatchingRules(rules);
  }

  /** Header rules: v3/v4 `matchingRules.header[Name]`, v2 `$.headers.Name` / `$.headers['Name']`. */
  static headers(matchingRules: unknown): MatchingRules {
    const rules: Rule[] = [];
    if (matchingRules === null || typeof matchingRules !== 'object') return new MatchingRules(rules);
    const all = matchingRules as Record<string, unknown>;
    const header = all.header ?? all.headers;
    if (header !== null && typeof header === 'object') {
      for (const [name, definition] of Object.entries(header as Record<string, unknown>)) {
        const tokens = name.startsWith('$') ? parseRulePath(name) : [name];
        if (tokens && tokens.length === 1 && typeof tokens[0] === 'string')
          rules.push(rule([tokens[0].toLowerCase()], definition));
      }
    }
    for (const [expression, definition] of Object.entries(all)) {
      if (!expression.startsWith('$.headers')) continue;
      const tokens = parseRulePath(expression);
      if (tokens && tokens.length === 2 && typeof tokens[1] === 'string')
        rules.push(rule([tokens[1].toLowerCase()], definition));
    }
    return new MatchingRules(rules);
  }

  /**
   * Whether the value at `path` (body-relative tokens, ajv instancePath segments) is governed by a relaxing
   * matcher: the most specific rule matching the path or one of its ancestors decides (longest, then fewer
   * wildcards), so an `equality` rule below a `type` rule makes its subtree exact again.
   */
  relaxes(path: readonly string[]): boolean {
    let best: Rule | undefined;
    for (const r of this.rules) {
      if (r.tokens.length > path.length) continue;
      if (!r.tokens.every((t, i) => t === ANY || t === path[i])) continue;
      if (
        best === undefined ||
        r.tokens.length > best.tokens.length ||
        (r.tokens.length === best.tokens.length && r.wildcards < best.wildcards)
      ) {
        best = r;
      }
    }
    return best?.relaxes ?? false;
  }

  get size(): number {
    return this.rules.length;
  }
}
