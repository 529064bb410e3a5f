import { describe, expect, it } from 'vitest';
import { topicMatches } from './topic.js';

describe('topicMatches', () => {
  it.each([
    ['OrderPlaced.*', 'OrderPlaced.v2', true],
    ['OrderPlaced.*', 'OrderCancelled.v1', false],
    ['OrderPlaced.*', 'OrderPlaced', false],
    ['*.v1', 'OrderCancelled.v1', true],
    ['#', 'OrderPlaced.v2', true],
    ['OrderPlaced.#', 'OrderPlaced', true],
    ['#.v2', 'a.b.v2', true],
    ['OrderPlaced.v2', 'OrderPlaced.v2', true],
    ['OrderPlaced.v2', 'OrderPlaced.v22', false],
  ])('%s against %s is %s', (binding, key, expected) => {
    expect(topicMatches(binding, key)).toBe(expected);
  });
});
