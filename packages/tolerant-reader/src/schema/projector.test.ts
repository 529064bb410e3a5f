import { resolvePointer } from '@accord/schema-diff/toolkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../catalog.js';
import { attachUnknowns, compilePairProjector, compileProjector, type UnknownProperty } from './projector.js';
import { relaxedArtifact } from './relax.js';

const money = {
  type: 'object',
  properties: { amount: { type: 'integer' }, currency: { type: 'string' } },
  required: ['amount', 'currency'],
  additionalProperties: false,
};

const schema: JsonSchema = {
  $id: 'https://example.test/thing.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    total: money,
    lines: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { sku: { type: 'string' } } },
    },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    shipping: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          properties: { kind: { const: 'pickup' }, store: { type: 'string' } },
          required: ['kind'],
        },
        {
          type: 'object',
          additionalProperties: false,
          properties: { kind: { const: 'post' }, street: { type: 'string' } },
          required: ['kind'],
        },
        { type: 'null' },
      ],
    },
    node: { $ref: '#/$defs/node' },
  },
  $defs: {
    node: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
    },
  },
};

// A tiny structural branch test, enough for the const-discriminated union above.
function branchTest(pointer: string) {
  const branch = resolvePointer(schema, pointer) as JsonSchema;
  return (value: unknown) => {
    if (branch.type === 'null') return value === null;
    if (value === null || typeof value !== 'object') return false;
    const kind = (branch.properties as Record<string, { const: string }>).kind!.const;
    return (value as { kind?: unknown }).kind === kind;
  };
}

describe('compileProjector', () => {
  const project = compileProjector(schema, { branchTest });

  it('drops unknown properties at every closed level and keeps everything known', () => {
    const input = {
      id: 'a',
      extra: 1,
      total: { amount: 5, currency: 'EUR', precision: 2 },
      lines: [{ sku: 'X', colour: 'red' }, { sku: 'Y' }],
      tags: { a: 'b', c: 'd' },
      node: { name: 'root', x: 1, children: [{ name: 'leaf', y: 2, children: [] }] },
    };
    const unknowns: UnknownProperty[] = [];
    const out = project(input, unknowns, '');
    expect(out).toEqual({
      id: 'a',
      total: { amount: 5, currency: 'EUR' },
      lines: [{ sku: 'X' }, { sku: 'Y' }],
      tags: { a: 'b', c: 'd' },
      node: { name: 'root', children: [{ name: 'leaf', children: [] }] },
    });
    expect(unknowns).toEqual([
      { path: '', key: 'extra', value: 1 },
      { path: '/total', key: 'precision', value: 2 },
      { path: '/lines/0', key: 'colour', value: 'red' },
      { path: '/node', key: 'x', value: 1 },
      { path: '/node/children/0', key: 'y', value: 2 },
    ]);
    expect(input.extra).toBe(1); // input untouched
    expect(input.total).toHaveProperty('precision', 2);
  });

  it('projects a union value with the branch it matches', () => {
    expect(project({ shipping: { kind: 'post', street: 'Main', floor: 3 } }, undefined, '')).toEqual({
      shipping: { kind: 'post', street: 'Main' },
    });
    expect(project({ shipping: null }, undefined, '')).toEqual({ shipping: null });
    // No branch matches: left alone for validation to report.
    expect(project({ shipping: { kind: 'drone', x: 1 } }, undefined, '')).toEqual({
      shipping: { kind: 'drone', x: 1 },
    });
  });

  it('leaves values of the wrong type alone', () => {
    expect(project({ total: 'free', lines: 'none' }, undefined, '')).toEqual({
      total: 'free',
      lines: 'none',
    });
    expect(project('text', undefined, '')).toBe('text');
  });

  it('keeps a "__proto__" key as data without touching the prototype', () => {
    const input = JSON.parse('{"id":"a","tags":{"__proto__":"x"}}');
    const out = project(input, undefined, '') as { tags: Record<string, unknown> };
    expect(Object.getPrototypeOf(out.tags)).toBe(Object.prototype);
    expect(Object.keys(out.tags)).toEqual(['__proto__']);
  });

  it('re-collects an earlier pass-through bag instead of nesting it', () => {
    const withKey = compileProjector(schema, { branchTest, passThroughKey: '$unknown' });
    const unknowns: UnknownProperty[] = [];
    withKey({ id: 'a', $unknown: { older: true }, newer: 2 }, unknowns, '');
    expect(unknowns).toEqual([
      { path: '', key: 'older', value: true },
      { path: '', key: 'newer', value: 2 },
    ]);
  });
});

describe('attachUnknowns', () => {
  it('puts each unknown back in a bag on its parent object, or on the root when the parent is gone', () => {
    const target = { total: { amount: 1 }, lines: [{ sku: 'X' }] };
    attachUnknowns(
      target,
      [
        { path: '', key: 'extra', value: 1 },
        { path: '/total', key: 'precision', value: 2 },
        { path: '/lines/0', key: 'colour', value: 'red' },
        { path: '/gone', key: 'z', value: 3 },
      ],
      '$unknown',
    );
    expect(target).toEqual({
      total: { amount: 1, $unknown: { precision: 2 } },
      lines: [{ sku: 'X', $unknown: { colour: 'red' } }],
      $unknown: { extra: 1, '/gone/z': 3 },
    });
  });
});

