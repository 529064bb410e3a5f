// Parses and validates a pacts-for-verification query (consumer version selectors and provider options).

import { Checker, MAX_ENTRIES } from '../validation/index.js';

export interface Selector {
  consumer?: string;
  mainBranch?: true;
  /** A branch name, or `true` for the head of every branch. */
  branch?: string | true;
  fallbackBranch?: string;
  matchingBranch?: true;
  tag?: string;
  fallbackTag?: string;
  latest?: boolean;
  deployed?: true;
  released?: true;
  environment?: string;
}

export interface VerificationQuery {
  selectors: Selector[];
  /** True when the client sent no selectors and the defaults apply. */
  defaultSelectors: boolean;
  providerVersionBranch?: string;
  providerVersionTags: string[];
  includePendingStatus: boolean;
  includeWipPactsSince?: Date;
}

const BRANCH_KEYS = [
  'latest',
  'tag',
  'fallbackTag',
  'branch',
  'fallbackBranch',
  'matchingBranch',
  'mainBranch',
];
const ENV_KEYS = ['environment', 'deployed', 'released', 'deployedOrReleased'];
const SNAKE: Record<string, string> = {
  fallback_tag: 'fallbackTag',
  main_branch: 'mainBranch',
  matching_branch: 'matchingBranch',
  fallback_branch: 'fallbackBranch',
  deployed_or_released: 'deployedOrReleased',
};

function camel(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) continue;
    out[SNAKE[k] ?? k] = v;
  }
  return out;
}

function parseSelector(
  raw: unknown,
  i: number,
  c: Checker,
  providerVersionBranch: string | undefined,
): Selector[] {
  const f = `consumerVersionSelectors[${i}]`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    c.add(f, 'must be an object');
    return [];
  }
  const s = camel(raw as Record<string, unknown>);
  const known = new Set(['consumer', ...BRANCH_KEYS, ...ENV_KEYS]);
  for (const k of Object.keys(s)) if (!known.has(k)) c.add(`${f}.${k}`, 'is not a known selector property');
  const str = (k: string) => c.name(`${f}.${k}`, s[k], { required: false });
  const flag = (k: string) => {
    if (s[k] === undefined) return undefined;
    if (typeof s[k] !== 'boolean') {
      c.add(`${f}.${k}`, 'must be true or false');
      return undefined;
    }
    return s[k] as boolean;
  };
  const consumer = str('consumer');
  const tag = str('tag');
  const fallbackTag = str('fallbackTag');
  const fallbackBranch = str('fallbackBranch');
  const environment = str('environment');
  let branch: string | true | undefined;
  if (s.branch === true) branch = true;
  else if (s.branch !== undefined) branch = str('branch');
  const latest = flag('latest');
  const mainBranch = flag('mainBranch');
  const matchingBranch = flag('matchingBranch');
  const deployed = flag('deployed');
  const released = flag('released');
  const deployedOrReleased = flag('deployedOrReleased');

  const has = (k: string) => s[k] !== undefined;
  const before = Object.keys(c.errors).length;
  if (
    !(
      mainBranch ||
      tag ||
      branch ||
      environment ||
      matchingBranch ||
      deployed ||
      released ||
      deployedOrReleased ||
      latest === true
    )
  ) {
    c.add(
      f,
      'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true',
    );
  }
  if (has('mainBranch')) {
    if (mainBranch !== true) c.add(`${f}.mainBranch`, 'can only be set to true');
    const others = Object.keys(s).filter((k) => !['mainBranch', 'consumer', 'latest'].includes(k));
    if (others.length)
      c.add(
        f,
        `cannot specify mainBranch=true with any other criteria apart from consumer (found ${others.join(', ')})`,
      );
    if (latest === false) c.add(f, 'cannot specify mainBranch=true with latest=false');
  }
  if (has('matchingBranch')) {
    if (matchingBranch !== true) c.add(`${f}.matchingBranch`, 'can only be set to true');
    const others = Object.keys(s).filter((k) => !['matchingBranch', 'consumer', 'latest'].includes(k));
    if (others.length)
      c.add(
        f,
        `cannot specify matchingBranch=true with any other criteria apart from consumer (found ${others.join(', ')})`,
      );
    if (!providerVersionBranch)
      c.add(f, 'the providerVersionBranch must be specified when the selector matchingBranch=true is used');
  }
  if (has('tag') && has('branch')) c.add(f, 'cannot specify both a tag and a branch');
  const branchish = BRANCH_KEYS.filter((k) => has(k));
  const envish = ENV_KEYS.filter((k) => has(k));
  if (branchish.length && envish.length) {
    c.add(
      f,
      `cannot specify the ${branchish.join('/')} with the ${envish.join('/')} (use separate selectors)`,
    );
  }
  if (has('fallbackTag') && !(tag && latest === true))
    c.add(f, 'fallbackTag can only be set if tag is set and latest=true');
  if (has('fallbackBranch') && (!branch || latest === false)) {
    c.add(f, 'fallbackBranch can only be set if branch is set and latest is not false');
  }
  if (has('branch') && latest === false) c.add(f, 'cannot specify a branch with latest=false');
  if ([deployed, released, deployedOrReleased].filter((x) => x !== undefined).length > 1) {
    c.add(f, 'cannot specify more than one of deployed, released and deployedOrReleased');
  }
  for (const k of ['deployed', 'released', 'deployedOrReleased'] as const) {
    if (s[k] === false) c.add(`${f}.${k}`, 'can only be set to true');
  }
  if (Object.keys(c.errors).length > before) return [];

  const base: Selector = consumer ? { consumer } : {};
  if (mainBranch) return [{ ...base, mainBranch: true, latest: true }];
  if (matchingBranch)
    return [{ ...base, branch: providerVersionBranch!, matchingBranch: true, latest: true }];
  if (branch !== undefined)
    return [{ ...base, branch, ...(fallbackBranch ? { fallbackBranch } : {}), latest: true }];
  if (tag)
    return [{ ...base, tag, ...(fallbackTag ? { fallbackTag } : {}), ...(latest ? { latest: true } : {}) }];
  if (deployedOrReleased) {
    return [
      { ...base, deployed: true, ...(environment ? { environment } : {}) },
      { ...base, released: true, ...(environment ? { environment } : {}) },
    ];
  }
  if (deployed) return [{ ...base, deployed: true, ...(environment ? { environment } : {}) }];
  if (released) return [{ ...base, released: true, ...(environment ? { environment } : {}) }];
  if (environment)
    return [
      { ...base, deployed: true, environment },
      { ...base, released: true, environment },
    ];
  return [{ ...base, latest: true }];
}

