// Keep selectors of the clean, read from JSON as the official clean task reads them (lib/pact_broker/db/clean/
// selector.rb, branch_selector.rb): camelCase or snake_case keys, aliases, the defaults, and the official hash form.

import { BrokerError } from '../errors.js';

/** Which versions a clean keeps: the AND of the attributes given; the keep set is the union over selectors. */
export interface KeepSelector {
  pacticipantName?: string;
  latest?: boolean;
  /** `true`: any tag (with `latest`: the latest version of each tag); a name: that tag. */
  tag?: string | boolean;
  /** `true`: on any branch (with `latest`: every branch head); a name: that branch (its head). */
  branch?: string | boolean;
  /** Currently deployed to, or currently supported in, this environment. */
  environmentName?: string;
  /** Created on or after midnight UTC of today minus this many days. */
  maxAge?: number;
  /** Currently deployed anywhere. */
  deployed?: boolean;
  /** Currently supported (released) anywhere. */
  released?: boolean;
  /** On the pacticipant's main branch (with `latest`: its head). */
  mainBranch?: boolean;
}

/** A branch is kept when it is its pacticipant's main branch, was updated within `maxAge` days, or is named. */
export interface BranchSelector {
  maxAge?: number;
  branch?: string[];
}

/** The official attribute order (Selector::ATTRIBUTES), which is also the order of the official hash form. */
const ATTRIBUTES = [
  ['pacticipant_name', 'pacticipantName'],
  ['latest', 'latest'],
  ['tag', 'tag'],
  ['branch', 'branch'],
  ['environment_name', 'environmentName'],
  ['max_age', 'maxAge'],
  ['deployed', 'deployed'],
  ['released', 'released'],
  ['main_branch', 'mainBranch'],
] as const;

/** The official defaults (CleanIncremental::DEFAULT_KEEP_SELECTORS). */
export const DEFAULT_KEEP_SELECTORS: readonly KeepSelector[] = [
  { tag: true, latest: true },
  { branch: true, latest: true },
  { latest: true },
  { deployed: true },
  { released: true },
  { maxAge: 90 },
];

/** The official default (CleanIncremental::DEFAULT_KEEP_BRANCH_SELECTORS). */
export const DEFAULT_KEEP_BRANCH_SELECTORS: readonly BranchSelector[] = [{ maxAge: 90 }];

/** `maxAge` → `max_age`, `pacticipantName` → `pacticipant_name`, as the official snakecase_keys does. */
function snakeCase(key: string): string {
  return key
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BrokerError('config', `${source} is not valid JSON: ${(err as Error).message}`);
  }
}

function days(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new BrokerError(
      'config',
      `${field} must be a whole number of days >= 0, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') {
    throw new BrokerError('config', `${field} must be true or false, got ${JSON.stringify(value)}`);
  }
  return value;
}

function name(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BrokerError('config', `${field} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function flagOrName(value: unknown, field: string): string | boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new BrokerError(
    'config',
    `${field} must be true, false or a non-empty name, got ${JSON.stringify(value)}`,
  );
}

function objects(value: unknown, source: string): Record<string, unknown>[] {
  if (!Array.isArray(value)) {
    throw new BrokerError('config', `${source} must be a JSON array of selector objects`);
  }
  return value.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new BrokerError('config', `${source}[${i}] must be an object, got ${JSON.stringify(item)}`);
    }
    return item as Record<string, unknown>;
  });
}

export interface ParsedKeepSelectors {
  selectors: KeepSelector[];
  /** Keys that are not selector attributes; ignored as upstream does (an ignored attribute only widens the selector). */
  ignoredKeys: string[];
}

/** Parses a JSON array of keep selectors; `source` names the flag or variable in errors. */
export function parseKeepSelectors(json: string, source: string): ParsedKeepSelectors {
  const items = objects(parseJson(json, source), source);
  if (items.length === 0) {
    // The official task's own words: an empty list would keep nothing.
    throw new BrokerError('config', `${source}: You must specify which versions to keep`);
  }
  const ignoredKeys: string[] = [];
  const selectors = items.map((item, i) => {
    const snake = new Map<string, unknown>();
    for (const [key, value] of Object.entries(item)) snake.set(snakeCase(key), value);
    // Aliases: `pacticipant` and `environment` fill the attribute when it is not given itself.
    if (!snake.has('pacticipant_name') && snake.has('pacticipant'))
      snake.set('pacticipant_name', snake.get('pacticipant'));
    if (!snake.has('environment_name') && snake.has('environment'))
      snake.set('environment_name', snake.get('environment'));
    snake.delete('pacticipant');
    snake.delete('environment');
    const s: KeepSelector = {};
    for (const [key, value] of snake) {
      const field = `${source}[${i}].${key}`;
      // JSON null is the official nil: the attribute is absent.
      if (value === null) continue;
      switch (key) {
        case 'pacticipant_name':
          s.pacticipantName = name(value, field);
          break;
        case 'environment_name':
          s.environmentName = name(value, field);
          break;
        case 'latest':
        case 'deployed':
        case 'released':
          s[key] = flag(value, field);
          break;
        case 'main_branch':
          s.mainBranch = flag(value, field);
          break;
        case 'tag':
        case 'branch':
          s[key] = flagOrName(value, field);
          break;
        case 'max_age':
          s.maxAge = days(value, field);
          break;
        default:
          ignoredKeys.push(`${source}[${i}].${key}`);
      }
    }
    return s;
  });
  return { selectors, ignoredKeys };
}

/**
 * Parses a JSON array of branch selectors. `null` or `[]` turn stale-branch deletion off (the official nil and
 * empty list); a `branch` may be one name or a list of names.
 */
export function parseBranchSelectors(json: string, source: string): BranchSelector[] {
  const value = parseJson(json, source);
  if (value === null) return [];
  return objects(value, source).map((item, i) => {
    const s: BranchSelector = {};
    for (const [key, v] of Object.entries(item)) {
      const field = `${source}[${i}].${snakeCase(key)}`;
      if (v === null) continue;
      switch (snakeCase(key)) {
        case 'max_age':
          s.maxAge = days(v, field);
          break;
        case 'branch':
          s.branch = Array.isArray(v) ? v.map((b, j) => name(b, `${field}[${j}]`)) : [name(v, field)];
          break;
        default:
          throw new BrokerError('config', `${field} is not a branch selector attribute (max_age, branch)`);
      }
    }
    return s;
  });
}

/** The selector in the official hash form: snake_case attribute names in the official order, absent ones left out. */
export function officialSelector(s: KeepSelector): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [snake, camel] of ATTRIBUTES) if (s[camel] !== undefined) out[snake] = s[camel];
  return out;
}

export function officialBranchSelector(s: BranchSelector): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.maxAge !== undefined) out.max_age = s.maxAge;
  if (s.branch !== undefined) out.branch = s.branch.length === 1 ? s.branch[0] : s.branch;
  return out;
}

/**
 * What the official task does before a clean: keep what is deployed or released, whatever else was configured
 * (an `environment` selector does not count). Returns the selectors and the notice for each one added.
 */
export function withDeployedAndReleased(selectors: readonly KeepSelector[]): {
  selectors: KeepSelector[];
  added: KeepSelector[];
} {
  const out = [...selectors];
  const added: KeepSelector[] = [];
  if (!out.some((s) => s.deployed === true)) added.push({ deployed: true });
  if (!out.some((s) => s.released === true)) added.push({ released: true });
  out.push(...added);
  return { selectors: out, added };
}
