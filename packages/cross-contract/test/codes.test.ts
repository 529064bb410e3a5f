// Every mismatch code has a test that produces it: the code table and the test files cannot drift apart.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MISMATCH_CODES } from '../src/index.js';

const here = new URL('.', import.meta.url);
const sources = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts') && f !== 'codes.test.ts')
  .map((f) => readFileSync(new URL(f, here), 'utf8'))
  .join('\n');

describe('mismatch codes', () => {
  it.each(Object.keys(MISMATCH_CODES))('%s is asserted by a test', (code) => {
    expect(sources).toContain(`'${code}'`);
  });

  it('has errors and warnings only', () => {
    expect(new Set(Object.values(MISMATCH_CODES))).toEqual(new Set(['error', 'warning']));
  });
});
