import { describe, expect, it } from 'vitest';
import { diffSchemas, type JsonSchema } from '../index.js';
import { formatPath } from './path.js';
import { indexSchema, locateChange } from './schema-paths.js';

const obj = (
  properties: Record<string, unknown>,
  required: string[] = [],
  extra: Record<string, unknown> = {},
) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
  ...extra,
});
const str = { type: 'string' };

/** Every breaking change of a diff with the instance paths it lands on (2020-12: the fixtures use `prefixItems`). */
function located(
  oldSchema: JsonSchema,
  newSchema: JsonSchema,
  options: Parameters<typeof diffSchemas>[2] = {},
) {
  const result = diffSchemas(oldSchema, newSchema, { defaultDialect: '2020-12', ...options });
  const o = indexSchema(oldSchema);
  const n = indexSchema(newSchema);
  return result.changes.map((c) => {
    const loc = locateChange(c, o, n);
    return { rule: c.rule, at: loc.paths.map(formatPath), absent: loc.absent, located: loc.located };
  });
}

describe('indexSchema', () => {
  it('records the instance paths of properties, items, tuples and catch-alls', () => {
    const s = obj({
      items: { type: 'array', items: obj({ sku: str }) },
      pair: { type: 'array', prefixItems: [str, { type: 'integer' }], items: false },
      meta: { type: 'object', properties: { a: str }, additionalProperties: str },
      tags: { type: 'object', patternProperties: { '^x-': str } },
    });
    const idx = indexSchema(s);
    const at = (ptr: string) => idx.at(ptr)?.map(formatPath);
    expect(at('/properties/items/items/properties/sku')).toEqual(['$.items[*].sku']);
    expect(at('/properties/pair/prefixItems/1')).toEqual(['$.pair[1]']);
    expect(at('/properties/pair/items')).toEqual(['$.pair[*]']);
    expect(idx.at('/properties/pair/items')?.[0]?.at(-1)).toEqual({ kind: 'anyIndex', from: 2 });
    expect(idx.at('/properties/meta/additionalProperties')?.[0]?.at(-1)).toEqual({
      kind: 'anyProperty',
      except: ['a'],
    });
    expect(idx.at('/properties/tags/patternProperties/^x-')?.[0]?.at(-1)).toEqual({
      kind: 'anyProperty',
      pattern: '^x-',
    });
    expect(idx.fields().map((f) => [formatPath(f.path), f.required])).toEqual([
      ['$.items', false],
      ['$.items[*].sku', false],
      ['$.pair', false],
      ['$.meta', false],
      ['$.meta.a', false],
      ['$.tags', false],
    ]);
  });

  it('follows $ref to every place that uses a definition, and through combinators', () => {
    const s = {
      $defs: { Money: obj({ amount: { type: 'integer' }, currency: str }, ['amount']) },
      ...obj({
        total: { $ref: '#/$defs/Money' },
        lines: { type: 'array', items: { allOf: [{ $ref: '#/$defs/Money' }] } },
      }),
    };
    const idx = indexSchema(s);
    expect(idx.at('/$defs/Money/properties/amount')?.map(formatPath)).toEqual([
      '$.total.amount',
      '$.lines[*].amount',
    ]);
  });

  it('a recursive schema gets a `..` path that covers every depth', () => {
    const s = {
      $defs: { Node: obj({ name: str, children: { type: 'array', items: { $ref: '#/$defs/Node' } } }) },
      ...obj({ tree: { $ref: '#/$defs/Node' } }),
    };
    const idx = indexSchema(s);
    expect(idx.at('/$defs/Node/properties/name')?.map(formatPath)).toEqual(['$.tree.name', '$.tree..name']);
  });

  it('resolves $anchor and the document $id', () => {
    const s = {
      $id: 'https://x.test/s.json',
      $defs: { A: { $anchor: 'a', ...obj({ v: str }) } },
      ...obj({ one: { $ref: '#a' }, two: { $ref: 'https://x.test/s.json#/$defs/A' } }),
    };
    expect(indexSchema(s).at('/$defs/A/properties/v')?.map(formatPath)).toEqual(['$.one.v', '$.two.v']);
  });
});

