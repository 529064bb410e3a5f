// Unit tests for badge texts and shields.io URLs (the official badge service's examples).

import { describe, expect, it } from 'vitest';
import { badgeSvg, pactBadge, pactStatus, prepareName, shieldsUrl } from './decorate.js';

const shields = 'https://img.shields.io';

describe('badges', () => {
  it('escapes - and _ then URL-encodes, as shields.io reads them', () => {
    expect(shieldsUrl(shields, { left: 'can-i-merge', right: 'success', colour: 'brightgreen' })).toBe(
      'https://img.shields.io/badge/can--i--merge-success-brightgreen.svg',
    );
    expect(shieldsUrl(shields, { left: 'can-i-deploy', right: 'main to prod', colour: 'brightgreen' })).toBe(
      'https://img.shields.io/badge/can--i--deploy-main%20to%20prod-brightgreen.svg',
    );
    const b = pactBadge({ consumer: 'Foo-Bar', provider: 'Thing_Blah' }, 'success', { initials: false });
    expect(shieldsUrl(shields, b)).toBe(
      'https://img.shields.io/badge/foo--bar%2Fthing__blah%20pact-verified-brightgreen.svg',
    );
  });

  it('titles by label and initials; no pact is "pact not found"', () => {
    const pact = { consumer: 'FooApp', provider: 'doAThing' };
    expect(pactBadge(pact, 'stale', { initials: true }).left).toBe('fa/dat pact');
    expect(pactBadge(pact, 'never', { label: 'Consumer', initials: false }).left).toBe('fooapp pact');
    expect(pactBadge(pact, 'failed_pending', { label: 'provider', initials: false })).toEqual({
      left: 'doathing pact',
      right: 'failed (pending)',
      colour: 'red',
    });
    expect(pactBadge(undefined, 'never', { initials: false }).left).toBe('pact not found');
    expect(prepareName('Foo', true, 'prod')).toBe('foo (prod)');
  });

  it('derives the status from the newest relevant verification', () => {
    expect(pactStatus(undefined, undefined)).toBe('never');
    expect(pactStatus('a', { sha: 'a', success: true, pact_pending: null })).toBe('success');
    expect(pactStatus('b', { sha: 'a', success: true, pact_pending: null })).toBe('stale');
    expect(pactStatus('a', { sha: 'a', success: false, pact_pending: true })).toBe('failed_pending');
    expect(pactStatus('a', { sha: 'a', success: false, pact_pending: false })).toBe('failed');
  });

  it('draws a self-contained SVG with escaped texts', () => {
    const svg = badgeSvg({ left: '<a>', right: 'verified', colour: 'brightgreen' });
    expect(svg).toContain('&lt;a&gt;');
    expect(svg).toContain('#4c1');
    expect(svg).not.toMatch(/href|https?:\/\/(?!www\.w3\.org)/);
  });
});
