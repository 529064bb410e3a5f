// The expected body `accord new consumer` writes: required fields only, type matchers, fixture values; checked on
// the real Order artifact and, as a property, on generated schemas with examples that satisfy them.
import { loadSchema } from '@accord/contracts';
import { MatchersV3 } from '@pact-foundation/pact';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { matcherBody, patternDeclarations } from './new-consumer-body.js';

type Schema = Record<string, unknown>;

/** Evaluates the generated expression with the real pact-js matchers (and the named patterns). */
function evaluate(code: string, patterns: Map<string, string> = new Map()): unknown {
  const names = ['like', 'eachLike', 'regex', 'integer', 'number', 'boolean', 'uuid'] as const;
  const consts = [...patterns].map(([pattern, name]) => [name, pattern] as const);
  const fn = new Function(...names, ...consts.map(([n]) => n), `return (${code});`);
  return fn(...names.map((n) => MatchersV3[n]), ...consts.map(([, p]) => p));
}

const order = loadSchema('Order', 1) as Schema;
const fixture = {
  id: '0b6f3a52-2c8e-4d0e-9a43-2f1f4c6f8e11',
  customerId: 'cus_8f3kQ2Lm',
  status: 'confirmed',
  items: [
    {
      sku: 'MUG-BLUE-350',
      name: 'Blue mug, 350 ml',
      quantity: 2,
      unitPrice: { amount: 1299, currency: 'EUR' },
      lineTotal: { amount: 2598, currency: 'EUR' },
    },
  ],
  total: { amount: 2598, currency: 'EUR' },
  shippingAddress: { name: 'Ada', line1: 'Row 1', city: 'London', postalCode: 'N1', country: 'GB' },
  notes: 'Ring twice',
  createdAt: '2026-11-26T08:15:00Z',
  updatedAt: '2026-11-26T08:15:02.123Z',
};

describe('matcherBody on Order v1', () => {
  it('expects the required fields only, with the fixture values, and lists the optional ones', () => {
    const patterns = new Map<string, string>();
    const body = matcherBody(order, [fixture], { label: 'Order v1', patterns });
    const example = MatchersV3.reify(evaluate(body.code, patterns)) as Record<string, unknown>;
    expect(Object.keys(example).sort()).toEqual((order.required as string[]).slice().sort());
    expect((example.items as Array<Record<string, unknown>>)[0]).toEqual({
      sku: 'MUG-BLUE-350',
      quantity: 2,
      unitPrice: { amount: 1299, currency: 'EUR' },
      lineTotal: { amount: 2598, currency: 'EUR' },
    });
    expect(body.optional).toEqual(['cancellation', 'items[].name', 'notes', 'shippingAddress.line2']);
    expect(body.code).toContain(
      'status: regex("^(?:pending|confirmed|shipped|delivered|cancelled)$", "confirmed")',
    );
    expect(body.code).toContain('quantity: integer(2)');
    expect(body.code).toContain('items: eachLike({');
    expect(body.code).toContain('createdAt: regex(DATE_TIME, "2026-11-26T08:15:00Z")');
    expect(patternDeclarations(patterns)).toMatch(/^const DATE_TIME = "\^\(\?:/);
    expect([...body.matchers].sort()).toEqual(['eachLike', 'integer', 'like', 'regex']);
  });

  it('takes an override before the fixtures, and opted-in optional fields', () => {
    const patterns = new Map<string, string>();
    const body = matcherBody(order, [{ status: 'pending' }, fixture], {
      label: 'Order v1',
      withOptional: new Set(['items[].name', 'notes']),
      patterns,
    });
    expect(body.included.sort()).toEqual(['items[].name', 'notes']);
    expect(body.optional).toEqual(['cancellation', 'shippingAddress.line2']);
    const example = MatchersV3.reify(evaluate(body.code, patterns)) as typeof fixture;
    expect(example.status).toBe('pending');
    expect(example.notes).toBe('Ring twice');
    expect(example.items[0]!.name).toBe('Blue mug, 350 ml');
  });

  it('refuses an optional path the schema does not have', () => {
    expect(() =>
      matcherBody(order, [fixture], { label: 'Order v1', withOptional: new Set(['nope']) }),
    ).toThrow(
      new CliError(
        'BAD_INPUT',
        '--with-optional nope: not an optional property of Order v1 (optional: cancellation, cancellation.comment, items[].name, notes, shippingAddress.line2)',
      ),
    );
  });

  it('says which field has no example when neither fixtures nor schema give one', () => {
    expect(() =>
      matcherBody(
        { type: 'object', properties: { code: { type: 'string', pattern: '^X' } }, required: ['code'] },
        [],
        {
          label: 'T v1',
        },
      ),
    ).toThrow('T v1: no example value for code');
  });

  it('leaves a required but nullable field out, like an optional one', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      required: ['a', 'b'],
    };
    const body = matcherBody(schema, [{ a: 'x', b: null }], { label: 'T v1' });
    expect(body.code).toBe('{ a: like("x") }');
    expect(body.optional).toEqual(['b']);
  });
});

