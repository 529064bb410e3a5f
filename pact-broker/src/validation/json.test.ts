import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerValue } from '../http/headers.js';
import { jsonProblem, MAX_JSON_DEPTH } from './json.js';

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('jsonProblem', () => {
  it('accepts well-formed text, surrogate pairs included, at the depth limit', () => {
    expect(jsonProblem({ a: ['😀', 'ü', { 'k😀': 1 }] })).toBeUndefined();
    expect(jsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
  });

  it('judges a value 100,000 levels deep without overflowing the stack, naming a shortened path', () => {
    const p = jsonProblem(nested(100_000), 'contracts[0].content');
    expect(p?.message).toBe(`is nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(p?.field.startsWith('contracts[0].content')).toBe(true);
    expect(p?.field.endsWith('…')).toBe(true);
  });

  it('names lone surrogates and NUL in values and keys', () => {
    expect(jsonProblem({ tags: ['ok', 'a\ud800'] })).toEqual({
      field: 'tags[1]',
      message: expect.stringContaining('lone UTF-16 surrogate'),
    });
    expect(jsonProblem({ x: { '\udc00': 1 } })?.field).toBe('x["\\udc00"]');
    expect(jsonProblem('a\u0000')?.field).toBe('body');
  });

  it('finds a lone surrogate wherever it is hidden, and nothing in well-formed strings', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, s) => {
        const clean = JSON.parse(JSON.stringify(value).replace(/\\u0000/g, ''));
        expect(jsonProblem(clean)).toBeUndefined();
        expect(jsonProblem({ wrap: [clean, `${s}\ud800`] })?.field).toBe('wrap[1]');
      }),
      { numRuns: 200 },
    );
  });
});

describe('headerValue', () => {
  it('keeps printable ASCII and percent-encodes the rest reversibly', () => {
    expect(headerValue('1.0.0+build 7')).toBe('1.0.0+build 7');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const h = headerValue(s);
        expect(h).toMatch(/^[\t\x20-\x7e]*$/);
        if (!/^[\t\x20-\x7e]*$/.test(s)) expect(decodeURIComponent(h)).toBe(s);
      }),
    );
  });
});