describe('relaxedArtifact', () => {
  it('opens every closed object, keeps data keywords, and rewrites absolute self refs', () => {
    const s: JsonSchema = {
      $id: 'https://example.test/a.json',
      type: 'object',
      additionalProperties: false,
      properties: {
        additionalProperties: { const: { additionalProperties: false } },
        n: { $ref: 'https://example.test/a.json#/$defs/n' },
      },
      $defs: { n: { type: 'object', unevaluatedProperties: false } },
    };
    const relaxed = relaxedArtifact(s, 'urn:relaxed');
    expect(relaxed).toEqual({
      $id: 'urn:relaxed',
      type: 'object',
      properties: {
        additionalProperties: { const: { additionalProperties: false } },
        n: { $ref: '#/$defs/n' },
      },
      $defs: { n: { type: 'object' } },
    });
    expect(s.additionalProperties).toBe(false); // original untouched
  });

  it('leaves not and if as written, like the diff does (relaxing there would reject more)', () => {
    // biome-ignore-start lint/suspicious/noThenProperty: JSON Schema keywords, not thenables.
    const s: JsonSchema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      not: { type: 'object', additionalProperties: false },
      if: { type: 'object', additionalProperties: false },
      then: { type: 'object', additionalProperties: false },
    };
    expect(relaxedArtifact(s, 'urn:r')).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:r',
      not: { type: 'object', additionalProperties: false },
      if: { type: 'object', additionalProperties: false },
      then: { type: 'object' },
    });
    // biome-ignore-end lint/suspicious/noThenProperty: JSON Schema keywords, not thenables.
  });
});

describe('compilePairProjector', () => {
  const line = (extra: Record<string, unknown>) => ({
    type: 'object',
    additionalProperties: false,
    required: ['sku'],
    properties: { sku: { type: 'string' }, ...extra },
  });
  const node = (extra: Record<string, unknown>) => ({
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string' },
      kids: { type: 'array', items: { $ref: '#/$defs/node' } },
      ...extra,
    },
  });
  // The newer writer: more members everywhere, one open map, a recursive tree.
  const writer: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'lines', 'note'],
    properties: {
      id: { type: 'string' },
      note: { type: 'string' },
      extra: { type: 'integer' },
      lines: { type: 'array', items: { $ref: '#/$defs/line' } },
      meta: {
        type: 'object',
        additionalProperties: false,
        properties: { a: { type: 'string' }, b: { type: 'string' } },
      },
      tags: { type: 'object', additionalProperties: { type: 'string' } },
      tree: { $ref: '#/$defs/node' },
    },
    $defs: { line: line({ colour: { type: 'string' } }), node: node({ x: { type: 'integer' } }) },
  };
  // The reader: fewer members, defaults (one the writer requires, so always present), open and closed objects.
  const reader: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      id: { type: 'string' },
      note: { type: 'string', default: 'none' },
      flag: { type: 'boolean', default: false },
      lines: { type: 'array', items: { $ref: '#/$defs/line' } },
      meta: {
        type: 'object',
        additionalProperties: false,
        properties: { a: { type: 'string' }, c: { type: 'string', default: 'c' } },
      },
      tags: { type: 'object', additionalProperties: { type: 'string' } },
      tree: { $ref: '#/$defs/node' },
    },
    $defs: { line: line({}), node: node({}) },
  };
  const str = fc.string({ maxLength: 3 });
  const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.record(
      { name: str, x: fc.integer(), kids: fc.array(tie('node'), { maxLength: 2 }) },
      { requiredKeys: [] },
    ),
  })).node;
  const writerValue = fc.record(
    {
      id: str,
      note: str,
      extra: fc.integer(),
      lines: fc.array(fc.record({ sku: str, colour: str }, { requiredKeys: ['sku'] }), { maxLength: 3 }),
      meta: fc.record({ a: str, b: str }, { requiredKeys: [] }),
      tags: fc.dictionary(fc.constantFrom('a', 'b', 'x'), str),
      tree,
    },
    { requiredKeys: ['id', 'lines', 'note'] },
  );
  const generic = compileProjector(reader, {
    branchTest: () => () => false,
    fillDefaults: true,
    inPlace: true,
  });

  it('gives what the generic projection gives on every value the writer accepts, key order included', () => {
    const pair = compilePairProjector(writer, reader);
    expect(pair).not.toBeNull();
    fc.assert(
      fc.property(writerValue, (value) => {
        const expected = generic(structuredClone(value), undefined, '');
        const actual = pair!(structuredClone(value), undefined, '');
        expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('drops only what the writer declares and the reader does not, and fills defaults the writer may omit', () => {
    const out = compilePairProjector(writer, reader)!(
      {
        id: 'a',
        note: 'n',
        extra: 1,
        lines: [{ sku: 'X', colour: 'red' }],
        meta: { b: 'b' },
        tree: { x: 1 },
      },
      undefined,
      '',
    );
    expect(out).toEqual({
      id: 'a',
      note: 'n',
      lines: [{ sku: 'X' }],
      meta: { c: 'c' },
      tree: {},
      flag: false,
    });
  });

  it('is not specialised where the generic projection needs more than the writer says', () => {
    const open = { ...writer, additionalProperties: true };
    expect(compilePairProjector(open, reader)).toBeNull(); // an open writer object the reader closes
    const union: JsonSchema = { anyOf: [reader, { type: 'null' }] };
    expect(compilePairProjector(writer, union)).toBeNull(); // a reader union with a projecting branch
    const patterned = { ...reader, patternProperties: { '^x-': { type: 'string' } } };
    expect(compilePairProjector(writer, patterned)).toBeNull(); // names kept under a closed reader's pattern
    // A reader that projects nothing is the identity, whatever the writer.
    const identity = compilePairProjector(open, { type: 'object' })!;
    const value = { a: 1 };
    expect(identity(value, undefined, '')).toBe(value);
  });
});
