// The clean's settings from the official Docker image's variables, with its defaults.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { DEFAULT_KEEP_BRANCH_SELECTORS, DEFAULT_KEEP_SELECTORS } from './selectors.js';
import { parseCleanSettings } from './settings.js';

describe('parseCleanSettings', () => {
  it('has the official defaults and is part of the broker config', () => {
    const expected = {
      enabled: false,
      cronSchedule: '15 2 * * *',
      deletionLimit: 500,
      dryRun: false,
      keepVersionSelectors: DEFAULT_KEEP_SELECTORS,
      keepBranchSelectors: DEFAULT_KEEP_BRANCH_SELECTORS,
      overwrittenDataMaxAge: 7,
      ignoredKeys: [],
    };
    expect(parseCleanSettings({})).toEqual(expected);
    expect(parseConfig([], {})).toMatchObject({ clean: expected });
  });

  it('reads every PACT_BROKER_DATABASE_CLEAN_* variable', () => {
    expect(
      parseCleanSettings({
        PACT_BROKER_DATABASE_CLEAN_ENABLED: 'true',
        PACT_BROKER_DATABASE_CLEAN_CRON_SCHEDULE: '*/5 * * * *',
        PACT_BROKER_DATABASE_CLEAN_DELETION_LIMIT: '50',
        PACT_BROKER_DATABASE_CLEAN_DRY_RUN: 'TRUE',
        PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS:
          '[{"latest": true, "branch": true}, {"max_age": 90}]',
        PACT_BROKER_DATABASE_CLEAN_KEEP_BRANCH_SELECTORS: '[]',
        PACT_BROKER_DATABASE_CLEAN_OVERWRITTEN_DATA_MAX_AGE: '0',
      }),
    ).toEqual({
      enabled: true,
      cronSchedule: '*/5 * * * *',
      deletionLimit: 50,
      dryRun: true,
      keepVersionSelectors: [{ latest: true, branch: true }, { maxAge: 90 }],
      keepBranchSelectors: [],
      overwrittenDataMaxAge: 0,
      ignoredKeys: [],
    });
  });

  it.each([
    [
      'PACT_BROKER_DATABASE_CLEAN_DRY_RUN',
      'yes',
      'PACT_BROKER_DATABASE_CLEAN_DRY_RUN must be true or false, got "yes"',
    ],
    [
      'PACT_BROKER_DATABASE_CLEAN_ENABLED',
      '1',
      'PACT_BROKER_DATABASE_CLEAN_ENABLED must be true or false, got "1"',
    ],
    [
      'PACT_BROKER_DATABASE_CLEAN_DELETION_LIMIT',
      '0',
      'PACT_BROKER_DATABASE_CLEAN_DELETION_LIMIT must be a whole number >= 1, got "0"',
    ],
    [
      'PACT_BROKER_DATABASE_CLEAN_CRON_SCHEDULE',
      '61 * * * *',
      'PACT_BROKER_DATABASE_CLEAN_CRON_SCHEDULE is not a cron expression',
    ],
    [
      'PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS',
      '[]',
      'PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS: You must specify which versions to keep',
    ],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => parseCleanSettings({ [name]: value })).toThrow(message);
  });
});
