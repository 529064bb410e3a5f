// Rule-by-rule tests: every rule, both directions, open and closed content models, tolerant and strict readers.
import { describe, expect, it } from 'vitest';
import { diffSchemas } from './diff.js';
import type { RuleId } from './rules.js';
import type { JsonSchema } from './types.js';

type Verdict = { backward: boolean; forward: boolean };
const closed = (properties: Record<string, unknown>, required: string[] = [], extra: object = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
  ...extra,
});
const open = (properties: Record<string, unknown>, required: string[] = [], extra: object = {}) => ({
  type: 'object',
  properties,
  required,
  ...extra,
});

function verdictOf(old: JsonSchema, next: JsonSchema, rule: RuleId, strictReaders = false): Verdict {
  // The cases are written in 2020-12 (prefixItems, unevaluated*, maxContains).
  const result = diffSchemas(old, next, { strictReaders, defaultDialect: '2020-12' });
  const hits = result.changes.filter((c) => c.rule === rule);
  if (hits.length === 0) {
    throw new Error(
      `rule ${rule} not reported; got ${result.changes.map((c) => c.rule).join(', ') || 'nothing'}`,
    );
  }
  return {
    backward: hits.some((c) => c.breaks.backward),
    forward: hits.some((c) => c.breaks.forward),
  };
}

const B = { backward: true, forward: false };
const F = { backward: false, forward: true };
const BOTH = { backward: true, forward: true };
const NONE = { backward: false, forward: false };

