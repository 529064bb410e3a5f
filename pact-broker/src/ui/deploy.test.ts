// Unit tests of the matrix form's reading of its URL: page and size through the shared integer parser.

import { describe, expect, it } from 'vitest';
import { readMatrixForm } from './deploy.js';

const form = (query: string) => readMatrixForm(new URLSearchParams(query));

describe('readMatrixForm', () => {
  it('reads a page and a size in range', () => {
    expect(form('page=3&size=50')).toMatchObject({ page: 3, size: 50 });
  });

  it('falls back for numbers the shared parser refuses, which Number() would have let through', () => {
    for (const bad of ['1e15', '0x10', '1.0', '-1', '0', ' ', 'NaN', '99999999999', '1e999']) {
      expect(form(`page=${encodeURIComponent(bad)}&size=${encodeURIComponent(bad)}`), bad).toMatchObject({
        page: 1,
        size: 25,
      });
    }
    expect(form('size=101')).toMatchObject({ size: 25 });
  });
});
