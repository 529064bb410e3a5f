import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { Dialect } from './dialect.js';
import { applySpecification, compileInstanceValidator, withoutRefSiblings } from './validators.js';

const valid = (dialect: Dialect, schema: unknown, instance: unknown) =>
  compileInstanceValidator(dialect, schema)(instance);

describe('compileInstanceValidator reads each dialect as its specification does', () => {
  it('keywords of later drafts assert nothing; in their own draft they do', () => {
    const later: Array<[Dialect, object, unknown]> = [
      ['draft-04', { const: 1 }, 2],
      ['draft-04', { contains: { type: 'string' } }, [1]],
      ['draft-04', { propertyNames: { maxLength: 1 } }, { ab: 1 }],
      // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable.
      ['draft-04', { if: { const: 1 }, then: false }, 1],
      // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable.
      ['draft-06', { if: { const: 1 }, then: false }, 1],
      ['2019-09', { dependencies: { a: ['b'] } }, { a: 1 }],
      ['2020-12', { dependencies: { a: { required: ['b'] } } }, { a: 1 }],
      ['2019-09', { $dynamicRef: '#/$defs/s', $defs: { s: { type: 'string' } } }, 1],
      ['2020-12', { $recursiveRef: '#/$defs/s', $defs: { s: { type: 'string' } } }, 1],
    ];
    for (const [dialect, schema, instance] of later) {
      expect(valid(dialect, schema, instance), `${dialect} ${JSON.stringify(schema)}`).toBe(true);
    }
    expect(valid('draft-06', { const: 1 }, 2)).toBe(false);
    expect(valid('draft-06', { contains: { type: 'string' } }, [1])).toBe(false);
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable.
    expect(valid('draft-07', { if: { const: 1 }, then: false }, 1)).toBe(false);
    expect(valid('draft-07', { dependencies: { a: ['b'] } }, { a: 1 })).toBe(false);
    expect(valid('2020-12', { dependentRequired: { a: ['b'] } }, { a: 1 })).toBe(false);
  });

  it('ignores $ref siblings up to draft-07 and applies them from 2019-09', () => {
    const schema = (defs: string) => ({
      [defs]: { s: { type: 'string' } },
      properties: { foo: { $ref: `#/${defs}/s`, type: 'integer' } },
    });
    for (const d of ['draft-04', 'draft-06', 'draft-07'] as const)
      expect(valid(d, schema('definitions'), { foo: 'abc' })).toBe(true);
    for (const d of ['2019-09', '2020-12'] as const)
      expect(valid(d, schema('$defs'), { foo: 'abc' })).toBe(false);
  });

  it('keeps a $ref sibling that another reference points into, and the document when nothing is pruned', () => {
    const schema = {
      definitions: { s: {} },
      properties: {
        a: { $ref: '#/definitions/s', items: { type: 'string' }, maxLength: 1 },
        b: { $ref: '#/properties/a/items' },
      },
    };
    expect(withoutRefSiblings(schema, 'draft-07')).toEqual({
      definitions: { s: {} },
      properties: { a: { $ref: '#/definitions/s', items: { type: 'string' } }, b: schema.properties.b },
    });
    expect(valid('draft-07', schema, { b: 1 })).toBe(false);
    expect(valid('draft-07', schema, { a: 'abc' })).toBe(true);
    const plain = { definitions: { s: {} }, $ref: '#/definitions/s' };
    expect(withoutRefSiblings(plain, 'draft-07')).toBe(plain);
    expect(withoutRefSiblings(schema, '2020-12')).toBe(schema);
  });

  it('decides multipleOf on the written decimals, and still refuses a divisor that is not > 0', () => {
    for (const d of ['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12'] as const) {
      expect(valid(d, { multipleOf: 1.1 }, 3.3)).toBe(true);
      expect(valid(d, { multipleOf: 0.3 }, 2.7)).toBe(true);
      expect(valid(d, { multipleOf: 10 }, 1e22)).toBe(true);
      expect(valid(d, { multipleOf: 0.3 }, 0.4)).toBe(false);
      expect(valid(d, { multipleOf: 2 }, 'x')).toBe(true);
      expect(() => compileInstanceValidator(d, { multipleOf: 0 })).toThrow(/must be > 0/);
    }
  });
});

describe('applySpecification', () => {
  it("turns any ajv instance of the dialect's class to the specification's reading, with ajv's errors", () => {
    const ajv = applySpecification(new Ajv2020({ allErrors: true, strict: false }), '2020-12');
    const validate = ajv.compile({
      type: 'object',
      dependencies: { a: ['b'] },
      properties: { n: { multipleOf: 0.3 } },
    });
    expect(validate({ a: 1, n: 2.7 })).toBe(true);
    expect(validate({ n: 1 })).toBe(false);
    expect(validate.errors).toMatchObject([
      {
        keyword: 'multipleOf',
        instancePath: '/n',
        schemaPath: '#/properties/n/multipleOf',
        params: { multipleOf: 0.3 },
        message: 'must be multiple of 0.3',
      },
    ]);
    expect(() => ajv.compile({ multipleOf: -1 })).toThrow();
  });
});
