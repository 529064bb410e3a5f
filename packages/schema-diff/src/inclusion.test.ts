// Regression tests for the inclusion checker: each class of wrong verdict the shape-following engine gave, in
// both directions, with open and closed content models, and the witness it now shows for every break.
import { describe, expect, it } from 'vitest';
import { diffSchemas } from './diff.js';
import { loadDocument } from './document.js';
import { compileInstanceValidator } from './toolkit/validators.js';
import type { Direction, JsonSchema } from './types.js';

const D2020 = 'https://json-schema.org/draft/2020-12/schema';
const D2019 = 'https://json-schema.org/draft/2019-09/schema';

function verdicts(old: JsonSchema, next: JsonSchema, strictReaders = false) {
  const r = diffSchemas(old, next, { strictReaders });
  // The rule list never contradicts the verdicts.
  for (const d of ['backward', 'forward'] as const) {
    expect(r.changes.some((c) => c.breaks[d])).toBe(r.verdicts[d].verdict !== 'holds');
  }
  return r;
}
const holds = (old: JsonSchema, next: JsonSchema, d: Direction, strict = false) =>
  expect(verdicts(old, next, strict).verdicts[d].verdict).toBe('holds');
function fails(old: JsonSchema, next: JsonSchema, d: Direction, strict = false): unknown {
  const r = verdicts(old, next, strict);
  const v = r.verdicts[d];
  expect(v.verdict).toBe('fails');
  if (v.verdict !== 'fails') return undefined;
  // The witness is attached to the change that explains it, with its direction.
  const carrier = r.changes.find((c) => c.witness?.[d] !== undefined);
  expect(carrier?.breaks[d]).toBe(true);
  expect(carrier?.witness?.[d]?.direction).toBe(d);
  return v.witness.instance;
}

const tuple = (n: number) => ({
  $schema: D2020,
  type: 'array',
  prefixItems: [{ type: 'string' }, ...Array.from({ length: n - 1 }, () => ({ type: 'number' }))],
  unevaluatedItems: { type: 'string' },
});

describe('unsound before: tuple positions covered by unevaluatedItems', () => {
  it('removing a position breaks backward, with the array that shows it', () => {
    expect(fails(tuple(3), tuple(2), 'backward')).toEqual(['', 0, 0]);
  });
  it('adding it back breaks forward', () => {
    const w = fails(tuple(2), tuple(3), 'forward') as unknown[];
    expect(w).toHaveLength(3);
    expect(typeof w[2]).toBe('number'); // NEW writes a number where OLD's unevaluatedItems wants a string
  });
  it('a position added whose schema equals what unevaluatedItems required there is compatible both ways', () => {
    const old = {
      $schema: D2020,
      type: 'array',
      prefixItems: [{ type: 'string' }],
      unevaluatedItems: { type: 'integer' },
    };
    const next = { ...old, prefixItems: [{ type: 'string' }, { type: 'integer' }] };
    holds(old, next, 'backward');
    holds(old, next, 'forward');
  });
});

describe('refused before: schemas without $schema are draft-07', () => {
  it('tuple items, additionalItems, dependencies and definitions load and compare', () => {
    const old = {
      definitions: { S: { type: 'string' } },
      type: 'array',
      items: [{ $ref: '#/definitions/S' }],
      additionalItems: { type: 'integer' },
    };
    const next = { ...old, items: [{ $ref: '#/definitions/S' }, { type: 'integer' }] };
    holds(old, next, 'backward');
    holds(old, next, 'forward');
    const deps = { type: 'object', properties: { a: {}, b: {} }, dependencies: { a: ['b'] } };
    holds(deps, { type: 'object', properties: { a: {}, b: {} } }, 'backward');
    expect(fails(deps, { type: 'object', properties: { a: {}, b: {} } }, 'forward')).toEqual({ a: null });
  });
  it('draft-04 boolean exclusiveMaximum is read as draft-04', () => {
    const d4 = 'http://json-schema.org/draft-04/schema#';
    const old = { $schema: d4, type: 'number', maximum: 10, exclusiveMaximum: true };
    holds(old, { $schema: d4, type: 'number', maximum: 10 }, 'backward');
    expect(fails(old, { $schema: d4, type: 'number', maximum: 10 }, 'forward')).toBe(10);
  });
  it('a pair may mix dialects', () => {
    const old = {
      $schema: 'http://json-schema.org/draft-06/schema#',
      type: 'array',
      items: [{ type: 'string' }],
      additionalItems: false,
    };
    const next = { $schema: D2020, type: 'array', prefixItems: [{ type: 'string' }], items: false };
    holds(old, next, 'backward');
    holds(old, next, 'forward');
  });
  it('--default-dialect decides for documents without $schema', () => {
    const old = { type: 'array', prefixItems: [{ type: 'string' }], items: false };
    const next = { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }], items: false };
    // draft-07: prefixItems is unknown and items: false allows only []. 2020-12: a one-item tuple.
    expect(diffSchemas(old, next).compatible).toBe(true);
    expect(diffSchemas(old, next, { defaultDialect: '2020-12' }).verdicts.forward.verdict).toBe('fails');
  });
});

