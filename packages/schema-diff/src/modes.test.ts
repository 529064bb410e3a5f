// Compatibility modes: direction per mode and transitive checks against every earlier version.
import { describe, expect, it } from 'vitest';
import { checkVersions, defaultModeFor, modeDirections } from './diff.js';

const v = (version: number, properties: Record<string, unknown>, required: string[] = []) => ({
  version,
  schema: { type: 'object', additionalProperties: false, properties, required },
});

describe('modes', () => {
  it('maps modes to directions', () => {
    expect(modeDirections('full-transitive')).toEqual({ direction: 'full', transitive: true });
    expect(modeDirections('backward')).toEqual({ direction: 'backward', transitive: false });
    expect(modeDirections('none')).toBeNull();
  });

  it('defaults per contract kind', () => {
    expect(defaultModeFor('event')).toBe('full-transitive');
    expect(defaultModeFor('http-response')).toBe('forward');
    expect(defaultModeFor('http-request')).toBe('backward');
  });

  it('non-transitive modes only check the previous version', () => {
    // v1 requires a; v2 drops the requirement; v3 drops a. Backward: each step is fine alone.
    const versions = [v(1, { a: { type: 'string' } }, ['a']), v(2, { a: { type: 'string' } }), v(3, {})];
    const r = checkVersions(versions, 'forward');
    expect(r.checks.map((c) => c.against)).toEqual([2]);
    expect(r.compatible).toBe(true);
  });

  it('transitive modes check every earlier version, newest first', () => {
    const versions = [v(1, { a: { type: 'string' } }, ['a']), v(2, { a: { type: 'string' } }), v(3, {})];
    const r = checkVersions(versions, 'forward-transitive');
    expect(r.checks.map((c) => [c.against, c.result.compatible])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(r.compatible).toBe(false);
  });

  it('mode none checks nothing', () => {
    const r = checkVersions([v(1, {}), v(2, { a: true }, ['a'])], 'none');
    expect(r).toMatchObject({ compatible: true, checks: [] });
  });
});
