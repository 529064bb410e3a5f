import { resolvePointer } from '@accord/schema-diff/toolkit';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../catalog.js';
import { attachUnknowns, compileProjector, type UnknownProperty } from './projector.js';
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