describe('false alarms before', () => {
  it('reordering allOf members', () => {
    const a = { allOf: [{ type: 'string' }, { maxLength: 3 }] };
    const b = { allOf: [{ maxLength: 3 }, { type: 'string' }] };
    holds(a, b, 'backward');
    holds(a, b, 'forward');
  });
  it('allOf: [X] → anyOf: [X] and oneOf: [X]', () => {
    const x = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
    for (const kw of ['anyOf', 'oneOf']) {
      holds({ allOf: [x] }, { [kw]: [x] }, 'backward');
      holds({ allOf: [x] }, { [kw]: [x] }, 'forward');
    }
  });
  it('not: {type: number} → not: {type: integer} widens (backward-compatible only)', () => {
    holds({ not: { type: 'number' } }, { not: { type: 'integer' } }, 'backward');
    expect(fails({ not: { type: 'number' } }, { not: { type: 'integer' } }, 'forward')).toBe(0.5);
  });
  it('removing a dependentSchemas / dependencies entry is backward-compatible', () => {
    const old = { $schema: D2019, type: 'object', dependentSchemas: { card: { required: ['billing'] } } };
    const next = { $schema: D2019, type: 'object' };
    holds(old, next, 'backward');
    expect(fails(old, next, 'forward')).toEqual({ card: null });
    holds({ dependencies: { card: { required: ['billing'] } } }, {}, 'backward');
  });
  it('an enum moved inside allOf', () => {
    const a = { type: 'string', enum: ['a', 'b'] };
    const b = { allOf: [{ type: 'string' }, { enum: ['a', 'b'] }] };
    holds(a, b, 'backward');
    holds(a, b, 'forward');
  });
  it('if/then/else is compared by what it accepts', () => {
    const base = { type: 'object', properties: { kind: { enum: ['card', 'cash'] } }, required: ['kind'] };
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable.
    const cond = { if: { properties: { kind: { const: 'card' } } }, then: { required: ['pan'] } };
    holds({ ...base, ...cond }, base, 'backward');
    expect(fails(base, { ...base, ...cond }, 'backward')).toEqual({ kind: 'card' });
  });
});