describe('locateChange (schema-diff change pointers → instance paths)', () => {
  it('a removed property lands on the property, read in OLD', () => {
    const before = obj({ a: obj({ b: str, c: str }, ['b', 'c']) }, ['a']);
    const after = obj({ a: obj({ b: str }, ['b']) }, ['a']);
    expect(located(before, after)).toContainEqual({
      rule: 'required-property-removed',
      at: ['$.a.c'],
      absent: false,
      located: true,
    });
  });

  it('keyword changes land on the value they constrain', () => {
    const before = obj({ status: { type: 'string', enum: ['a', 'b'] }, n: { type: 'integer', maximum: 5 } });
    const after = obj({
      status: { type: 'string', enum: ['a', 'b', 'c'] },
      n: { type: 'number', maximum: 5 },
    });
    const changes = located(before, after);
    expect(changes).toContainEqual(expect.objectContaining({ rule: 'enum-value-added', at: ['$.status'] }));
    expect(changes).toContainEqual(expect.objectContaining({ rule: 'type-widened', at: ['$.n'] }));
  });

  it('array item changes land under [*], tuple positions on their index', () => {
    const before = obj({ xs: { type: 'array', items: obj({ q: { type: 'integer' } }) } });
    const after = obj({ xs: { type: 'array', items: obj({ q: { type: 'number' } }) } });
    expect(located(before, after)).toContainEqual(
      expect.objectContaining({ rule: 'type-widened', at: ['$.xs[*].q'] }),
    );
    const t1 = obj({ t: { type: 'array', prefixItems: [str, { type: 'integer' }] } });
    const t2 = obj({ t: { type: 'array', prefixItems: [str, { type: 'number' }] } });
    expect(located(t1, t2)).toContainEqual(expect.objectContaining({ at: ['$.t[1]'] }));
  });

  it('a newly required value is marked absent: writers that do not send it fail', () => {
    const before = obj({ a: str });
    const after = obj({ a: str, b: str }, ['b']);
    expect(located(before, after)).toContainEqual({
      rule: 'required-property-added',
      at: ['$.b'],
      absent: true,
      located: true,
    });
    const r1 = obj({ a: str });
    const r2 = obj({ a: str }, ['a']);
    expect(located(r1, r2)).toContainEqual(
      expect.objectContaining({ rule: 'required-added', at: ['$.a'], absent: true }),
    );
  });

  it('a catch-all change lands on the undeclared properties of its object', () => {
    const before = obj({ m: { type: 'object', properties: { k: str }, additionalProperties: str } });
    const after = obj({
      m: { type: 'object', properties: { k: str }, additionalProperties: { type: 'integer' } },
    });
    expect(located(before, after)).toContainEqual(
      expect.objectContaining({ rule: 'type-changed', at: ['$.m.*'] }),
    );
    const open = obj({ m: { type: 'object', properties: { k: str } } });
    const narrowed = located(
      { ...open },
      obj({ m: { type: 'object', properties: { k: str }, additionalProperties: str } }),
    );
    expect(narrowed).toContainEqual(
      expect.objectContaining({ rule: 'additional-properties-narrowed', at: ['$.m.*'] }),
    );
  });

  it('a change inside a shared definition lands everywhere the definition is used', () => {
    const money = (amount: object) => obj({ amount, currency: str }, ['amount', 'currency']);
    const doc = (amount: object) => ({
      $defs: { Money: money(amount) },
      ...obj({ total: { $ref: '#/$defs/Money' }, tax: { $ref: '#/$defs/Money' } }, ['total', 'tax']),
    });
    const changes = located(doc({ type: 'integer' }), doc({ type: 'number' }));
    expect(changes).toContainEqual(
      expect.objectContaining({ rule: 'type-widened', at: ['$.total.amount', '$.tax.amount'] }),
    );
  });
});