const cases: Array<[string, JsonSchema, JsonSchema, RuleId, Verdict, { strict?: boolean }?]> = [
  // types
  ['type narrowed', { type: ['string', 'number'] }, { type: 'string' }, 'type-narrowed', B],
  ['type widened', { type: 'integer' }, { type: 'number' }, 'type-widened', F],
  ['number → integer narrows', { type: 'number' }, { type: 'integer' }, 'type-narrowed', B],
  ['type changed', { type: 'string' }, { type: 'number' }, 'type-changed', BOTH],
  ['type added to untyped', {}, { type: 'string' }, 'type-narrowed', B],
  ['nullable via type array', { type: 'string' }, { type: ['string', 'null'] }, 'nullable-added', F],
  ['nullable removed', { type: ['string', 'null'] }, { type: 'string' }, 'nullable-removed', B],
  ['OpenAPI nullable', { type: 'string' }, { type: 'string', nullable: true }, 'nullable-added', F],
  [
    'schema closed',
    { type: 'object', properties: { a: { type: 'string' } } },
    { type: 'object', properties: { a: false } },
    'schema-closed',
    B,
  ],
  [
    'schema opened',
    { type: 'array', prefixItems: [true], items: false },
    { type: 'array', prefixItems: [true] },
    'schema-opened',
    F,
  ],
  // enum / const
  ['enum value removed', { enum: ['a', 'b'] }, { enum: ['a'] }, 'enum-value-removed', B],
  ['enum value added', { enum: ['a'] }, { enum: ['a', 'b'] }, 'enum-value-added', F],
  ['enum added', { type: 'string' }, { type: 'string', enum: ['a'] }, 'enum-added', B],
  ['enum removed', { type: 'string', enum: ['a'] }, { type: 'string' }, 'enum-removed', F],
  ['const added', { type: 'string' }, { type: 'string', const: 'a' }, 'const-added', B],
  ['const removed', { const: 'a' }, {}, 'const-removed', F],
  ['const changed', { const: 'a' }, { const: 'b' }, 'const-changed', BOTH],
  ['const → enum superset', { const: 'a' }, { enum: ['a', 'b'] }, 'enum-value-added', F],
  [
    'object enum values compare structurally',
    { enum: [{ a: 1, b: 2 }] },
    { enum: [{ b: 2, a: 1 }, 3] },
    'enum-value-added',
    F,
  ],
  // strings
  ['maxLength added', { type: 'string' }, { type: 'string', maxLength: 5 }, 'max-length-added', B],
  [
    'maxLength decreased',
    { type: 'string', maxLength: 9 },
    { type: 'string', maxLength: 5 },
    'max-length-decreased',
    B,
  ],
  [
    'maxLength increased',
    { type: 'string', maxLength: 5 },
    { type: 'string', maxLength: 9 },
    'max-length-increased',
    F,
  ],
  ['maxLength removed', { type: 'string', maxLength: 5 }, { type: 'string' }, 'max-length-removed', F],
  ['minLength added', { type: 'string' }, { type: 'string', minLength: 1 }, 'min-length-added', B],
  [
    'minLength increased',
    { type: 'string', minLength: 1 },
    { type: 'string', minLength: 2 },
    'min-length-increased',
    B,
  ],
  [
    'minLength decreased',
    { type: 'string', minLength: 2 },
    { type: 'string', minLength: 1 },
    'min-length-decreased',
    F,
  ],
  ['minLength removed', { type: 'string', minLength: 2 }, { type: 'string' }, 'min-length-removed', F],
  ['pattern added', { type: 'string' }, { type: 'string', pattern: '^a' }, 'pattern-added', B],
  ['pattern removed', { type: 'string', pattern: '^a' }, { type: 'string' }, 'pattern-removed', F],
  [
    'pattern changed to an equivalent one (search semantics) is compatible',
    { type: 'string', pattern: '^a' },
    { type: 'string', pattern: '^ab?' },
    'pattern-changed',
    NONE,
  ],
  [
    'pattern narrowed',
    { type: 'string', pattern: '^a' },
    { type: 'string', pattern: '^ab' },
    'pattern-changed',
    B,
  ],
  ['format added', { type: 'string' }, { type: 'string', format: 'uuid' }, 'format-added', B],
  ['format removed', { type: 'string', format: 'uuid' }, { type: 'string' }, 'format-removed', F],
  [
    'format changed',
    { type: 'string', format: 'uuid' },
    { type: 'string', format: 'email' },
    'format-changed',
    BOTH,
  ],
  // numbers
  ['maximum added', { type: 'number' }, { type: 'number', maximum: 5 }, 'maximum-added', B],
  [
    'maximum decreased',
    { type: 'number', maximum: 9 },
    { type: 'number', maximum: 5 },
    'maximum-decreased',
    B,
  ],
  [
    'maximum increased',
    { type: 'number', maximum: 5 },
    { type: 'number', maximum: 9 },
    'maximum-increased',
    F,
  ],
  [
    'minimum increased',
    { type: 'integer', minimum: 0 },
    { type: 'integer', minimum: 1 },
    'minimum-increased',
    B,
  ],
  [
    'minimum decreased',
    { type: 'integer', minimum: 1 },
    { type: 'integer', minimum: 0 },
    'minimum-decreased',
    F,
  ],
  ['minimum removed', { type: 'integer', minimum: 1 }, { type: 'integer' }, 'minimum-removed', F],
  [
    'exclusiveMaximum added',
    { type: 'number' },
    { type: 'number', exclusiveMaximum: 3 },
    'exclusive-maximum-added',
    B,
  ],
  [
    'exclusiveMinimum decreased',
    { type: 'number', exclusiveMinimum: 3 },
    { type: 'number', exclusiveMinimum: 1 },
    'exclusive-minimum-decreased',
    F,
  ],
  ['multipleOf added', { type: 'number' }, { type: 'number', multipleOf: 2 }, 'multiple-of-added', B],
  ['multipleOf removed', { type: 'number', multipleOf: 2 }, { type: 'number' }, 'multiple-of-removed', F],
  [
    'multipleOf 2 → 4 narrows',
    { type: 'number', multipleOf: 2 },
    { type: 'number', multipleOf: 4 },
    'multiple-of-changed',
    B,
  ],
  [
    'multipleOf 4 → 2 widens',
    { type: 'number', multipleOf: 4 },
    { type: 'number', multipleOf: 2 },
    'multiple-of-changed',
    F,
  ],
  [
    'multipleOf 2 → 3 both',
    { type: 'number', multipleOf: 2 },
    { type: 'number', multipleOf: 3 },
    'multiple-of-changed',
    BOTH,
  ],
  // arrays
  ['maxItems added', { type: 'array' }, { type: 'array', maxItems: 3 }, 'max-items-added', B],
  [
    'minItems decreased',
    { type: 'array', minItems: 3 },
    { type: 'array', minItems: 1 },
    'min-items-decreased',
    F,
  ],
  ['uniqueItems added', { type: 'array' }, { type: 'array', uniqueItems: true }, 'unique-items-added', B],
  ['uniqueItems removed', { type: 'array', uniqueItems: true }, { type: 'array' }, 'unique-items-removed', F],
  [
    'items type widened',
    { type: 'array', items: { type: 'integer' } },
    { type: 'array', items: { type: 'number' } },
    'type-widened',
    F,
  ],
  [
    'prefixItems position added (closed tuple)',
    { type: 'array', prefixItems: [{ type: 'string' }], items: false },
    { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
    'prefix-item-added',
    NONE,
  ],
  [
    'prefixItems position added closes the rest',
    { type: 'array', prefixItems: [{ type: 'string' }], items: false },
    { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
    'schema-opened',
    F,
  ],
  [
    'prefixItems position added to open tuple',
    { type: 'array', prefixItems: [{ type: 'string' }] },
    { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] },
    'type-narrowed',
    B,
  ],
  [
    'maxContains decreased',
    { type: 'array', contains: { type: 'string' }, maxContains: 3 },
    { type: 'array', contains: { type: 'string' }, maxContains: 2 },
    'max-contains-decreased',
    B,
  ],
  // objects
  [
    'maxProperties added',
    { type: 'object' },
    { type: 'object', maxProperties: 3 },
    'max-properties-added',
    B,
  ],
  [
    'minProperties decreased',
    { type: 'object', minProperties: 3 },
    { type: 'object', minProperties: 1 },
    'min-properties-decreased',
    F,
  ],
  [
    'closed: optional property added is fully compatible',
    closed({ a: { type: 'string' } }),
    closed({ a: { type: 'string' }, b: { type: 'string' } }),
    'property-added',
    NONE,
  ],
  [
    'closed: optional property added, strict readers',
    closed({ a: { type: 'string' } }),
    closed({ a: { type: 'string' }, b: { type: 'string' } }),
    'property-added',
    F,
    { strict: true },
  ],
  [
    'open: optional property added breaks backward',
    open({ a: { type: 'string' } }),
    open({ a: { type: 'string' }, b: { type: 'string' } }),
    'property-added',
    B,
  ],
  [
    'open: property with empty schema added is fine',
    open({ a: { type: 'string' } }),
    open({ a: { type: 'string' }, b: {} }),
    'property-added',
    NONE,
  ],
  [
    'closed: optional property removed is fully compatible',
    closed({ a: { type: 'string' }, b: { type: 'string' } }),
    closed({ a: { type: 'string' } }),
    'property-removed',
    NONE,
  ],
  [
    'closed: optional property removed, strict readers',
    closed({ a: { type: 'string' }, b: { type: 'string' } }),
    closed({ a: { type: 'string' } }),
    'property-removed',
    B,
    { strict: true },
  ],
  [
    'open: optional property removed breaks forward',
    open({ a: { type: 'string' }, b: { type: 'string' } }),
    open({ a: { type: 'string' } }),
    'property-removed',
    F,
  ],
  [
    'required property added',
    closed({ a: { type: 'string' } }),
    closed({ a: { type: 'string' }, b: { type: 'string' } }, ['b']),
    'required-property-added',
    B,
  ],
  [
    'required property added with default still breaks validating readers',
    closed({}),
    closed({ b: { type: 'string', default: 'x' } }, ['b']),
    'required-property-added',
    B,
  ],
  [
    'required property removed',
    closed({ a: { type: 'string' } }, ['a']),
    closed({}),
    'required-property-removed',
    F,
  ],
  [
    'existing property became required',
    closed({ a: { type: 'string' } }),
    closed({ a: { type: 'string' } }, ['a']),
    'required-added',
    B,
  ],
  [
    'property became optional',
    closed({ a: { type: 'string' } }, ['a']),
    closed({ a: { type: 'string' } }),
    'required-removed',
    F,
  ],
  [
    'additionalProperties closed (tolerant readers)',
    open({ a: { type: 'string' } }),
    closed({ a: { type: 'string' } }),
    'additional-properties-closed',
    NONE,
  ],
  [
    'additionalProperties closed (strict readers)',
    open({ a: { type: 'string' } }),
    closed({ a: { type: 'string' } }),
    'additional-properties-closed',
    B,
    { strict: true },
  ],
  [
    'additionalProperties opened (strict readers)',
    closed({ a: { type: 'string' } }),
    open({ a: { type: 'string' } }),
    'additional-properties-opened',
    F,
    { strict: true },
  ],
  [
    'additionalProperties opened (tolerant readers)',
    closed({ a: { type: 'string' } }),
    open({ a: { type: 'string' } }),
    'additional-properties-opened',
    NONE,
  ],
  [
    'map value narrowed',
    { type: 'object', additionalProperties: { type: ['string', 'number'] } },
    { type: 'object', additionalProperties: { type: 'string' } },
    'type-narrowed',
    B,
  ],
  [
    'catch-all narrowed from open',
    open({}),
    open({}, [], { additionalProperties: { type: 'string' } }),
    'additional-properties-narrowed',
    B,
  ],
  [
    'catch-all widened to open',
    open({}, [], { additionalProperties: { type: 'string' } }),
    open({}),
    'additional-properties-widened',
    F,
  ],
  [
    'removed property must fit the new map value type',
    open({ a: { type: 'number' } }, [], { additionalProperties: { type: 'string' } }),
    open({}, [], { additionalProperties: { type: 'string' } }),
    'type-changed',
    BOTH,
  ],
  [
    'unevaluatedProperties false behaves like additionalProperties false',
    open({ a: { type: 'string' } }),
    open({ a: { type: 'string' } }, [], { unevaluatedProperties: false }),
    'additional-properties-closed',
    B,
    { strict: true },
  ],
  [
    'patternProperties added constrains an open writer',
    open({}),
    open({}, [], { patternProperties: { '^x-': { type: 'string' } } }),
    'pattern-property-added',
    B,
  ],
  [
    'patternProperties added for a closed writer is fine',
    closed({}),
    closed({}, [], { patternProperties: { '^x-': { type: 'string' } } }),
    'pattern-property-added',
    F,
    { strict: true },
  ],
  [
    'patternProperties schema narrowed',
    open({}, [], { patternProperties: { '^x-': { type: ['string', 'number'] } } }),
    open({}, [], { patternProperties: { '^x-': { type: 'string' } } }),
    'type-narrowed',
    B,
  ],
  [
    'declared property checked against a new matching pattern',
    closed({ 'x-a': { type: 'number' } }),
    closed({ 'x-a': { type: 'number' } }, [], { patternProperties: { '^x-': { type: 'string' } } }),
    'type-changed',
    B,
  ],
  [
    'pattern replaced by a disjoint one: tolerant readers accept the old names as unknown',
    open({}, [], { additionalProperties: false, patternProperties: { '^a': { type: 'string' } } }),
    open({}, [], { additionalProperties: false, patternProperties: { '^b': { type: 'string' } } }),
    'pattern-property-added',
    NONE,
  ],
  [
    '… and in the other direction',
    open({}, [], { additionalProperties: false, patternProperties: { '^a': { type: 'string' } } }),
    open({}, [], { additionalProperties: false, patternProperties: { '^b': { type: 'string' } } }),
    'pattern-property-removed',
    NONE,
  ],
  [
    'pattern replaced by a disjoint one breaks strict readers',
    open({}, [], { additionalProperties: false, patternProperties: { '^a': { type: 'string' } } }),
    open({}, [], { additionalProperties: false, patternProperties: { '^b': { type: 'string' } } }),
    'pattern-property-removed',
    BOTH,
    { strict: true },
  ],
  // combinators
  [
    'anyOf branch added',
    { anyOf: [{ type: 'string' }] },
    { anyOf: [{ type: 'string' }, { type: 'number' }] },
    'any-of-branch-added',
    F,
  ],
  [
    'anyOf branch removed',
    { anyOf: [{ type: 'string' }, { type: 'number' }] },
    { anyOf: [{ type: 'string' }] },
    'any-of-branch-removed',
    B,
  ],
  [
    'zod-style nullable union',
    { type: 'string' },
    { anyOf: [{ type: 'string' }, { type: 'null' }] },
    'any-of-branch-added',
    F,
  ],
  [
    'anyOf branch added that an old branch covers',
    { anyOf: [{ type: 'number' }] },
    { anyOf: [{ type: 'number' }, { type: 'integer' }] },
    'any-of-branch-added',
    NONE,
  ],
  [
    'oneOf branch added, disjoint',
    { oneOf: [{ type: 'string' }] },
    { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
    'one-of-branch-added',
    F,
  ],
  [
    'oneOf branch added, overlapping',
    { oneOf: [{ type: 'number' }] },
    { oneOf: [{ type: 'number' }, { type: 'integer' }] },
    'one-of-ambiguous',
    B,
  ],
  [
    'oneOf with discriminator is disjoint',
    { oneOf: [closed({ kind: { const: 'a' } }, ['kind'])] },
    { oneOf: [closed({ kind: { const: 'a' } }, ['kind']), closed({ kind: { const: 'b' } }, ['kind'])] },
    'one-of-branch-added',
    F,
  ],
  [
    'oneOf branch removed',
    { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
    { oneOf: [{ type: 'string' }] },
    'one-of-branch-removed',
    B,
  ],
  [
    'anyOf branch narrowed in place',
    { anyOf: [{ type: 'string', maxLength: 9 }, { type: 'null' }] },
    { anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }] },
    'max-length-decreased',
    B,
  ],
  [
    'allOf member added',
    { allOf: [{ type: 'string' }] },
    { allOf: [{ type: 'string' }, { maxLength: 3 }] },
    'all-of-member-added',
    B,
  ],
  [
    'allOf member added that OLD already satisfies',
    { type: 'string', maxLength: 2 },
    { type: 'string', maxLength: 2, allOf: [{ maxLength: 3 }] },
    'all-of-member-added',
    NONE,
  ],
  [
    'allOf member removed',
    { allOf: [{ type: 'string' }, { maxLength: 3 }] },
    { allOf: [{ type: 'string' }] },
    'all-of-member-removed',
    F,
  ],
  [
    'allOf member changed',
    { allOf: [{ type: 'string', minLength: 1 }] },
    { allOf: [{ type: 'string', minLength: 2 }] },
    'min-length-increased',
    B,
  ],
  // unmodelled keywords and annotations
  ['not added', { type: 'string' }, { type: 'string', not: { const: '' } }, 'keyword-added', B],
  ['not removed', { type: 'string', not: { const: '' } }, { type: 'string' }, 'keyword-removed', F],
  [
    'if/else changed: the checker decides it (else narrowed)',
    { if: { type: 'string' }, else: { minimum: 1 } },
    { if: { type: 'string' }, else: { minimum: 2 } },
    'keyword-changed',
    B,
  ],
  ['default added', { type: 'string' }, { type: 'string', default: 'a' }, 'default-added', NONE],
  [
    'default changed',
    { type: 'string', default: 'a' },
    { type: 'string', default: 'b' },
    'default-changed',
    NONE,
  ],
  ['default removed', { type: 'string', default: 'a' }, { type: 'string' }, 'default-removed', NONE],
];

describe('rules', () => {
  it.each(cases)('%s', (_name, old, next, rule, expected, opts) => {
    expect(verdictOf(old, next, rule, opts?.strict ?? false)).toEqual(expected);
  });

  it('reports nothing for identical schemas', () => {
    const s = closed({ a: { type: 'string' } }, ['a']);
    expect(diffSchemas(s, structuredClone(s)).changes).toEqual([]);
  });

  it('ignores annotations like title and description', () => {
    expect(diffSchemas({ type: 'string', title: 'A' }, { type: 'string', description: 'B' }).changes).toEqual(
      [],
    );
  });

  it('does not compare string keywords when the string type is gone', () => {
    const rules = diffSchemas({ type: 'string', maxLength: 3 }, { type: 'number' }).changes.map(
      (c) => c.rule,
    );
    expect(rules).toEqual(['type-changed']);
  });

  it('gives paths into both documents and before/after values', () => {
    const old = closed({ a: closed({ b: { type: 'string', maxLength: 9 } }) });
    const next = closed({ a: closed({ b: { type: 'string', maxLength: 5 } }) });
    const [change] = diffSchemas(old, next).changes;
    expect(change).toMatchObject({
      rule: 'max-length-decreased',
      path: '/properties/a/properties/b/maxLength',
      oldPath: '/properties/a/properties/b/maxLength',
      newPath: '/properties/a/properties/b/maxLength',
      before: 9,
      after: 5,
      breaks: { backward: true, forward: false },
    });
    expect(change?.reasons.backward).toMatch(/readers on NEW reject data written with OLD/);
  });

  it('judges the asked direction only', () => {
    const old = { enum: ['a'] };
    const next = { enum: ['a', 'b'] };
    expect(diffSchemas(old, next, { direction: 'backward' }).compatible).toBe(true);
    expect(diffSchemas(old, next, { direction: 'forward' }).compatible).toBe(false);
    expect(diffSchemas(old, next, { direction: 'full' }).compatible).toBe(false);
  });

  it('marks undecidable changes', () => {
    const [change] = diffSchemas({ type: 'string', pattern: 'a' }, { type: 'string', pattern: 'b' }).changes;
    expect(change?.undecidable).toBe(true);
    expect(change?.message).toMatch(/cannot be decided/);
  });
});