describe('content models: open and closed writers, tolerant and strict readers', () => {
  const closed = (p: Record<string, unknown>, req: string[] = []) => ({
    type: 'object',
    additionalProperties: false,
    properties: p,
    required: req,
  });
  const open = (p: Record<string, unknown>, req: string[] = []) => ({
    type: 'object',
    properties: p,
    required: req,
  });
  it('optional property added to a closed writer: compatible for tolerant readers', () => {
    holds(
      closed({ a: { type: 'string' } }),
      closed({ a: { type: 'string' }, b: { type: 'integer' } }),
      'backward',
    );
    holds(
      closed({ a: { type: 'string' } }),
      closed({ a: { type: 'string' }, b: { type: 'integer' } }),
      'forward',
    );
  });
  it('… breaks forward for strict readers, shown with the new property', () => {
    const w = fails(
      closed({ a: { type: 'string' } }),
      closed({ a: { type: 'string' }, b: { type: 'integer' } }),
      'forward',
      true,
    );
    expect(w).toHaveProperty('b');
  });
  it('optional property added to an open writer breaks backward (old data may carry it with any value)', () => {
    const w = fails(
      open({ a: { type: 'string' } }),
      open({ a: { type: 'string' }, b: { type: 'integer' } }),
      'backward',
    ) as Record<string, unknown>;
    expect(typeof w.b).not.toBe('number');
  });
  it('required property removed breaks forward only', () => {
    holds(closed({ a: { type: 'string' } }, ['a']), closed({}), 'backward');
    expect(fails(closed({ a: { type: 'string' } }, ['a']), closed({}), 'forward')).toEqual({});
  });
  it('a recursive $ref with a change deep inside is found', () => {
    const doc = (t: string) => ({
      $schema: D2020,
      $defs: { Node: { type: 'object', properties: { v: { type: t }, next: { $ref: '#/$defs/Node' } } } },
      $ref: '#/$defs/Node',
    });
    holds(doc('integer'), doc('number'), 'backward');
    expect(fails(doc('integer'), doc('number'), 'forward')).toEqual({ v: 0.5 });
  });
  it('patternProperties: a narrower catch-all for matching names breaks backward', () => {
    const old = {
      type: 'object',
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: false,
    };
    const next = {
      type: 'object',
      patternProperties: { '^x-': { type: 'string', maxLength: 3 } },
      additionalProperties: false,
    };
    const w = fails(old, next, 'backward') as Record<string, string>;
    const [name, value] = Object.entries(w)[0]!;
    expect(name.startsWith('x-')).toBe(true);
    expect(value.length).toBeGreaterThan(3);
    holds(old, next, 'forward');
  });
  it('pattern containment is proved for the common regex forms, refuted with a string otherwise', () => {
    const lower = { type: 'string', pattern: '^[a-z]+$' };
    const alnum = { type: 'string', pattern: '^[a-z0-9]+$' };
    holds(lower, alnum, 'backward');
    expect(fails(lower, alnum, 'forward')).toBe('0');
  });
  it('a pattern that needs characters implies a minLength (both reader policies), and no more than it needs', () => {
    const str = (extra: object) => ({ type: 'string', ...extra });
    for (const strict of [false, true]) {
      holds(str({ pattern: '.+' }), str({ minLength: 1 }), 'backward', strict);
      holds(str({ pattern: '^.{2,}' }), str({ minLength: 2 }), 'backward', strict);
      holds(str({ pattern: '(ab|cde)x' }), str({ minLength: 3 }), 'backward', strict);
      holds(str({ pattern: '[0-9]{3}', minLength: 1 }), str({ minLength: 3 }), 'backward', strict);
      // Each writer pattern must match, so the longest requirement counts.
      holds(
        str({ allOf: [{ pattern: 'a' }, { pattern: 'b{4}' }] }),
        str({ minLength: 4 }),
        'backward',
        strict,
      );
      // One character short: a string of the pattern's shortest match breaks the reader.
      expect(fails(str({ pattern: '(ab|cde)x' }), str({ minLength: 4 }), 'backward', strict)).toBe('abx');
      expect(fails(str({ pattern: 'a?' }), str({ minLength: 1 }), 'backward', strict)).toBe('');
      expect(fails(str({ pattern: '^a*$' }), str({ minLength: 1 }), 'backward', strict)).toBe('');
      // An astral character is one character, as minLength counts.
      expect(fails(str({ pattern: '^\\u{1F600}$' }), str({ minLength: 2 }), 'backward', strict)).toBe('😀');
    }
  });
  it('an undecidable keyword is named and counts as breaking', () => {
    const r = diffSchemas(
      { type: 'string', pattern: '^(?=.*[0-9]).{8,}$' },
      { type: 'string', pattern: '^(?=.*[a-z]).{8,}$' },
    );
    expect(r.verdicts.backward).toMatchObject({ verdict: 'undecidable', keyword: 'pattern' });
    expect(r.compatible).toBe(false);
    const change = r.changes.find((c) => c.breaks.backward);
    expect(change?.undecidable).toBe(true);
    expect(change?.undecidableKeyword?.backward).toBe('pattern');
  });
});

