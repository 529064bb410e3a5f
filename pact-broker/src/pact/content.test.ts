// Unit tests for pact content normalisation, SHA, interaction ids, merging and diffing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonical,
  checkPact,
  contentSha,
  countInteractions,
  diffPacts,
  mergePacts,
  type PactDoc,
  withInteractionIds,
} from './content.js';

const pact = (interactions: unknown[]): PactDoc =>
  ({
    consumer: { name: 'C' },
    provider: { name: 'P' },
    interactions,
    metadata: { pactSpecification: { version: '2.0.0' } },
  }) as PactDoc;
const i = (d: string, body: unknown = 1) => ({
  description: d,
  request: { method: 'GET', path: `/${d}` },
  response: { status: 200, body },
});

describe('pact content', () => {
  it('canonical JSON ignores key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonical(reversed)).toBe(canonical(obj));
      }),
    );
  });

  it('the SHA ignores interaction order and _ids but not content', () => {
    const a = pact([i('a'), i('b')]);
    expect(contentSha(pact([i('b'), i('a')]))).toBe(contentSha(a));
    expect(contentSha(withInteractionIds(a))).toBe(contentSha(a));
    expect(contentSha(pact([i('a'), i('b', 2)]))).not.toBe(contentSha(a));
  });

  it('gives every interaction a stable _id', () => {
    const a = withInteractionIds(pact([i('a')]));
    const b = withInteractionIds(pact([i('a')]));
    expect((a.interactions as Array<{ _id: string }>)[0]!._id).toMatch(/^[0-9a-f]{40}$/);
    expect(a).toEqual(b);
  });

  it('checks names and shapes', () => {
    expect(checkPact([]).errors).toEqual(['must be a JSON object']);
    expect(checkPact({ consumer: { name: 'C' } }).errors[0]).toContain('$.provider.name');
    expect(checkPact({ consumer: { name: 'C' }, provider: { name: 'P' }, interactions: {} }).errors).toEqual([
      '$.interactions must be an array',
    ]);
  });

  it('merges by description and state, replacing and appending', () => {
    const merged = mergePacts(pact([i('a'), i('b')]), pact([i('b', 2), i('c')]));
    expect(merged.interactions).toEqual([i('a'), i('b', 2), i('c')]);
  });

  it('counts HTTP and message interactions of v3 and v4 pacts', () => {
    expect(countInteractions({ messages: [{}, {}] } as PactDoc)).toEqual({ interactions: 0, messages: 2 });
    expect(
      countInteractions({
        interactions: [{ type: 'Synchronous/HTTP' }, { type: 'Asynchronous/Messages' }],
      } as PactDoc),
    ).toEqual({ interactions: 1, messages: 1 });
  });

  it('diffs line by line, removed lines first', () => {
    const d = diffPacts(pact([i('a', 1)]), pact([i('a', 2)]));
    const lines = d.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^- +"body": 1,$/);
    expect(lines[1]).toMatch(/^\+ +"body": 2,$/);
  });
});
