import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentArb, instanceOf, NOPE, type Obj, perturb, rngFrom } from '../../test/generators.js';
import { diffSchemas } from '../diff.js';
import type { SchemaDiffError } from '../errors.js';
import { bundleSchema } from './bundle.js';
import { compileInstanceValidator } from './validators.js';

const BASE = 'file:///repo/schemas/order.json';

/** A loader over an in-memory folder of parsed files, by `file:` URL. */
const folder =
  (files: Record<string, unknown>) =>
  (uri: string): unknown =>
    files[uri];

const address = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  definitions: {
    Address: {
      type: 'object',
      required: ['street'],
      properties: { street: { type: 'string' }, country: { $ref: 'common/country.json' } },
    },
  },
};
const country = { type: 'string', enum: ['DE', 'FR'] };

const order = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    ship: { $ref: 'address.json#/definitions/Address' },
    bill: { $ref: './address.json#/definitions/Address' },
    origin: { $ref: 'common/country.json' },
  },
};

describe('bundleSchema', () => {
  it('embeds each document the references reach once, under definitions, and rewrites the references', () => {
    const { schema, embedded } = bundleSchema(order, {
      base: BASE,
      load: folder({
        'file:///repo/schemas/address.json': address,
        'file:///repo/schemas/common/country.json': country,
      }),
    });
    expect(embedded).toEqual([
      'file:///repo/schemas/address.json',
      'file:///repo/schemas/common/country.json',
    ]);
    const s = schema as Obj;
    expect(s.properties).toEqual({
      ship: { $ref: 'urn:accord:bundled:address.json#/definitions/Address' },
      bill: { $ref: 'urn:accord:bundled:address.json#/definitions/Address' },
      origin: { $ref: 'urn:accord:bundled:common%2Fcountry.json' },
    });
    const defs = s.definitions as Record<string, Obj>;
    expect(Object.keys(defs)).toEqual(['address.json', 'common/country.json']);
    // The embedded document's own references resolve against where it was read from.
    expect(defs['address.json']).toMatchObject({
      $id: 'urn:accord:bundled:address.json',
      definitions: {
        Address: { properties: { country: { $ref: 'urn:accord:bundled:common%2Fcountry.json' } } },
      },
    });
    expect(defs['address.json']!.$schema).toBeUndefined();
    const valid = compileInstanceValidator('draft-07', schema);
    expect(valid({ ship: { street: 'x', country: 'DE' }, origin: 'FR' })).toBe(true);
    expect(valid({ ship: { street: 'x', country: 'UK' } })).toBe(false);
    expect(valid({ bill: {} })).toBe(false);
  });

  it('returns a document without outside references as it is', () => {
    const local = { type: 'object', properties: { a: { $ref: '#/definitions/A' } }, definitions: { A: {} } };
    expect(bundleSchema(local, { base: BASE }).schema).toBe(local);
  });

  it('lets the diff judge a change made in a referenced file, with a witness', () => {
    const load = (addr: unknown) =>
      folder({
        'file:///repo/schemas/address.json': addr,
        'file:///repo/schemas/common/country.json': country,
      });
    const stricter = structuredClone(address);
    stricter.definitions.Address.required.push('city');
    const before = bundleSchema(order, { base: BASE, load: load(address) }).schema;
    const after = bundleSchema(order, { base: BASE, load: load(stricter) }).schema;
    const r = diffSchemas(before, after, { direction: 'backward' });
    expect(r.compatible).toBe(false);
    const verdict = r.verdicts.backward;
    if (verdict.verdict !== 'fails') throw new Error(`expected a witness, got ${verdict.verdict}`);
    const witness = verdict.witness.instance;
    expect(compileInstanceValidator('draft-07', before)(witness)).toBe(true);
    expect(compileInstanceValidator('draft-07', after)(witness)).toBe(false);
    expect(diffSchemas(before, before).compatible).toBe(true);
  });

  it('reads the standard meta-schemas from its own copies', () => {
    const doc = { type: 'object', properties: { rule: { $ref: 'http://json-schema.org/draft-07/schema#' } } };
    const { schema, embedded } = bundleSchema(doc, { base: BASE });
    expect(embedded).toEqual(['http://json-schema.org/draft-07/schema']);
    const valid = compileInstanceValidator('draft-07', schema);
    expect(valid({ rule: { type: 'string' } })).toBe(true);
    expect(valid({ rule: { type: 7 } })).toBe(false);
    expect(diffSchemas(schema, schema).compatible).toBe(true);
    const modern = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: { rule: { $ref: 'https://json-schema.org/draft/2020-12/schema' } },
    };
    const bundled = bundleSchema(modern, { base: BASE });
    expect(bundled.embedded).toContain('https://json-schema.org/draft/2020-12/meta/applicator');
    const valid2020 = compileInstanceValidator('2020-12', bundled.schema);
    expect(valid2020({ rule: { prefixItems: [{ type: 'string' }] } })).toBe(true);
    expect(valid2020({ rule: { prefixItems: 3 } })).toBe(false);
  });

  it('embeds each document of a cycle once', () => {
    const a = { properties: { b: { $ref: 'b.json' } } };
    const b = { properties: { a: { $ref: 'a.json' }, self: { $ref: 'b.json#/properties' } } };
    const root = { $ref: 'a.json' };
    const { schema, embedded } = bundleSchema(root, {
      base: BASE,
      load: folder({ 'file:///repo/schemas/a.json': a, 'file:///repo/schemas/b.json': b }),
    });
    expect(embedded).toEqual(['file:///repo/schemas/a.json', 'file:///repo/schemas/b.json']);
    const defs = (schema as Obj).definitions as Record<string, Obj>;
    expect(defs['b.json']!.properties).toEqual({
      a: { $ref: 'urn:accord:bundled:a.json' },
      self: { $ref: 'urn:accord:bundled:b.json#/properties' },
    });
  });

  it('finds files laid out as their $ids beside the document', () => {
    const root = {
      $id: 'https://example.com/schemas/order.json',
      properties: { ship: { $ref: 'address.json#/definitions/Address' }, me: { $ref: 'order.json' } },
    };
    const { schema } = bundleSchema(root, {
      base: BASE,
      load: folder({
        'file:///repo/schemas/address.json': address,
        'file:///repo/schemas/common/country.json': country,
      }),
    });
    expect((schema as Obj).properties).toEqual({
      ship: { $ref: 'urn:accord:bundled:address.json#/definitions/Address' },
      me: { $ref: '#' },
    });
  });

  it('names what it cannot bundle', () => {
    const fail = (doc: unknown, files: Record<string, unknown>) => {
      try {
        bundleSchema(doc, { base: BASE, load: folder(files), name: 'order.json' });
      } catch (e) {
        return e as SchemaDiffError;
      }
      throw new Error('bundled');
    };
    const missing = fail({ properties: { a: { $ref: 'nope.json#/x' } } }, {});
    expect(missing.code).toBe('UNRESOLVABLE_REF');
    expect(missing.pointer).toBe('/properties/a/$ref');
    expect(missing.message).toContain('file:///repo/schemas/nope.json');
    const mixed = fail(
      { properties: { a: { $ref: 'x.json' } } },
      { 'file:///repo/schemas/x.json': { $schema: 'https://json-schema.org/draft/2020-12/schema' } },
    );
    expect(mixed.code).toBe('INVALID_SCHEMA');
    expect(mixed.message).toContain('2020-12');
    const back = fail(
      { properties: { a: { $ref: 'x.json' } } },
      { 'file:///repo/schemas/x.json': { $ref: 'order.json#/properties' } },
    );
    expect(back.code).toBe('UNRESOLVABLE_REF');
    expect(back.message).toContain('refers back');
    expect(fail({ $ref: 'x.json' }, { 'file:///repo/schemas/x.json': [1] }).code).toBe('INVALID_SCHEMA');
  });

  it('a document split into files accepts, bundled, what it accepted whole', () => {
    // `$defs.D` moves to defs/d.json; the references to it name the file, its own references itself.
    fc.assert(
      fc.property(
        documentArb,
        fc.integer(),
        fc.constantFrom('#', 'd.json', './d.json'),
        (doc, seed, self) => {
          const whole = { $schema: 'https://json-schema.org/draft/2020-12/schema', ...doc };
          const retarget = (value: unknown, to: string): unknown =>
            JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/D"', JSON.stringify(to)));
          const { $defs, ...rest } = whole as unknown as Obj & { $defs: { D: unknown } };
          const split = retarget(rest, 'defs/d.json');
          const file = retarget($defs.D, self);
          const { schema } = bundleSchema(split, {
            base: BASE,
            load: folder({ 'file:///repo/schemas/defs/d.json': file }),
          });
          const before = compileInstanceValidator('2020-12', whole);
          const after = compileInstanceValidator('2020-12', schema);
          const rng = rngFrom(seed);
          for (let i = 0; i < 12; i++) {
            const made = instanceOf(whole as Obj, whole as Obj, rng);
            const x = made === NOPE ? perturb(null, rng) : i % 2 === 0 ? made : perturb(made, rng);
            expect(after(x)).toBe(before(x));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
