import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECTS, META_SCHEMA_URI } from './dialect.js';
import { certainlyValidSchema } from './meta-check.js';
import { ajvFor } from './validators.js';

// Every keyword some dialect's meta-schema constrains, plus names no meta-schema knows.
const KEYWORDS = [
  '$id',
  'id',
  '$schema',
  '$ref',
  '$anchor',
  '$dynamicRef',
  '$dynamicAnchor',
  '$recursiveRef',
  '$recursiveAnchor',
  '$vocabulary',
  '$comment',
  '$defs',
  'definitions',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'additionalItems',
  'unevaluatedItems',
  'items',
  'prefixItems',
  'maxItems',
  'minItems',
  'uniqueItems',
  'contains',
  'maxContains',
  'minContains',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'unevaluatedProperties',
  'properties',
  'patternProperties',
  'dependencies',
  'dependentSchemas',
  'dependentRequired',
  'propertyNames',
  'const',
  'enum',
  'type',
  'format',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'x-custom',
  'nullable',
];

const scalar = fc.oneof(
  fc.constantFrom(0, 1, -1, 2.5, -0.5, 3, 1e9),
  fc.constantFrom(
    '',
    'a',
    '#',
    '#a',
    'a#b',
    'urn:x',
    '_x',
    '1a',
    'a:b',
    'string',
    'integer',
    'object',
    'strin',
  ),
  fc.boolean(),
  fc.constant(null),
);

// Values of the shapes meta-schemas ask for, and of the shapes they refuse, mixed at random.
const { schema } = fc.letrec<{ schema: unknown; value: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean(),
    fc.dictionary(fc.constantFrom(...KEYWORDS), tie('value'), { maxKeys: 4 }),
  ),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('schema'),
    fc.array(tie('schema'), { maxLength: 3 }),
    fc.array(scalar, { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '^c'), tie('value'), { maxKeys: 2 }),
    fc.constantFrom(['a', 'a'], ['string', 'null'], ['string', 'string'], [], {}),
  ),
}));

describe('certainlyValidSchema', () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: never accepts what the meta-schema (ajv) refuses, and accepts the common valid forms`, () => {
      const ajv = ajvFor(dialect, 'meta');
      let accepted = 0;
      fc.assert(
        fc.property(
          fc.dictionary(fc.constantFrom(...KEYWORDS), fc.oneof(scalar, schema), { maxKeys: 3 }),
          (root) => {
            if (!certainlyValidSchema(root, dialect)) return;
            accepted++;
            expect(ajv.validateSchema({ ...root, $schema: META_SCHEMA_URI[dialect] })).toBe(true);
          },
        ),
        { numRuns: 1500, seed: 11 },
      );
      // The check is only useful if it answers for a good share of what it sees.
      expect(accepted).toBeGreaterThan(20);
    });
  }

  // Each keyword with each probe value, at the root and one level down: every rule's whole value domain.
  const PROBES: unknown[] = [
    0,
    1,
    -1,
    2.5,
    -0.5,
    '',
    'a',
    '#',
    '#a',
    'a#b',
    '_a',
    '1a',
    'a:b',
    'string',
    'strin',
    true,
    false,
    null,
    [],
    ['a'],
    ['a', 'a'],
    ['string', 'null'],
    [1, 1],
    [{}],
    [true],
    [{ type: 'strin' }],
    [['a']],
    {},
    { a: {} },
    { a: true },
    { a: 1 },
    { a: ['b'] },
    { a: [] },
    { a: { type: 'strin' } },
    { type: 'string' },
    { type: 'strin' },
  ];
  for (const dialect of DIALECTS) {
    it(`${dialect}: every keyword with every probe value agrees with ajv where it answers`, () => {
      const ajv = ajvFor(dialect, 'meta');
      for (const kw of KEYWORDS) {
        for (const v of PROBES) {
          for (const doc of [{ [kw]: v }, { properties: { p: { [kw]: v } } }, { allOf: [{ [kw]: v }] }]) {
            if (!certainlyValidSchema(doc, dialect)) continue;
            const valid = ajv.validateSchema({ ...doc, $schema: META_SCHEMA_URI[dialect] });
            expect({ dialect, doc, valid }).toEqual({ dialect, doc, valid: true });
          }
        }
      }
    });
  }

  it('answers for an ordinary document in every dialect', () => {
    const doc = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string', minLength: 1, pattern: '^[a-z]+$' },
        n: { type: ['integer', 'null'], minimum: 0, maximum: 10, multipleOf: 2 },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3, uniqueItems: true },
        kind: { enum: ['a', 'b'] },
        any: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      additionalProperties: false,
    };
    for (const dialect of DIALECTS) expect(certainlyValidSchema(doc, dialect)).toBe(true);
  });

  it('leaves invalid documents to ajv', () => {
    expect(certainlyValidSchema({ type: 'strin' }, '2020-12')).toBe(false);
    expect(certainlyValidSchema({ properties: { a: 1 } }, 'draft-07')).toBe(false);
    expect(certainlyValidSchema({ required: ['a', 'a'] }, '2019-09')).toBe(false);
    expect(certainlyValidSchema({ properties: { a: true } }, 'draft-04')).toBe(false);
    expect(certainlyValidSchema({ exclusiveMaximum: true }, 'draft-04')).toBe(false);
    expect(certainlyValidSchema({ $id: '#a' }, '2020-12')).toBe(false);
    expect(certainlyValidSchema({ items: [{}] }, '2020-12')).toBe(false);
  });
});
