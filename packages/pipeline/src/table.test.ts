// Tests the plain-text table and version shortening used in the summary.
import { describe, expect, it } from 'vitest';
import { formatDuration, textReporter } from './progress.js';
import { renderTable, shortVersion } from './table.js';

describe('renderTable', () => {
  it('pads columns to the widest cell and underlines the header', () => {
    expect(
      renderTable(
        ['service', 'ok'],
        [
          ['checkout-web', 'yes'],
          ['a', 'NO'],
        ],
      ),
    ).toBe(['service       ok', '------------  ---', 'checkout-web  yes', 'a             NO'].join('\n'));
  });
});

describe('shortVersion', () => {
  it('shortens a full sha and keeps the dirty suffix', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    expect(shortVersion(sha)).toBe('0123456789ab');
    expect(shortVersion(`${sha}-dirty-aaaaaaaaaaaa`)).toBe('0123456789ab-dirty-aaaaaaaaaaaa');
    expect(shortVersion('1.2.3')).toBe('1.2.3');
  });
});

describe('progress', () => {
  it('formats durations', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(125_000)).toBe('2m5s');
  });

  it('prints start, end with ok/FAILED and duration, indented details and failure output', () => {
    let out = '';
    const r = textReporter((t) => {
      out += t;
    });
    r.stepStart(1, 2, 'publish pacts');
    r.detail('checkout-web: 1 pact');
    r.stepEnd(1, 2, 'publish pacts', true, 1500);
    r.stepEnd(2, 2, 'provider verification', false, 200);
    r.failure('line one\nline two');
    expect(out).toBe(
      [
        '▶ [1/2] publish pacts',
        '    checkout-web: 1 pact',
        '✔ [1/2] publish pacts ok (1.5s)',
        '✖ [2/2] provider verification FAILED (200ms)',
        '  │ line one',
        '  │ line two',
        '',
      ].join('\n'),
    );
  });
});
