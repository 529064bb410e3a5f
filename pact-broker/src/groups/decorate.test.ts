// Unit tests for the group rule and the relationships CSV (the official decorator's layout).

import { describe, expect, it } from 'vitest';
import { groupOf, relationshipsCsv } from './decorate.js';
import type { Edge } from './queries.js';

const names: Record<number, string> = { 1: 'Foo', 2: 'Bar', 3: 'Baz', 4: 'Qux', 5: 'Far, "away"' };
const edge = (c: number, p: number): Edge => ({
  consumer_id: c,
  consumer_name: names[c]!,
  provider_id: p,
  provider_name: names[p]!,
});

describe('groups', () => {
  it('writes one row per pacticipant with its providers, padded with 0', () => {
    expect(relationshipsCsv([edge(1, 2), edge(1, 3)])).toBe(
      '1,Foo,1,1,0,1,2,3\n2,Bar,1,1,0,2,0,0\n3,Baz,1,1,0,3,0,0\n',
    );
    expect(relationshipsCsv([edge(5, 1)])).toBe('5,"Far, ""away""",1,1,0,1,1\n1,Foo,1,1,0,2,0\n');
    expect(relationshipsCsv([])).toBe('');
  });

  it('follows integrations ring by ring, stopping after the ring that reaches the limit', () => {
    const all = [edge(1, 2), edge(2, 3), edge(3, 4), edge(5, 4)];
    expect(groupOf(all, 1)).toEqual(all);
    expect(groupOf(all, 1, 3)).toEqual([edge(1, 2), edge(2, 3)]);
    expect(groupOf([edge(1, 2), edge(3, 4)], 3)).toEqual([edge(3, 4)]);
  });
});
