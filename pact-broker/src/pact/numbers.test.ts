// Unit tests for keeping pact numbers as written: parse, print, canonical text and content SHA.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical, contentSha, type PactDoc, withInteractionIds } from './content.js';
import { parseKeepingNumbers, stringifyKeepingNumbers } from './numbers.js';

/** Any JSON number text: integers of any length, fractions with trailing zeros, exponents of either case. */
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,30}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,20}$/), { nil: undefined }),
    fc.option(
      fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.stringMatching(/^[0-9]{1,3}$/)),
      {
        nil: undefined,
      },
    ),
  )
  .map(
    ([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}${exp ? exp.join('') : ''}`,
  )
  .filter((t) => Number.isFinite(Number(t)));

/** Minified JSON text whose numbers are any number text and whose strings may look like numbers. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    numberText,
    fc.string().map((s) => JSON.stringify(s)),
    numberText.map((t) => JSON.stringify(t)),
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    // Keys start with a letter: JavaScript objects list integer-like keys first, whatever the text's order.
    fc
      .uniqueArray(
        fc.tuple(
          fc.string({ maxLength: 5 }).map((k) => `k${k}`),
          tie('value'),
        ),
        {
          maxLength: 4,
          selector: ([k]) => k,
        },
      )
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;

describe('parseKeepingNumbers and stringifyKeepingNumbers', () => {
  it('print every number as the text it was written with, and the rest as JSON.stringify does', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        expect(stringifyKeepingNumbers(parseKeepingNumbers(text))).toBe(text);
      }),
    );
  });

  it('give JSON.parse itself when every number prints as written', () => {
    const text = '{"a":[1,2.5,-3,1e+21,"1.0"]}';
    const parsed = JSON.parse(text);
    expect(parseKeepingNumbers(text, parsed)).toBe(parsed);
  });

  it('keep integers past 2^53, trailing zeros and exponents', () => {
    const text = '{"id":12345678901234567890,"price":100.0,"big":1e2,"tiny":5E-7,"neg":-0}';
    expect(stringifyKeepingNumbers(parseKeepingNumbers(text))).toBe(text);
    expect(JSON.stringify(JSON.parse(text))).toBe(
      '{"id":12345678901234567000,"price":100,"big":100,"tiny":5e-7,"neg":0}',
    );
  });

  it('never leave a mark in the canonical text: it is valid JSON with the same values, whatever the process', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const kept = canonical(parseKeepingNumbers(text));
        expect(kept).not.toContain('\\u0000');
        expect(JSON.parse(kept)).toEqual(JSON.parse(text));
        // Where every number prints as written, the canonical text is what it was before numbers were kept.
        if (stringifyKeepingNumbers(JSON.parse(text)) === text)
          expect(kept).toBe(canonical(JSON.parse(text)));
      }),
    );
  });

  it('tell apart contents that differ only in a number JavaScript reads as the same double', () => {
    const doc = (n: string) =>
      parseKeepingNumbers(
        `{"consumer":{"name":"C"},"provider":{"name":"P"},"interactions":[{"description":"d","request":{"method":"GET","path":"/"},"response":{"status":200,"body":{"id":${n}}}}]}`,
      ) as PactDoc;
    expect(contentSha(doc('12345678901234567890'))).not.toBe(contentSha(doc('12345678901234567891')));
    expect(contentSha(doc('1.0'))).not.toBe(contentSha(doc('1')));
    expect(contentSha(doc('7'))).toBe(contentSha(JSON.parse(JSON.stringify(doc('7'))) as PactDoc));
    const stored = stringifyKeepingNumbers(withInteractionIds(doc('12345678901234567890')));
    expect(stored).toContain('"id":12345678901234567890');
  });
});
