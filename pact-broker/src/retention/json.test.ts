// Report JSON keeps a Map's key order, also for names that look like numbers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderedJson, plain } from './json.js';

describe('orderedJson', () => {
  it('writes a Map in insertion order, where a plain object would move "42" first', () => {
    const m = new Map<string, unknown>([
      ['Web', 1],
      ['42', { a: [] }],
    ]);
    expect(orderedJson({ summary: m })).toBe('{"summary":{"Web":1,"42":{"a":[]}}}');
    expect(JSON.stringify(plain({ summary: m }))).toBe('{"summary":{"42":{"a":[]},"Web":1}}');
  });

  it('is JSON.stringify for values without Maps, compact and indented', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        expect(orderedJson(value, indent)).toBe(JSON.stringify(value, null, indent));
      }),
      { numRuns: 200 },
    );
  });
});
