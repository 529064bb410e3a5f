// Unit tests of the retry schedule: exponential, capped, with equal jitter.

import { describe, expect, it } from 'vitest';
import { backoffMs } from './relay.js';

describe('backoffMs', () => {
  const config = { backoffMs: 1000, backoffMaxMs: 10_000 };

  it('doubles per failed try and stays within [delay/2, delay]', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(config, n, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(config, n, () => 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it('is capped', () => {
    expect(backoffMs(config, 10, () => 1)).toBe(10_000);
    expect(backoffMs(config, 30, () => 0.5)).toBe(7500);
  });
});
