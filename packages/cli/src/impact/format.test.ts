import { describe, expect, it } from 'vitest';
import { emptyImpact } from './analyse.js';
import { withImpact } from './format.js';

const impact = {
  ...emptyImpact('http://broker', 'breaking' as const, undefined),
  error: 'the Pact Broker at http://broker is not reachable',
};

describe('withImpact', () => {
  it('markdown: the section goes right after the verdict heading, the marker stays first', () => {
    const out = withImpact(
      'markdown',
      '<!-- marker -->\n### ❌ Schema diff: 1 breaking change\n\n**Breaking changes**\n',
      impact,
    );
    const lines = out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '<!-- marker -->',
      '### ❌ Schema diff: 1 breaking change',
      '',
      '#### Consumer impact: ❌ could not be judged: the Pact Broker at http://broker is not reachable',
    ]);
    expect(out.indexOf('**Breaking changes**')).toBeGreaterThan(out.indexOf('#### Consumer impact'));
  });

  it('json: an `impact` key beside the diff; text: a block at the end; no impact: output unchanged', () => {
    const doc = JSON.parse(withImpact('json', '{"compatible":false,"changes":[]}', impact));
    expect(doc).toMatchObject({
      compatible: false,
      changes: [],
      impact: { broker: 'http://broker', error: impact.error },
    });
    expect(withImpact('text', 'Result: BREAKING\n', impact)).toMatch(
      /^Result: BREAKING\n\nConsumer impact: BREAKS — could not be judged/,
    );
    expect(withImpact('markdown', 'x', undefined)).toBe('x');
  });

  it('nothing breaking: says so without asking the broker', () => {
    const none = { ...emptyImpact('http://broker', 'impact' as const, undefined), nothingToCheck: true };
    expect(withImpact('text', '', none)).toContain(
      'Consumer impact: no breaking change, so no consumer to check',
    );
  });
});

describe('unmatched interactions in the comment', () => {
  it('versions of a consumer sharing the same pact share one line', () => {
    const place = {
      kind: 'environment' as const,
      environment: 'test',
      production: false,
      how: 'deployed' as const,
    };
    const unmatched = [
      { interaction: 'a health check', via: 'GET /health', reason: 'no contract route matches GET /health' },
    ];
    const impact = {
      ...emptyImpact('http://broker', 'breaking' as const, undefined),
      consumers: [
        { consumer: 'ops', version: 'o1', places: [place], reads: [], unmatched },
        {
          consumer: 'ops',
          version: 'o2',
          places: [{ kind: 'main-branch' as const, branch: 'main' }],
          reads: [],
          unmatched,
        },
      ],
    };
    const out = withImpact('markdown', '### x\n', impact);
    expect(out).toContain(
      '- ops `o1` (test), `o2` (main branch): "a health check" (GET /health): no contract route matches GET /health',
    );
  });
});

describe('a change that cannot be joined with pacts', () => {
  it('says so in the headline instead of claiming nobody is hit', () => {
    const unbound = {
      ...emptyImpact('http://broker', 'breaking' as const, undefined),
      unbound: ['cannot tell which contract a.json and b.json are versions of'],
    };
    expect(withImpact('markdown', '### x\n', unbound)).toContain(
      '#### Consumer impact: ❌ could not be judged: cannot tell which contract a.json and b.json are versions of',
    );
  });
});