/** Parses and checks a pacts-for-verification request; a 400 naming every bad field. */
export function parseVerificationQuery(body: Record<string, unknown>): VerificationQuery {
  const c = new Checker();
  const q = readVerificationQuery(body, c);
  c.throwIfAny();
  return q;
}

/** Reads a pacts-for-verification request, recording problems on `c` (the body schema of the POST route). */
export function readVerificationQuery(body: Record<string, unknown>, c: Checker): VerificationQuery {
  const b = camel(body);
  const key = (camelName: string, snake: string) => b[camelName] ?? b[snake];
  let providerVersionBranch: string | undefined;
  const pvb = key('providerVersionBranch', 'provider_version_branch');
  if (pvb !== undefined) {
    if (typeof pvb !== 'string') c.add('providerVersionBranch', 'must be a string');
    else providerVersionBranch = pvb;
  }
  const tags = c.stringList('providerVersionTags', key('providerVersionTags', 'provider_version_tags')) ?? [];
  let includePendingStatus = true;
  const ips = key('includePendingStatus', 'include_pending_status');
  if (ips !== undefined) {
    if (typeof ips === 'boolean') includePendingStatus = ips;
    else if (ips === 'true' || ips === 'false') includePendingStatus = ips === 'true';
    else c.add('includePendingStatus', 'must be true or false');
  }
  let includeWipPactsSince: Date | undefined;
  const wip = key('includeWipPactsSince', 'include_wip_pacts_since');
  if (wip !== undefined) {
    const d = typeof wip === 'string' && /^\d{4}-\d{2}-\d{2}/.test(wip) ? new Date(wip) : undefined;
    if (!d || Number.isNaN(d.getTime()))
      c.add('includeWipPactsSince', 'must be a date (YYYY-MM-DD or ISO 8601)');
    else includeWipPactsSince = d;
  }
  if (providerVersionBranch !== undefined && providerVersionBranch.trim() === '') {
    if (tags.length === 0 && (includePendingStatus || includeWipPactsSince)) {
      c.add(
        'providerVersionBranch',
        'cannot be blank when pending or WIP pacts are requested without providerVersionTags',
      );
    }
    providerVersionBranch = undefined;
  }
  const rawSelectors = key('consumerVersionSelectors', 'consumer_version_selectors');
  const selectors: Selector[] = [];
  if (rawSelectors !== undefined) {
    if (!Array.isArray(rawSelectors)) c.add('consumerVersionSelectors', 'must be an array');
    // Each selector is a query of its own: an unbounded list would hold the database for as long as it takes.
    else if (rawSelectors.length > MAX_ENTRIES) {
      c.add('consumerVersionSelectors', `cannot have more than ${MAX_ENTRIES} entries`);
    } else {
      rawSelectors.forEach((s, i) => {
        selectors.push(...parseSelector(s, i, c, providerVersionBranch));
      });
    }
  }
  return {
    selectors,
    defaultSelectors: !Array.isArray(rawSelectors) || rawSelectors.length === 0,
    ...(providerVersionBranch ? { providerVersionBranch } : {}),
    providerVersionTags: tags,
    includePendingStatus,
    ...(includeWipPactsSince ? { includeWipPactsSince } : {}),
  };
}
