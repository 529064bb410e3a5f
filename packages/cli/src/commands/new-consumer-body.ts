// The body a scaffolded pact expects, derived from the contract's JSON Schema: every required property
// (recursively, array items included) with a type matcher and an example value from the fixtures; optional
// and nullable properties only when the consumer opts in, because the provider may leave them out.
import { CliError } from '../errors.js';

type Schema = Record<string, unknown>;

/** The pact-js MatchersV3 functions a body uses (imported by name in the generated test). */
export type MatcherName = 'like' | 'eachLike' | 'regex' | 'integer' | 'number' | 'boolean' | 'uuid';

export interface MatcherBody {
  /** A TypeScript expression building the body with MatchersV3 (`like`, `regex`, …). */
  code: string;
  matchers: Set<MatcherName>;
  /** Optional (or nullable) properties left out, as `items[].name`, for `--with-optional`. */
  optional: string[];
  /** `--with-optional` paths that were taken in. */
  included: string[];
}

export interface MatcherBodyOptions {
  /** Paths (`a.b`, `items[].name`) of optional properties to expect as well. */
  withOptional?: ReadonlySet<string>;
  /** Where the schema comes from, for messages ("Order v1"). */
  label: string;
  /**
   * Long patterns become named constants (`regex(DATE_TIME, …)`): pattern → name, shared by the bodies of
   * one file; the caller declares them (see patternDeclarations).
   */
  patterns?: Map<string, string>;
}

/** Patterns at least this long are named instead of repeated inline. */
const NAMED_PATTERN_LENGTH = 40;

const screaming = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase() || 'PATTERN';

/** `const DATE_TIME = '^…$';` for every named pattern, in the order they were named. */
export function patternDeclarations(patterns: ReadonlyMap<string, string>): string {
  return [...patterns].map(([pattern, name]) => `const ${name} = ${JSON.stringify(pattern)};`).join('\n');
}

/** Patterns the Rust regex engine of the pact verifier cannot run (look-around, back-references). */
const UNSUPPORTED_REGEX = /\(\?<?[=!]|\\[1-9]|\\k</;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string) => (IDENTIFIER.test(k) ? k : JSON.stringify(k));
const join = (path: string, k: string) => (path === '' ? k : `${path}.${k}`);

/** The JSON Schema types a node admits (`type` as string or list; unions through anyOf/oneOf). */
function typesOf(schema: Schema): Set<string> {
  const out = new Set<string>();
  const t = schema.type;
  if (typeof t === 'string') out.add(t);
  else if (Array.isArray(t)) for (const x of t) out.add(String(x));
  for (const branch of [...asList(schema.anyOf), ...asList(schema.oneOf)]) {
    if (isObject(branch)) for (const x of typesOf(branch)) out.add(x);
  }
  if ('const' in schema && schema.const === null) out.add('null');
  if (Array.isArray(schema.enum) && schema.enum.includes(null)) out.add('null');
  return out;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

const nullable = (schema: Schema) => typesOf(schema).has('null');

/** The non-null branch of a union (`anyOf: [X, {type: null}]`), or the schema itself. */
function withoutNull(schema: Schema): Schema {
  const branches = [...asList(schema.anyOf), ...asList(schema.oneOf)].filter(
    (b): b is Schema => isObject(b) && !(b.type === 'null' || ('const' in b && b.const === null)),
  );
  if (branches.length === 1) return { ...schema, ...branches[0], anyOf: undefined, oneOf: undefined };
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    return { ...schema, type: types.length === 1 ? types[0] : types };
  }
  return schema;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A value of `schema` when no fixture has one: const, default, examples, enum, or a plain value of its type. */
function fallbackValue(schema: Schema, path: string, label: string): unknown {
  if ('const' in schema) return schema.const;
  if ('default' in schema && schema.default !== null) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.find((v) => v !== null);
  const types = typesOf(schema);
  if (schema.format === 'uuid') return '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90';
  if (schema.format === 'date-time') return '2026-11-26T08:15:00.000Z';
  if (types.has('string') && schema.pattern === undefined) return 'x'.repeat(Number(schema.minLength ?? 1));
  if (types.has('integer') || types.has('number')) return Number(schema.minimum ?? 0);
  if (types.has('boolean')) return true;
  throw new CliError(
    'BAD_INPUT',
    `${label}: no example value for ${path || '(the body)'} in the contract's fixtures, and none can be made from the schema`,
  );
}

interface Ctx {
  label: string;
  patterns: Map<string, string>;
  withOptional: ReadonlySet<string>;
  matchers: Set<MatcherName>;
  optional: string[];
  included: Set<string>;
}

function use(ctx: Ctx, name: MatcherName, args: string): string {
  ctx.matchers.add(name);
  return `${name}(${args})`;
}

/**
 * `examples`: the values at this place in each fixture (and any override), first the preferred one;
 * the first that has the property wins, so required fields come from the first fixture.
 */
function render(schema: Schema, examples: unknown[], path: string, ctx: Ctx): string {
  const s = nullable(schema) ? withoutNull(schema) : schema;
  const types = typesOf(s);
  const candidates = examples.filter((e) => e !== undefined && e !== null);
  if ('const' in s) return JSON.stringify(s.const);
  if (types.has('object') || isObject(s.properties)) {
    const properties = isObject(s.properties) ? s.properties : {};
    const required = new Set(asList(s.required).map(String));
    const parts: string[] = [];
    for (const [name, sub] of Object.entries(properties)) {
      if (!isObject(sub)) continue;
      const here = join(path, name);
      const always = required.has(name) && !nullable(sub);
      if (!always && !ctx.withOptional.has(here)) {
        ctx.optional.push(here);
        continue;
      }
      if (!always) ctx.included.add(here);
      const values = candidates.filter(isObject).map((e) => e[name]);
      parts.push(`${key(name)}: ${render(sub, values, here, ctx)}`);
    }
    return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
  }
  if (types.has('array')) {
    const items = isObject(s.items) ? s.items : {};
    const elements = candidates.filter(Array.isArray).flat();
    const min = Math.max(1, Number(s.minItems ?? 0));
    const item = render(items, elements, `${path}[]`, ctx);
    return use(ctx, 'eachLike', min > 1 ? `${item}, ${min}` : item);
  }
  const value =
    candidates.find(
      (c) => types.size === 0 || types.has(jsonType(c)) || (types.has('number') && typeof c === 'number'),
    ) ?? fallbackValue(s, path, ctx.label);
  const example = JSON.stringify(value);
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v) => v !== null);
    if (values.length === 1) return JSON.stringify(values[0]);
    if (values.every((v) => typeof v === 'string')) {
      const alternatives = (values as string[])
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|');
      return use(ctx, 'regex', `${JSON.stringify(`^(?:${alternatives})$`)}, ${example}`);
    }
    return use(ctx, 'like', example);
  }
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !UNSUPPORTED_REGEX.test(s.pattern))
      return use(ctx, 'regex', `${patternRef(s, path, ctx)}, ${example}`);
    if (s.format === 'uuid') return use(ctx, 'uuid', example);
    return use(ctx, 'like', example);
  }
  if (typeof value === 'number') {
    if (types.has('integer') && !types.has('number')) return use(ctx, 'integer', example);
    return use(ctx, 'number', example);
  }
  if (typeof value === 'boolean') return use(ctx, 'boolean', example);
  return use(ctx, 'like', example);
}

