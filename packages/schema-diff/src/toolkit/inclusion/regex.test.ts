// Property tests for what the checker derives from a pattern: the fewest characters a matching string has.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minMatchLength, regexExamples } from './regex.js';

/** Patterns of the parsed subset and beyond it: literals, classes, groups, alternation, quantifiers, anchors. */
const pattern: fc.Arbitrary<string> = fc.letrec<{ p: string }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      'a',
      'b',
      '.',
      '\\d',
      '\\w',
      '\\s',
      '[a-c]',
      '[^a]',
      '😀',
      '\\n',
      '^',
      '$',
      '(?=a)',
      '\\b',
    ),
    fc.tuple(tie('p'), tie('p')).map(([x, y]) => `${x}${y}`),
    fc.tuple(tie('p'), tie('p')).map(([x, y]) => `(?:${x}|${y})`),
    fc
      .tuple(tie('p'), fc.constantFrom('?', '*', '+', '{2}', '{0,3}', '{2,}', '{1,2}'))
      .map(([x, q]) => `(?:${x})${q}`),
  ),
})).p;

describe('minMatchLength', () => {
  it('is never more than the characters of a string the pattern matches', () => {
    fc.assert(
      fc.property(
        pattern,
        fc.array(fc.constantFrom('a', 'b', 'c', '1', ' ', '\n', '😀'), { maxLength: 8 }),
        (p, chars) => {
          const re = new RegExp(p, 'u');
          const min = minMatchLength(p);
          for (const s of [chars.join(''), ...regexExamples(p)])
            if (re.test(s)) expect([...s].length).toBeGreaterThanOrEqual(min);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('counts what a match must hold', () => {
    expect(minMatchLength('.+')).toBe(1);
    expect(minMatchLength('^(ab|cde)x$')).toBe(3);
    expect(minMatchLength('a{3}b?')).toBe(3);
    expect(minMatchLength('^\\u{1F600}$')).toBe(1);
    expect(minMatchLength('a*')).toBe(0);
    // Outside the parsed subset nothing is claimed.
    expect(minMatchLength('(?=abc)')).toBe(0);
  });
});
