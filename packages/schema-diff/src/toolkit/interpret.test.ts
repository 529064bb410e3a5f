import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  documentArb,
  instanceOf,
  mutate,
  mutationArb,
  NOPE,
  type Obj,
  perturb,
  rngFrom,
} from '../../test/generators.js';
import { loadDocument } from '../document.js';
import type { Dialect } from './dialect.js';
import { interpretedValidator, NeedsCompiledValidator } from './interpret.js';
import { relaxSchema } from './relax.js';
import { compileInstanceValidator } from './validators.js';

type Answer = boolean | 'ajv' | 'cycle';
type Check = (instance: unknown) => Answer;

/** Both validators of one document, each compiled once (ajv on first use). */
function validators(schema: unknown, dialect: Dialect): { mine: Check; theirs: Check } {
  const doc = loadDocument(schema, 'schema', { defaultDialect: dialect });
  const interpret = interpretedValidator(doc);
  let ajv: ((instance: unknown) => boolean) | undefined;
  return {
    mine: (instance) => {
      try {
        return interpret(instance);
      } catch (e) {
        if (e instanceof NeedsCompiledValidator) return 'ajv';
        if (e instanceof RangeError) return 'cycle';
        throw e;
      }
    },
    theirs: (instance) => {
      try {
        ajv ??= compileInstanceValidator(dialect, schema);
        return ajv(instance);
      } catch (e) {
        if (e instanceof RangeError) return 'cycle';
        throw e;
      }
    },
  };
}

const interpreted = (schema: unknown, dialect: Dialect, instance: unknown): Answer =>
  validators(schema, dialect).mine(instance);
const compiled = (schema: unknown, dialect: Dialect, instance: unknown): Answer =>
  validators(schema, dialect).theirs(instance);

/** ajv 8 skips `contains` on an empty array next to `prefixItems` (see test/soundness.test.ts). */
const ajvContainsBug = (s: Obj) =>
  /"contains"/.test(JSON.stringify(s)) && /"prefixItems"/.test(JSON.stringify(s));

