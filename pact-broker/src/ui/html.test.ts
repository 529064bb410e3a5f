// The page helpers: any interpolated text comes out inert, short versions keep the full number on hover, and the
// test results of both verifier formats read into per-interaction mismatches.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { html, shortVersion, ver } from './html.js';
import { generatorLines, ruleLines } from './pact.js';
import { interactionLookup, interactionResults, resultFor, resultLookup } from './test-results.js';

describe('page helpers', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const value = html`${a}`.html;
        expect(value).not.toMatch(/[<>"']/);
        // Decoding the entities gives the text back: nothing was lost or added.
        const decoded = value
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        expect(decoded).toBe(a);
        // Markup built by html is not escaped twice.
        expect(html`<b>${html`${b}`}</b>`.html).toBe(`<b>${html`${b}`.html}</b>`);
      }),
    );
  });

  it('shortens long version numbers and keeps the full one in the title', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 13, maxLength: 60 }), (v) => {
        expect(shortVersion(v).length).toBe(12);
        expect(v.startsWith(shortVersion(v).slice(0, 11))).toBe(true);
        expect(ver(v).html).toContain(`title="`);
      }),
    );
    expect(ver('1.2.3').html).toBe('<span class="version">1.2.3</span>');
  });

  it('reads V2 flat and V3/V4 nested matching rules, and generators', () => {
    expect(
      ruleLines({ '$.body.id': { match: 'type' }, '$.headers.Accept': { match: 'regex', regex: 'json' } }),
    ).toEqual([
      { category: 'body', path: '$.id', text: 'type' },
      { category: 'headers', path: '$.Accept', text: 'regex json' },
    ]);
    expect(
      ruleLines({ body: { '$.n': { combine: 'OR', matchers: [{ match: 'integer' }, { match: 'null' }] } } }),
    ).toEqual([{ category: 'body', path: '$.n', text: 'integer or null' }]);
    expect(
      generatorLines({ body: { '$.id': { type: 'Uuid' } }, status: { type: 'RandomInt', min: 200 } }),
    ).toEqual([
      { category: 'body', path: '$.id', text: 'generated: Uuid' },
      { category: 'status', path: '', text: 'generated: RandomInt (min 200)' },
    ]);
  });

  it('reads the Rust verifier results and the older Ruby form', () => {
    const rust = interactionResults({
      testResults: [
        {
          interactionId: 'a',
          success: false,
          mismatches: [
            { type: 'StatusMismatch', expected: 200, actual: 500, mismatch: 'expected 200 but was 500' },
          ],
        },
        { interactionId: 'b', success: true },
      ],
    });
    expect(rust[0]).toEqual({
      interactionId: 'a',
      description: undefined,
      success: false,
      mismatches: [
        { path: 'StatusMismatch', description: 'expected 200 but was 500', expected: '200', actual: '500' },
      ],
    });
    expect(resultFor(rust, { _id: 'b', description: 'x' })?.success).toBe(true);
    const ruby = interactionResults({ tests: [{ testDescription: 'has a status', status: 'failed' }] });
    expect(resultFor(ruby, { description: 'has a status' })?.success).toBe(false);
    expect(interactionResults(null)).toEqual([]);
  });

  it('pairs thousands of results with thousands of interactions in one pass, first match by id, then by description', () => {
    const n = 20_000;
    const interactions = Array.from({ length: n }, (_, k) => ({ _id: `id${k}`, description: `d${k}` }));
    const results = interactionResults(
      Array.from({ length: n }, (_, k) => ({ interactionId: `id${n - 1 - k}`, success: k % 2 === 0 })),
    );
    // The lookups are maps built once (a scan per interaction was 20,000 × 20,000 comparisons); one assertion per
    // side, so the test measures the pairing and not the assertion library.
    const resultOf = resultLookup(results);
    const interactionOf = interactionLookup(interactions);
    expect(interactions.filter((i) => resultOf(i)?.interactionId !== i._id)).toEqual([]);
    expect(results.filter((r) => interactionOf(r)?._id !== r.interactionId)).toEqual([]);
    const byDescription = interactionResults([
      { testDescription: 'same', status: 'failed' },
      { testDescription: 'same', status: 'passed' },
      { interactionId: 'x', testDescription: 'other', status: 'passed' },
    ]);
    expect(resultLookup(byDescription)({ description: 'same' })?.success).toBe(false);
    expect(resultLookup(byDescription)({ _id: 'x', description: 'same' })?.success).toBe(true);
    expect(resultLookup(byDescription)({ description: 3 })).toBeUndefined();
    expect(interactionLookup([{ description: 'other' }, { _id: 'x' }])(byDescription[2]!)).toEqual({
      description: 'other',
    });
  });
});
