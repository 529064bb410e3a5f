// The clean's settings from the official Docker image's variables (PACT_BROKER_DATABASE_CLEAN_*), with its defaults.

import { Cron } from 'croner';
import { BrokerError } from '../errors.js';
import {
  type BranchSelector,
  DEFAULT_KEEP_BRANCH_SELECTORS,
  DEFAULT_KEEP_SELECTORS,
  type KeepSelector,
  parseBranchSelectors,
  parseKeepSelectors,
} from './selectors.js';

type Env = Record<string, string | undefined>;

export interface CleanSettings {
  /** Run the clean on `cronSchedule` inside the broker (PACT_BROKER_DATABASE_CLEAN_ENABLED, default false). */
  enabled: boolean;
  /** 5-field cron expression, UTC (PACT_BROKER_DATABASE_CLEAN_CRON_SCHEDULE, default `15 2 * * *`). */
  cronSchedule: string;
  /** Most versions, branches and overwritten rows of each kind one run deletes (…_DELETION_LIMIT, default 500). */
  deletionLimit: number;
  /** Report only (…_DRY_RUN). */
  dryRun: boolean;
  keepVersionSelectors: KeepSelector[];
  keepBranchSelectors: BranchSelector[];
  /** Days after which overwritten verifications and deliveries go (…_OVERWRITTEN_DATA_MAX_AGE, default 7). */
  overwrittenDataMaxAge: number;
  /** Selector keys that are not attributes (ignored, as upstream; reported). */
  ignoredKeys: string[];
}

const PREFIX = 'PACT_BROKER_DATABASE_CLEAN_';

function value(env: Env, name: string): string | undefined {
  const v = env[PREFIX + name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/**
 * `true` or `false` only. Upstream takes anything but "true" as false; here a typo such as DRY_RUN=yes is an
 * error rather than a real delete.
 */
export function strictBool(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new BrokerError('config', `${name} must be true or false, got "${raw}"`);
}

export function wholeNumber(raw: string, name: string, min: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min)
    throw new BrokerError('config', `${name} must be a whole number >= ${min}, got "${raw}"`);
  return Number(raw);
}

/** Checks a cron expression; croner reads 5 fields (or 6 with seconds), as the image's supercronic does. */
export function cronSchedule(raw: string, name: string): string {
  try {
    new Cron(raw, { timezone: 'UTC', paused: true }).stop();
  } catch (err) {
    throw new BrokerError('config', `${name} is not a cron expression: ${(err as Error).message}`);
  }
  return raw;
}

export function parseCleanSettings(env: Env): CleanSettings {
  const keep = value(env, 'KEEP_VERSION_SELECTORS');
  const parsed = keep === undefined ? undefined : parseKeepSelectors(keep, `${PREFIX}KEEP_VERSION_SELECTORS`);
  const branches = value(env, 'KEEP_BRANCH_SELECTORS');
  const limit = value(env, 'DELETION_LIMIT');
  const maxAge = value(env, 'OVERWRITTEN_DATA_MAX_AGE');
  return {
    enabled: strictBool(value(env, 'ENABLED'), `${PREFIX}ENABLED`, false),
    cronSchedule: cronSchedule(value(env, 'CRON_SCHEDULE') ?? '15 2 * * *', `${PREFIX}CRON_SCHEDULE`),
    deletionLimit: limit === undefined ? 500 : wholeNumber(limit, `${PREFIX}DELETION_LIMIT`, 1),
    dryRun: strictBool(value(env, 'DRY_RUN'), `${PREFIX}DRY_RUN`, false),
    keepVersionSelectors: parsed?.selectors ?? [...DEFAULT_KEEP_SELECTORS],
    keepBranchSelectors:
      branches === undefined
        ? [...DEFAULT_KEEP_BRANCH_SELECTORS]
        : parseBranchSelectors(branches, `${PREFIX}KEEP_BRANCH_SELECTORS`),
    overwrittenDataMaxAge:
      maxAge === undefined ? 7 : wholeNumber(maxAge, `${PREFIX}OVERWRITTEN_DATA_MAX_AGE`, 0),
    ignoredKeys: parsed?.ignoredKeys ?? [],
  };
}