describe('interpretedValidator', () => {
  it('answers as ajv does on generated schemas and instances, in 2020-12, 2019-09 and draft-07', () => {
    let compared = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        documentArb,
        fc.array(mutationArb, { maxLength: 2 }),
        fc.integer(),
        (doc, mutations, seed) => {
          const schema = mutate(doc, mutations);
          if (ajvContainsBug(schema)) return;
          const rng = rngFrom(seed);
          const instances: unknown[] = [
            null,
            true,
            0,
            1.5,
            -3,
            '',
            'a',
            [],
            [1],
            {},
            { a: 1 },
            { a: 'a', b: null },
          ];
          for (let i = 0; i < 12; i++) {
            const x = instanceOf(schema, schema, rng);
            if (x === NOPE || x === undefined) continue;
            instances.push(x, perturb(x, rng));
          }
          for (const dialect of ['2020-12', '2019-09', 'draft-07'] as const) {
            for (const s of [schema, relaxSchema(schema, { dialect })]) {
              let v: ReturnType<typeof validators>;
              try {
                v = validators(s, dialect);
              } catch {
                continue; // not a valid document in this dialect
              }
              for (const x of instances) {
                if (x === NOPE || x === undefined) continue;
                const mine = v.mine(x);
                if (mine === 'ajv' || mine === 'cycle') continue;
                const theirs = v.theirs(x);
                if (theirs === 'cycle') continue;
                compared++;
                if (!theirs) rejected++;
                if (mine !== theirs) {
                  throw new Error(
                    `${dialect}: interpreted ${mine}, ajv ${theirs} for ${JSON.stringify(x)} against ${JSON.stringify(s)}`,
                  );
                }
              }
            }
          }
        },
      ),
      { seed: 20261201, numRuns: 120 },
    );
    // Not vacuous: many comparisons, both answers well represented.
    expect(compared).toBeGreaterThan(5_000);
    expect(rejected).toBeGreaterThan(compared / 5);
    expect(compared - rejected).toBeGreaterThan(compared / 5);
  });

  it('agrees with the compiled validator where dialects or ajv differ: tuples, $ref siblings, formats, lengths, numbers', () => {
    const cases: Array<[unknown, Dialect, unknown]> = [
      [{ items: [{ type: 'string' }], additionalItems: false }, 'draft-07', ['a', 1]],
      [{ items: [{ type: 'string' }], additionalItems: { type: 'integer' } }, '2019-09', ['a', 1, 'b']],
      [{ prefixItems: [{ type: 'string' }], items: false }, '2020-12', ['a', 1]],
      [{ prefixItems: [{ type: 'string' }], additionalItems: false }, '2020-12', ['a', 1]],
      [{ $defs: { S: { type: 'string' } }, $ref: '#/$defs/S', maxLength: 2 }, 'draft-07', 'abc'],
      [{ type: 'string', format: 'date-time' }, '2020-12', '2024-13-01T00:00:00Z'],
      [{ type: 'string', format: 'uuid' }, '2020-12', '00000000-0000-4000-8000-000000000000'],
      [{ format: 'int32' }, '2020-12', 2 ** 31],
      [{ format: 'no-such-format' }, '2020-12', 'x'],
      [{ type: 'string', maxLength: 1 }, '2020-12', '😀'],
      [{ type: 'string', pattern: '^\\p{Lu}$' }, '2020-12', 'É'],
      [{ multipleOf: 0.1 }, '2020-12', 0.3],
      [{ multipleOf: 3 }, '2020-12', 1e21],
      [{ multipleOf: 1.1 }, '2020-12', 3.3],
      [{ multipleOf: 10 }, 'draft-07', 1e22],
      [{ dependencies: { a: ['b'] } }, '2020-12', { a: 1 }],
      [{ dependencies: { a: { required: ['b'] } } }, '2019-09', { a: 1 }],
      [
        { definitions: { S: {} }, properties: { a: { $ref: '#/definitions/S', type: 'string' } } },
        'draft-07',
        { a: 1 },
      ],
      [{ type: 'integer' }, '2020-12', 1.0],
      [{ type: 'string', nullable: true }, '2020-12', null],
      [{ dependencies: { a: ['b'], c: { required: ['d'] } } }, 'draft-07', { a: 1, c: 1, d: 1 }],
      [{ dependentRequired: { a: ['b'] } }, 'draft-07', { a: 1 }],
      [{ dependentRequired: { a: ['b'] } }, '2019-09', { a: 1 }],
      [{ contains: { const: 1 }, minContains: 2, maxContains: 3 }, '2020-12', [1, 1, 1, 1]],
      [{ contains: { const: 1 }, minContains: 0 }, '2019-09', []],
      [{ contains: { const: 1 }, minContains: 2 }, 'draft-07', [1]],
      [{ uniqueItems: true }, '2020-12', [{ a: [1] }, { a: [1] }]],
      [{ enum: [{ a: 1, b: 2 }] }, '2020-12', { b: 2, a: 1 }],
      [{ required: ['toString'] }, '2020-12', {}],
      [{ if: { const: 1 } }, '2020-12', 2],
      [{ if: { const: 1 }, else: false }, 'draft-07', 2],
      [
        { patternProperties: { '^a': { type: 'string' } }, additionalProperties: false },
        '2020-12',
        { ab: 'x', b: 1 },
      ],
      [{ propertyNames: { maxLength: 1 } }, '2020-12', { ab: 1 }],
      [{ oneOf: [{ type: 'integer' }, { type: 'number' }] }, '2020-12', 1],
    ];
    for (const [schema, dialect, instance] of cases) {
      expect(interpreted(schema, dialect, instance), `${dialect} ${JSON.stringify(schema)}`).toBe(
        compiled(schema, dialect, instance),
      );
    }
  });

  it('leaves to ajv what it does not model, and only where an instance reaches it', () => {
    const closed = { properties: { a: { unevaluatedProperties: false } } };
    expect(interpreted(closed, '2020-12', { a: { b: 1 } })).toBe('ajv');
    expect(interpreted(closed, '2020-12', { b: 1 })).toBe(true); // never reaches the keyword
    expect(interpreted({ type: 'object' }, 'draft-04', {})).toBe('ajv');
    expect(interpreted({ type: 'object' }, '2020-12', JSON.parse('{"__proto__": 1}'))).toBe('ajv');
    expect(interpreted({ $defs: { L: { $ref: '#/$defs/L' } }, $ref: '#/$defs/L' }, '2020-12', 1)).toBe(
      'cycle',
    );
  });
});