describe('shared work stays where it belongs', () => {
  it('equal flat subschemas share one form, yet a failure names the member it is about', () => {
    const member = (description: string, extra: object = {}) => ({ type: 'string', description, ...extra });
    const old = {
      type: 'object',
      properties: { a: member('first'), b: member('second'), c: member('third') },
    };
    const next = {
      type: 'object',
      properties: { a: member('renamed'), b: member('second', { maxLength: 2 }), c: member('third') },
    };
    const r = verdicts(old, next);
    expect(r.verdicts.backward).toMatchObject({
      verdict: 'fails',
      keyword: 'maxLength',
      oldPointer: '/properties/b',
      newPointer: '/properties/b',
      witness: { instancePath: '/b' },
    });
    holds(old, next, 'forward');
  });

  it('flat subschemas that differ in one value are not taken for each other', () => {
    const old = { type: 'object', properties: { a: { enum: [1, 2] }, b: { enum: [1, 2] } } };
    const next = { type: 'object', properties: { a: { enum: [1, 2] }, b: { enum: [1, '2'] } } };
    expect(fails(old, next, 'backward')).toEqual({ b: 2 });
    expect(fails(old, next, 'forward')).toEqual({ b: '2' });
  });

  it('one object at two places of a schema built in code is judged and named at each place', () => {
    const shared = { type: 'string' };
    const old = { type: 'object', properties: { a: shared, b: shared } };
    const next = { type: 'object', properties: { a: shared, b: { type: 'string', maxLength: 3 } } };
    expect(loadDocument(old, 'old').sharesObjects).toBe(true);
    expect(loadDocument(JSON.parse(JSON.stringify(old)), 'old').sharesObjects).toBe(false);
    const r = verdicts(old, next);
    expect(r.verdicts.backward).toMatchObject({ verdict: 'fails', oldPointer: '/properties/b' });
    const reversed = verdicts(
      { type: 'object', properties: { a: { type: 'string', maxLength: 3 }, b: shared } },
      { type: 'object', properties: { a: shared, b: shared } },
    );
    expect(reversed.verdicts.forward).toMatchObject({ verdict: 'fails', oldPointer: '/properties/a' });
  });
});

describe('an unchanged subschema is not always compatible with itself', () => {
  // Relaxed, the closed branches overlap: {a: "x"} then matches both, so the tolerant reader rejects it.
  const choice = {
    oneOf: [
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      { type: 'object', properties: { b: { type: 'number' } }, additionalProperties: false },
    ],
  };
  const version = (extra: object) => ({
    type: 'object',
    properties: { choice, other: { type: 'string' }, ...extra },
  });

  it('an identical oneOf property next to a changed one is still judged for tolerant readers', () => {
    const old = version({});
    const next = version({ added: { type: 'number' } });
    const witness = fails(old, next, 'forward') as { choice?: unknown };
    expect(witness.choice).toBeDefined();
    // The rule walk names it too, at the oneOf (not only the checker).
    const carrier = verdicts(old, next).changes.find((c) => c.witness?.forward !== undefined);
    expect(carrier).toMatchObject({ rule: 'one-of-ambiguous' });
    expect(carrier?.path.startsWith('/properties/choice/oneOf')).toBe(true);
    holds(old, next, 'forward', true);
  });
});

