// Unit tests for parsing consumer version selectors and provider options.

import { describe, expect, it } from 'vitest';
import type { BrokerError } from '../errors.js';
import { parseVerificationQuery } from './selectors.js';

const parse = (body: Record<string, unknown>) => parseVerificationQuery(body);
const errorsOf = (body: Record<string, unknown>) => {
  try {
    parse(body);
  } catch (e) {
    return (e as BrokerError).errors;
  }
  throw new Error('expected a validation error');
};

describe('parseVerificationQuery', () => {
  it('normalises selectors: branch selectors imply latest, deployedOrReleased and environment split in two', () => {
    const q = parse({
      consumerVersionSelectors: [
        { mainBranch: true },
        { branch: 'b' },
        { deployedOrReleased: true, environment: 'prod' },
      ],
      providerVersionBranch: 'main',
    });
    expect(q.selectors).toEqual([
      { mainBranch: true, latest: true },
      { branch: 'b', latest: true },
      { deployed: true, environment: 'prod' },
      { released: true, environment: 'prod' },
    ]);
    expect(
      parse({ consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'x' }).selectors,
    ).toEqual([{ branch: 'x', matchingBranch: true, latest: true }]);
  });

  it('accepts snake_case keys and drops nulls; includePendingStatus defaults to true', () => {
    const q = parse({
      consumer_version_selectors: [{ main_branch: true, consumer: null }],
      include_pending_status: false,
    });
    expect(q.selectors).toEqual([{ mainBranch: true, latest: true }]);
    expect(q.includePendingStatus).toBe(false);
    expect(parse({}).includePendingStatus).toBe(true);
    expect(parse({}).defaultSelectors).toBe(true);
  });

  it('reports every problem against its selector', () => {
    expect(
      Object.keys(
        errorsOf({ consumerVersionSelectors: [{ tag: 'a' }, { mainBranch: true, tag: 'x' }] }) as object,
      ),
    ).toEqual(['consumerVersionSelectors[1]']);
    expect(errorsOf({ consumerVersionSelectors: [{ matchingBranch: true }] })).toMatchObject({
      'consumerVersionSelectors[0]': [expect.stringContaining('providerVersionBranch')],
    });
    expect(errorsOf({ includeWipPactsSince: 'yesterday' })).toHaveProperty('includeWipPactsSince');
    expect(errorsOf({ providerVersionBranch: ' ', includePendingStatus: true })).toHaveProperty(
      'providerVersionBranch',
    );
  });
});
