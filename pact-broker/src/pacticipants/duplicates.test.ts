// Unit tests for the potential-duplicate name rule (examples from the official broker's spec).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameWords, potentialDuplicates } from './duplicates.js';

describe('potentialDuplicates', () => {
  it('matches names that differ only by case, separators, a plural s or a role word', () => {
    const existing = ['Foo', 'Bar Thing', 'Other'];
    for (const n of ['FooService', 'foo-api', 'Foos', 'foo provider', 'FOO']) {
      expect(potentialDuplicates(n, existing)).toEqual(['Foo']);
    }
    expect(potentialDuplicates('BarThing', existing)).toEqual(['Bar Thing']);
    expect(potentialDuplicates('Foo Thing', existing)).toEqual([]);
    expect(potentialDuplicates('S', ['Api'])).toEqual([]);
    expect(nameWords('ABCDef')).toEqual(['abc', 'def']);
  });

  it('never reports a name that exists exactly', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (name, others) => {
        expect(potentialDuplicates(name, [...others, name])).toEqual([]);
      }),
    );
  });
});