describe('the specification decides where ajv differs (verdicts, witnesses and the shipped validator agree)', () => {
  const D4 = 'http://json-schema.org/draft-04/schema#';
  const D6 = 'http://json-schema.org/draft-06/schema#';
  /** The witness also passes the package's own validators: writer accepts, reader rejects. */
  function failsShipped(old: JsonSchema, next: JsonSchema, d: Direction, strict = false): unknown {
    const w = fails(old, next, d, strict);
    const [writer, reader] = d === 'backward' ? [old, next] : [next, old];
    const dialectOf = (s: JsonSchema) => loadDocument(s, 'x').dialect;
    expect(compileInstanceValidator(dialectOf(writer), writer)(w)).toBe(true);
    expect(compileInstanceValidator(dialectOf(reader), reader)(w)).toBe(false);
    return w;
  }

  it('multipleOf divides the written decimals: 3.3 is a multiple of 1.1, 2.7 of 0.3, 1e22 of 10', () => {
    const num = (m: number) => ({ type: 'number', multipleOf: m });
    holds(num(3.3), num(1.1), 'backward');
    expect(failsShipped(num(3.3), num(1.1), 'forward')).toBe(1.1);
    holds(num(0.9), num(0.3), 'backward');
    expect(failsShipped(num(0.9), num(0.3), 'forward')).not.toBe(0.9);
    holds(num(0.35), num(0.07), 'backward');
    holds({ multipleOf: 20 }, { multipleOf: 10 }, 'backward');
    expect(compileInstanceValidator('draft-07', { multipleOf: 10 })(1e22)).toBe(true);
    expect(compileInstanceValidator('draft-07', { multipleOf: 0.3 })(2.7)).toBe(true);
    expect(typeof failsShipped(num(0.2), num(0.3), 'backward')).toBe('number'); // 1 = 5 × 0.2
    // Inside objects, closed or open: the divisor change is all that matters.
    const obj = (m: number, closed: boolean) => ({
      type: 'object',
      properties: { price: num(m) },
      ...(closed ? { additionalProperties: false } : {}),
    });
    for (const closed of [false, true]) {
      holds(obj(6.6, closed), obj(2.2, closed), 'backward', true);
      expect(failsShipped(obj(6.6, closed), obj(2.2, closed), 'forward', true)).toEqual({ price: 2.2 });
    }
  });

  it('an integer divisor implies integer; several writer divisors imply their lcm', () => {
    holds({ type: 'number', multipleOf: 10 }, { type: 'integer' }, 'backward');
    expect(failsShipped({ type: 'number', multipleOf: 10 }, { type: 'integer' }, 'forward')).toBe(1);
    holds({ type: 'number', multipleOf: 2 }, { multipleOf: 1 }, 'backward');
    holds({ type: 'number', multipleOf: 0.5 }, { type: 'integer' }, 'forward');
    expect(failsShipped({ type: 'number', multipleOf: 0.5 }, { type: 'integer' }, 'backward')).toBe(0.5);
    const both = { type: 'integer', allOf: [{ multipleOf: 3 }, { multipleOf: 5 }] };
    holds(both, { type: 'integer', multipleOf: 15 }, 'backward');
    holds(both, { type: 'integer', multipleOf: 15 }, 'forward');
    expect(failsShipped(both, { type: 'integer', multipleOf: 30 }, 'backward')).toBe(15);
    holds({ type: 'integer', multipleOf: 3 }, { multipleOf: 0.3 }, 'backward');
  });

  it('keywords a dialect lacks assert nothing: draft-04 const/contains/propertyNames, draft-06 if', () => {
    holds({ $schema: D4 }, { $schema: D4, const: 1 }, 'backward');
    holds(
      { $schema: D4, type: 'array' },
      { $schema: D4, type: 'array', contains: { type: 'string' } },
      'backward',
    );
    holds({ $schema: D4 }, { $schema: D4, propertyNames: { maxLength: 1 } }, 'backward');
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable.
    holds({ $schema: D6 }, { $schema: D6, if: { type: 'string' }, then: false }, 'backward');
    // The same documents in the dialect that has the keyword do assert it.
    expect(failsShipped({ $schema: D6 }, { $schema: D6, const: 1 }, 'backward')).not.toBe(1);
    // A draft-04 `const` narrows nothing, so the reader's enum is a real narrowing.
    expect(failsShipped({ $schema: D4, const: 1 }, { $schema: D4, enum: [1, 2] }, 'backward')).not.toBe(1);
    expect(
      failsShipped(
        { $schema: D4, type: 'string', const: 1 },
        { $schema: D4, type: 'boolean', const: 1 },
        'backward',
      ),
    ).toBe('');
  });

  it('$ref siblings are ignored up to draft-07, applied from 2019-09', () => {
    const refd = (extra: object) => ({
      definitions: { s: { type: 'string' } },
      properties: { foo: { $ref: '#/definitions/s', type: 'integer', ...extra } },
    });
    const plain = { properties: { foo: { type: 'string' } } };
    for (const strict of [false, true]) {
      holds(plain, refd({}), 'backward', strict);
      holds(plain, refd({}), 'forward', strict);
    }
    expect(
      failsShipped(refd({}), { properties: { foo: { type: 'string', pattern: 'a' } } }, 'backward'),
    ).toEqual({
      foo: '',
    });
    const next = {
      $schema: D2019,
      $defs: { s: { type: 'string' } },
      properties: { foo: { $ref: '#/$defs/s', type: 'integer' } },
    };
    expect(failsShipped({ $schema: D2019, ...plain }, next, 'backward')).toEqual({ foo: '' });
  });

  it('each dynamic reference keyword belongs to its draft: $recursiveRef 2019-09, $dynamicRef 2020-12', () => {
    const via = (kw: string, schema?: string) => ({
      ...(schema === undefined ? {} : { $schema: schema }),
      [kw]: '#/$defs/s',
      $defs: { s: { type: 'string' } },
    });
    const str = (schema?: string) => ({
      ...(schema === undefined ? {} : { $schema: schema }),
      type: 'string',
    });
    // Read where it is a keyword (resolved statically: one resource)…
    holds(via('$dynamicRef', D2020), str(D2020), 'backward');
    // …and nothing where it is not: the writer accepts every value.
    for (const [kw, schema] of [
      ['$dynamicRef', D2019],
      ['$recursiveRef', D2020],
      ['$dynamicRef', undefined],
      ['$recursiveRef', undefined],
    ] as const) {
      expect(failsShipped(via(kw, schema), str(schema), 'backward'), `${kw} ${schema}`).toBe(null);
    }
  });

  it('dependencies is no 2019-09 / 2020-12 keyword (dependentRequired is)', () => {
    const obj = { $schema: D2020, type: 'object' };
    holds(obj, { ...obj, dependencies: { a: ['b'] } }, 'backward');
    expect(failsShipped(obj, { ...obj, dependentRequired: { a: ['b'] } }, 'backward')).toEqual({ a: null });
    expect(
      failsShipped({ type: 'object' }, { type: 'object', dependencies: { a: ['b'] } }, 'backward'),
    ).toEqual({
      a: null,
    });
  });

  it('an object window of many members has a witness: maxProperties 6, minProperties 9 → 10', () => {
    const w = failsShipped({ type: 'object' }, { type: 'object', maxProperties: 6 }, 'backward') as object;
    expect(Object.keys(w)).toHaveLength(7);
    holds({ type: 'object' }, { type: 'object', maxProperties: 6 }, 'forward');
    const closed = { type: 'object', maxProperties: 43, additionalProperties: { type: 'integer' } };
    expect(
      Object.keys(failsShipped(closed, { ...closed, maxProperties: 41 }, 'backward') as object),
    ).toHaveLength(42);
    const min = (n: number) => ({ type: 'object', minProperties: n });
    expect(Object.keys(failsShipped(min(9), min(10), 'backward') as object)).toHaveLength(9);
    expect(Object.keys(failsShipped(min(47), min(53), 'backward') as object)).toHaveLength(47);
    holds(min(9), min(10), 'forward');
  });
});

describe('unsound before: a closed object under not, or under a branch of oneOf', () => {
  it('the complement of a property holding a closed object is widened, not dropped', () => {
    // {"a": {"c": 1}} passes the writer's not (a is no closed empty object) and fails the reader.
    const writer = {
      type: 'object',
      not: { properties: { a: { type: 'object', additionalProperties: false } } },
    };
    const reader = { type: 'object', properties: { a: { not: { type: 'object' } } }, required: ['a'] };
    expect(diffSchemas(writer, reader, { direction: 'backward' }).verdicts.backward.verdict).not.toBe(
      'holds',
    );
    holds(reader, writer, 'backward');
  });
  it('relaxing a closed object inside one oneOf branch can make the branches overlap', () => {
    const choice = {
      oneOf: [
        { type: 'object' },
        { type: 'object', properties: { a: { type: 'object', additionalProperties: false } } },
      ],
    };
    // The writer accepts {"a": {"c": 1}} (first branch only); relaxed, both branches do and the reader rejects it.
    for (const d of ['backward', 'forward'] as const)
      expect(diffSchemas(choice, choice).verdicts[d].verdict).not.toBe('holds');
    holds(choice, choice, 'backward', true);
  });
});
