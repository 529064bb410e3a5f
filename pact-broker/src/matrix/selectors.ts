// Resolves the matrix query's selectors (specified and ignore) to concrete versions: one indexed look-up per
// selector. Unknown pacticipants and environments and contradictory options are 400s, as upstream.

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { MatrixQuery, MatrixSelector } from './parse.js';
import {
  latestVersion,
  type NamedThings,
  namedThings,
  type PacticipantRef,
  type VersionHit,
  versionKey,
  versionsInEnvironment,
  versionsOnBranch,
  versionsWithTag,
} from './queries.js';

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

/** Versions a selector stands for: [] when none exist, undefined when it means every version. */
async function versionsFor(
  db: Db,
  p: PacticipantRef,
  s: MatrixSelector,
  named: NamedThings,
): Promise<VersionHit[] | undefined> {
  if (s.version) {
    const v = named.versions.get(versionKey(p.name, s.version));
    return v ? [v] : [];
  }
  if (s.tag) return versionsWithTag(db, p.id, s.tag, s.latest ? 1 : MAX_VERSIONS_PER_SELECTOR);
  if (s.branch) return versionsOnBranch(db, p.id, s.branch, s.latest ? 1 : MAX_VERSIONS_PER_SELECTOR);
  if (s.mainBranch)
    return p.main_branch
      ? versionsOnBranch(db, p.id, p.main_branch, s.latest === false ? MAX_VERSIONS_PER_SELECTOR : 1)
      : [];
  if (s.environment) {
    const envId = named.environments.get(s.environment);
    return envId === undefined ? [] : versionsInEnvironment(db, p.id, envId);
  }
  if (s.latest) return latestVersion(db, p.id);
  return undefined;
}

async function resolve(
  db: Db,
  p: PacticipantRef,
  s: MatrixSelector,
  type: 'specified' | 'inferred',
  named: NamedThings,
): Promise<ResolvedSelector[]> {
  const versions = await versionsFor(db, p, s, named);
  const base = {
    pacticipantId: p.id,
    pacticipantName: p.name,
    selector: s,
    type,
    ignore: false,
    oneOfMany: false,
  };
  if (versions === undefined) return [{ ...base, version: undefined }];
  if (versions.length === 0) return [{ ...base, version: null }];
  return versions.map((v) => ({ ...base, version: v, oneOfMany: versions.length > 1 }));
}

function validate(q: MatrixQuery): void {
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

/** Validates the query and resolves every selector; a specified selector covered by an ignore is flagged. */
export async function resolveSelectors(db: Db, q: MatrixQuery): Promise<ResolvedQuery> {
  validate(q);
  const names = [...new Set([...q.selectors, ...q.ignore].map((s) => s.pacticipant!))];
  const envNames = [
    ...new Set([q.environment, ...q.selectors.map((s) => s.environment)].filter((e): e is string => !!e)),
  ];
  // Names and version numbers resolve in one statement; the other selector kinds need the pacticipant's id.
  const named = await namedThings(
    db,
    names,
    envNames,
    [...q.selectors, ...q.ignore].flatMap((s) =>
      s.version ? [{ pacticipant: s.pacticipant!, number: s.version }] : [],
    ),
  );
  const byName = new Map(named.pacticipants.map((p) => [p.name, p]));
  const errors: string[] = [];
  for (const s of q.selectors)
    if (!byName.has(s.pacticipant!)) errors.push(`Pacticipant ${s.pacticipant} not found`);
  const envIds = named.environments;
  for (const name of envNames)
    if (!envIds.has(name)) errors.push(`Environment with name '${name}' does not exist`);
  if (errors.length) throw new BrokerError('validation', errors.join('; '), { errors });

  // Every selector resolves to version ids first (one indexed lookup each, concurrently); ignore selectors
  // are resolved alongside so the specified selectors they cover can be flagged.
  const [ignoreLists, specifiedLists] = await Promise.all([
    Promise.all(
      q.ignore.map(async (s): Promise<ResolvedSelector[]> => {
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
        return (await resolve(db, p, s, 'specified', named)).map((r) => ({ ...r, ignore: true }));
      }),
    ),
    Promise.all(q.selectors.map((s) => resolve(db, byName.get(s.pacticipant!)!, s, 'specified', named))),
  ]);
  const ignores = ignoreLists.flat();
  const specified = specifiedLists.flat();
  for (const r of specified) r.ignore = ignores.some((i) => matches(i, r.pacticipantId, r.version?.id));
  return { byName, envIds, specified, ignores };
}
