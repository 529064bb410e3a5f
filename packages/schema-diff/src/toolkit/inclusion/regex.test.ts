// Property tests for what the checker derives from a pattern: the fewest characters a matching string has.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minMatchLength, regexExamples } from './regex.js';

const atom = fc.constantFrom(
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
);
const quantifier = fc.constantFrom('', '?', '*', '+', '{2}', '{0,3}', '{2,}', '{1,2}');
/** A quantified atom, or a quantified group of plain atoms: no quantifier inside another, which would make RegExp
 * backtrack for minutes on some strings. */
const piece = fc.oneof(
  fc.tuple(atom, quantifier).map(([a, q]) => (q ? `(?:${a})${q}` : a)),
  fc
    .tuple(fc.array(atom, { minLength: 1, maxLength: 3 }), quantifier)
    .map(([as, q]) => `(?:${as.join('')})${q}`),
  // Alternatives in a group, repeated a bounded number of times at most (unbounded, they backtrack as above).
  fc
    .tuple(
      fc.array(fc.array(atom, { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 3 }),
      fc.constantFrom('', '?', '{2}'),
    )
    .map(([options, q]) => `(?:${options.map((o) => o.join('')).join('|')})${q}`),
);
/** Patterns of the parsed subset and beyond it: sequences of pieces, alternatives of sequences, anchors. */
const pattern = fc
  .array(fc.array(piece, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 })
  .map((options) => options.map((seq) => seq.join('')).join('|'));

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
