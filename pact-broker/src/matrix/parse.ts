// Parses /matrix and /can-i-deploy query strings with Rack nested-query rules (order matters) into a MatrixQuery.

import { BrokerError } from '../errors.js';
import { parseInteger } from '../http/numbers.js';

export interface MatrixSelector {
  pacticipant?: string | undefined;
  version?: string | undefined;
  latest?: boolean | undefined;
  tag?: string | undefined;
  branch?: string | undefined;
  mainBranch?: boolean | undefined;
  environment?: string | undefined;
}

export type LatestBy = 'cvp' | 'cvpv' | 'cp';

export interface MatrixQuery {
  selectors: MatrixSelector[];
  ignore: MatrixSelector[];
  latestby?: LatestBy | undefined;
  /** Target options: where the specified versions are going (the other side is inferred from them). */
  latest?: boolean | undefined;
  tag?: string | undefined;
  environment?: string | undefined;
  mainBranch?: boolean | undefined;
  limit?: number | undefined;
  success?: boolean[] | undefined;
}

const SELECTOR_KEYS: Record<string, keyof MatrixSelector> = {
  pacticipant: 'pacticipant',
  pacticipant_name: 'pacticipant',
  version: 'version',
  pacticipant_version_number: 'version',
  latest: 'latest',
  tag: 'tag',
  branch: 'branch',
  mainBranch: 'mainBranch',
  main_branch: 'mainBranch',
  environment: 'environment',
};

function truthy(v: string): boolean {
  return v === 'true' || v === '1';
}

function assign(sel: MatrixSelector, key: keyof MatrixSelector, value: string): void {
  if (key === 'latest' || key === 'mainBranch') sel[key] = truthy(value);
  else sel[key] = value;
}

/**
 * Rack: `q[][a]=1&q[][b]=2&q[][a]=3` is `[{a:1,b:2},{a:3}]` — a new element starts when the key repeats
 * in the last one. The older `pacticipant[]=A&version[]=1` form is zipped by position.
 */
export function parseMatrixQuery(raw: string): MatrixQuery {
  const params = new URLSearchParams(raw);
  const q: MatrixQuery = { selectors: [], ignore: [] };
  const seen: Record<'q' | 'ignore', Array<Set<string>>> = { q: [], ignore: [] };
  const oldPacticipants: string[] = [];
  const oldVersions: string[] = [];
  for (const [k, v] of params) {
    const nested = /^(q|ignore)\[\]\[(\w+)\]$/.exec(k);
    if (nested) {
      const which = nested[1] as 'q' | 'ignore';
      const list = which === 'q' ? q.selectors : q.ignore;
      const key = SELECTOR_KEYS[nested[2]!];
      const sets = seen[which];
      const rawKey = nested[2]!;
      if (list.length === 0 || sets[sets.length - 1]!.has(rawKey)) {
        list.push({});
        sets.push(new Set());
      }
      sets[sets.length - 1]!.add(rawKey);
      if (key) assign(list[list.length - 1]!, key, v);
      continue;
    }
    switch (k) {
      case 'ignore[]':
        q.ignore.push({ pacticipant: v });
        seen.ignore.push(new Set(['pacticipant']));
        break;
      case 'pacticipant[]':
        oldPacticipants.push(v);
        break;
      case 'version[]':
        oldVersions.push(v);
        break;
      case 'latestby':
        if (v === 'cvp' || v === 'cvpv' || v === 'cp') q.latestby = v;
        else if (v !== '')
          throw new BrokerError('validation', 'bad latestby', { errors: [`Invalid latestby value '${v}'`] });
        break;
      case 'latest':
        q.latest = truthy(v);
        break;
      case 'tag':
      case 'to':
        if (v !== '') q.tag = v;
        break;
      case 'environment':
        if (v !== '') q.environment = v;
        break;
      case 'mainBranch':
        q.mainBranch = truthy(v);
        break;
      case 'limit': {
        const n = parseInteger(v, { max: 100_000 });
        // The matrix answers errors as a list of sentences (as upstream); this one names the parameter.
        if ('problem' in n)
          throw new BrokerError('validation', 'bad limit', { errors: [`limit ${n.problem}`] });
        q.limit = n.value;
        break;
      }
      case 'success[]':
        q.success = [...(q.success ?? []), truthy(v)];
        break;
    }
  }
  oldPacticipants.forEach((p, i) => {
    q.selectors.push({ pacticipant: p, ...(oldVersions[i] ? { version: oldVersions[i] } : {}) });
  });
  return q;
}

/** /can-i-deploy?pacticipant=&version=&to=|environment=&ignore[]= → the equivalent matrix query. */
export function parseCanIDeployQuery(raw: string): MatrixQuery {
  const params = new URLSearchParams(raw);
  const errors: string[] = [];
  const pacticipant = params.get('pacticipant');
  const version = params.get('version');
  const to = params.get('to') || undefined;
  const environment = params.get('environment') || undefined;
  if (!pacticipant) errors.push('pacticipant is missing');
  if (!version) errors.push('version is missing');
  if (to && environment) errors.push('Specify only one of to and environment');
  if (!to && !environment) errors.push('Specify either to (a tag) or environment');
  if (errors.length) throw new BrokerError('validation', errors.join('; '), { errors });
  const ignore = parseMatrixQuery(raw).ignore;
  return {
    selectors: [{ pacticipant: pacticipant!, version: version! }],
    ignore,
    latestby: environment ? 'cvpv' : 'cvp',
    ...(environment ? { environment } : { tag: to, latest: true }),
  };
}