/** The pattern inline, or the name of its constant when it is long. */
function patternRef(schema: Schema, path: string, ctx: Ctx): string {
  const pattern = schema.pattern as string;
  if (pattern.length < NAMED_PATTERN_LENGTH) return JSON.stringify(pattern);
  const known = ctx.patterns.get(pattern);
  if (known) return known;
  const base = screaming(
    typeof schema.format === 'string' ? schema.format : (path.replace(/\[\]/g, '').split('.').at(-1) ?? ''),
  );
  const taken = new Set(ctx.patterns.values());
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  ctx.patterns.set(pattern, name);
  return name;
}

/** Every optional (or nullable) property path of a schema, for validating `--with-optional`. */
function optionalPaths(schema: Schema, path: string, out: Set<string>): void {
  const s = nullable(schema) ? withoutNull(schema) : schema;
  if (isObject(s.properties)) {
    const required = new Set(asList(s.required).map(String));
    for (const [name, sub] of Object.entries(s.properties)) {
      if (!isObject(sub)) continue;
      const here = join(path, name);
      if (!required.has(name) || nullable(sub)) out.add(here);
      optionalPaths(sub, here, out);
    }
  }
  if (isObject(s.items)) optionalPaths(s.items, `${path}[]`, out);
}

/**
 * Builds the body expression for `schema`. `examples` are whole documents (an override first, then the
 * contract's valid fixtures). Throws CliError for a `--with-optional` path the schema does not have.
 */
export function matcherBody(schema: Schema, examples: unknown[], options: MatcherBodyOptions): MatcherBody {
  const withOptional = options.withOptional ?? new Set<string>();
  const known = new Set<string>();
  optionalPaths(schema, '', known);
  const unknown = [...withOptional].filter((p) => !known.has(p));
  if (unknown.length > 0) {
    throw new CliError(
      'BAD_INPUT',
      `--with-optional ${unknown.join(', ')}: not an optional property of ${options.label} (optional: ${[...known].join(', ') || 'none'})`,
    );
  }
  const ctx: Ctx = {
    label: options.label,
    patterns: options.patterns ?? new Map(),
    withOptional,
    matchers: new Set(),
    optional: [],
    included: new Set(),
  };
  const code = render(schema, examples, '', ctx);
  return { code, matchers: ctx.matchers, optional: ctx.optional, included: [...ctx.included] };
}
