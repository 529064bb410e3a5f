// Resolves the matrix query's selectors (specified and ignore) to concrete versions: one indexed look-up per
// selector. Unknown pacticipants and environments and contradictory options are 400s, as upstream.

import { BrokerError } from '../errors.js';
import type { MatrixQuery, MatrixSelector } from './parse.js';
import type { MatrixReads, PacticipantRef, SelectorLookup, VersionHit } from './queries.js';

/** Enumerated tag/branch selectors without `latest` stop here; the matrix lists the newest first. */
export const MAX_VERSIONS_PER_SELECTOR = 1000;

export interface ResolvedSelector {
  pacticipantId: number;
  pacticipantName: string;
  /** undefined: any version of the pacticipant; null: the selected version does not exist. */
  version: VersionHit | null | undefined;
  selector: MatrixSelector;
  type: 'specified' | 'inferred';
  ignore: boolean;
  oneOfMany: boolean;
}

/** Which versions a selector stands for, as `matrixReads` looks them up (kind `any`: every version). */
function lookupOf(s: MatrixSelector, specified: boolean): SelectorLookup {
  const base = { pacticipant: s.pacticipant!, value: null, limit: 1, specified };
  const enumerated = s.latest ? 1 : MAX_VERSIONS_PER_SELECTOR;
  if (s.version) return { ...base, kind: 'version', value: s.version };
  if (s.tag) return { ...base, kind: 'tag', value: s.tag, limit: enumerated };
  if (s.branch) return { ...base, kind: 'branch', value: s.branch, limit: enumerated };
  // A pacticipant without a main branch has no version on it.
  if (s.mainBranch)
    return { ...base, kind: 'mainBranch', limit: s.latest === false ? MAX_VERSIONS_PER_SELECTOR : 1 };
  if (s.environment) return { ...base, kind: 'environment', value: s.environment };
  if (s.latest) return { ...base, kind: 'latest' };
  return { ...base, kind: 'any' };
}

/** The look-ups of the query's specified selectors, then of its ignore selectors (the order `resolveSelectors` reads). */
export function selectorLookups(q: MatrixQuery): SelectorLookup[] {
  return [...q.selectors.map((s) => lookupOf(s, true)), ...q.ignore.map((s) => lookupOf(s, false))];
}

/** The pacticipant and environment names a query mentions. */
export function namesOf(q: MatrixQuery): { pacticipants: string[]; environments: string[] } {
  return {
    pacticipants: [...new Set([...q.selectors, ...q.ignore].map((s) => s.pacticipant!))],
    environments: [
      ...new Set([q.environment, ...q.selectors.map((s) => s.environment)].filter((e): e is string => !!e)),
    ],
  };
}

function resolve(
  p: PacticipantRef,
  s: MatrixSelector,
  versions: VersionHit[] | undefined,
): ResolvedSelector[] {
  const base = {
    pacticipantId: p.id,
    pacticipantName: p.name,
    selector: s,
    type: 'specified' as const,
    ignore: false,
    oneOfMany: false,
  };
  if (versions === undefined) return [{ ...base, version: undefined }];
  if (versions.length === 0) return [{ ...base, version: null }];
  return versions.map((v) => ({ ...base, version: v, oneOfMany: versions.length > 1 }));
}

/** Shape errors of the query (no storage needed), as upstream: a 400 listing every one. */
export function validateQuery(q: MatrixQuery): void {
  const errors: string[] = [];
  if (q.selectors.length === 0) errors.push('Please provide 1 or more version selectors.');
  for (const s of q.selectors) {
    if (!s.pacticipant) errors.push('Please specify the pacticipant name');
    if (s.version && s.latest)
      errors.push(`A version number and latest flag cannot both be specified for ${s.pacticipant}`);
    if (s.tag && s.branch) errors.push(`A tag and a branch cannot both be specified for ${s.pacticipant}`);
  }
  for (const s of q.ignore) if (!s.pacticipant) errors.push('Please specify the pacticipant name to ignore');
  const targets = [q.tag, q.environment, q.mainBranch || undefined].filter((t) => t !== undefined);
  if (targets.length > 1) errors.push('Cannot specify more than one of tag, environment and mainBranch');
  if (q.latest && q.environment) errors.push('Cannot specify latest=true with an environment');
  if (errors.length) throw new BrokerError('validation', errors.join('; '), { errors });
}

export function matches(
  ignore: ResolvedSelector,
  pacticipantId: number,
  versionId: number | undefined,
): boolean {
  if (ignore.pacticipantId !== pacticipantId) return false;
  if (ignore.version === undefined) return true;
  return ignore.version !== null && ignore.version.id === versionId;
}

export interface ResolvedQuery {
  byName: Map<string, PacticipantRef>;
  envIds: Map<string, number>;
  specified: ResolvedSelector[];
  ignores: ResolvedSelector[];
}

/**
 * Resolves every selector from what `matrixReads` read for `selectorLookups(q)`; unknown pacticipants and
 * environments are a 400. A specified selector covered by an ignore is flagged.
 */
export function resolveSelectors(q: MatrixQuery, reads: MatrixReads): ResolvedQuery {
  const { environments: envNames } = namesOf(q);
  const byName = new Map(reads.pacticipants.map((p) => [p.name, p]));
  const errors: string[] = [];
  for (const s of q.selectors)
    if (!byName.has(s.pacticipant!)) errors.push(`Pacticipant ${s.pacticipant} not found`);
  const envIds = reads.environments;
  for (const name of envNames)
    if (!envIds.has(name)) errors.push(`Environment with name '${name}' does not exist`);
  if (errors.length) throw new BrokerError('validation', errors.join('; '), { errors });

  const lookups = selectorLookups(q);
  const versionsAt = (i: number) => (lookups[i]!.kind === 'any' ? undefined : reads.selections[i]!);
  const specified = q.selectors.flatMap((s, i) => resolve(byName.get(s.pacticipant!)!, s, versionsAt(i)));
  const ignores = q.ignore.flatMap((s, j): ResolvedSelector[] => {
    const p = byName.get(s.pacticipant!);
    if (!p) {
      return [
        {
          pacticipantId: -1,
          pacticipantName: s.pacticipant!,
          version: undefined,
          selector: s,
          type: 'specified',
          ignore: true,
          oneOfMany: false,
        },
      ];
    }
    return resolve(p, s, versionsAt(q.selectors.length + j)).map((r) => ({ ...r, ignore: true }));
  });
  for (const r of specified) r.ignore = ignores.some((i) => matches(i, r.pacticipantId, r.version?.id));
  return { byName, envIds, specified, ignores };
}