/** A JSON Schema and a document that satisfies it, built together. */
interface Case {
  schema: Schema;
  value: unknown;
}

const leaf: fc.Arbitrary<Case> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }).map((v) => ({ schema: { type: 'string' }, value: v })),
  fc.integer({ min: -1000, max: 1000 }).map((v) => ({ schema: { type: 'integer' }, value: v })),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((v) => ({
    schema: { type: 'number' },
    value: v,
  })),
  fc.boolean().map((v) => ({ schema: { type: 'boolean' }, value: v })),
  fc
    .uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 2, maxLength: 4 })
    .chain((values) =>
      fc.constantFrom(...values).map((v) => ({ schema: { type: 'string', enum: values }, value: v })),
    ),
  fc
    .stringMatching(/^[A-Z]{3}$/)
    .map((v) => ({ schema: { type: 'string', pattern: '^[A-Z]{3}$' }, value: v })),
);

const { node } = fc.letrec<{ node: Case }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .uniqueArray(
        fc.tuple(fc.stringMatching(/^[a-z][a-zA-Z]{0,5}$/), tie('node'), fc.boolean(), fc.boolean()),
        {
          selector: ([k]) => k,
          maxLength: 4,
        },
      )
      .map((props) => ({
        schema: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(props.map(([k, c]) => [k, c.schema])),
          required: props.filter(([, , required]) => required).map(([k]) => k),
        },
        // An optional property may be absent from the example, as in real fixtures.
        value: Object.fromEntries(
          props.filter(([, , required, present]) => required || present).map(([k, c]) => [k, c.value]),
        ),
      })),
    fc.tuple(tie('node'), fc.integer({ min: 0, max: 3 })).map(([item, minItems]) => ({
      schema: { type: 'array', items: item.schema, minItems },
      value: Array.from({ length: Math.max(1, minItems) }, () => item.value),
    })),
  ),
}));

/** True when `value` has exactly the required properties of `schema` everywhere, with the right JSON types. */
function onlyRequired(schema: Schema, value: unknown): boolean {
  if (schema.type === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const required = (schema.required as string[]).slice().sort();
    if (JSON.stringify(Object.keys(value).sort()) !== JSON.stringify(required)) return false;
    const props = schema.properties as Record<string, Schema>;
    return required.every((k) => onlyRequired(props[k]!, (value as Record<string, unknown>)[k]));
  }
  if (schema.type === 'array') {
    return (
      Array.isArray(value) &&
      value.length >= Math.max(1, Number(schema.minItems ?? 0)) &&
      value.every((v) => onlyRequired(schema.items as Schema, v))
    );
  }
  if (schema.type === 'integer') return Number.isInteger(value);
  if (schema.type === 'number') return typeof value === 'number';
  if (Array.isArray(schema.enum)) return schema.enum.includes(value);
  if (typeof schema.pattern === 'string')
    return typeof value === 'string' && new RegExp(schema.pattern).test(value);
  if (schema.type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string';
}

describe('matcherBody on generated schemas', () => {
  it('the body the mock server sends has exactly the required fields, of the right types', () => {
    fc.assert(
      fc.property(node, ({ schema, value }) => {
        const patterns = new Map<string, string>();
        const body = matcherBody(schema, [value], { label: 'T v1', patterns });
        const sent = MatchersV3.reify(evaluate(body.code, patterns));
        expect(onlyRequired(schema, sent)).toBe(true);
      }),
      { numRuns: 200, seed: 20261126 },
    );
  });
});
