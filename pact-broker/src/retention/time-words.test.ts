// The official dry run's "created … ago" words at each of Rails' boundaries.

import { describe, expect, it } from 'vitest';
import { distanceOfTimeInWords } from './time-words.js';

const now = new Date('2026-06-15T12:00:00Z');
const ago = (minutes: number) => distanceOfTimeInWords(new Date(now.getTime() - minutes * 60_000), now);

describe('distanceOfTimeInWords', () => {
  it.each([
    [0, 'less than a minute'],
    [0.49, 'less than a minute'],
    [1, '1 minute'],
    [44, '44 minutes'],
    [45, 'about 1 hour'],
    [89, 'about 1 hour'],
    [90, 'about 2 hours'],
    [1439, 'about 24 hours'],
    [1440, '1 day'],
    [2519, '1 day'],
    [2520, '2 days'],
    [43199, '30 days'],
    [43200, 'about 1 month'],
    [86399, 'about 2 months'],
    [86400, '2 months'],
    [525599, '12 months'],
    [525600, 'about 1 year'],
    [525600 + 131400, 'over 1 year'],
    [525600 + 394200, 'almost 2 years'],
    [3 * 525600, 'about 3 years'],
  ])('%d minutes → %s', (minutes, words) => {
    expect(ago(minutes)).toBe(words);
  });

  it('is the same distance for a time in the future', () => {
    expect(distanceOfTimeInWords(new Date(now.getTime() + 86_400_000), now)).toBe('1 day');
  });
});
