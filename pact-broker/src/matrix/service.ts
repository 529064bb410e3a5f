// The matrix: resolves selectors to versions, finds the integrations involved, builds the rows and decides
// whether the specified versions are deployable (the official rules: missing or failed verification blocks,
// unknown is null, ignored rows are reported but not counted).

import type { Db } from '../db/db.js';
import { BrokerError } from '../errors.js';
import type { MatrixQuery, MatrixSelector } from './parse.js';
import {
  consumersOfProvider,
  environmentIdByName,
  type InferredTarget,
  inferredVersions,
  latestVerifications,
  latestVersion,
  type PacticipantRef,
  type PublicationRow,
  pacticipantsById,
  pacticipantsByName,
  providersOfConsumer,
  providersOfConsumerVersions,
  publicationsOf,
  recentPublications,
  type VerificationRow,
  type VersionHit,
  versionByNumber,
  versionsInEnvironment,
  versionsOnBranch,
  versionsWithTag,
} from './queries.js';

/** Enumerated tag/branch selectors without `latest` stop here; the matrix lists the newest first. */
const MAX_VERSIONS_PER_SELECTOR = 1000;
const DEFAULT_LIMIT = 100;

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

export interface MatrixRow {
  consumer: PacticipantRef;
  provider: PacticipantRef;
  publication: PublicationRow;
  providerVersion: { id: number; number: string; ord: number } | null;
  verification: VerificationRow | null;
  ignored: boolean;
}

export interface Integration {
  consumer: PacticipantRef;
  provider: PacticipantRef;
  required: boolean;
}

export interface MatrixResult {
  rows: MatrixRow[];
  summary: {
    deployable: boolean | null;
    reason: string;
    success: number;
    failed: number;
    unknown: number;
    ignored?: number;
  };
  notices: Array<{ type: 'success' | 'error' | 'warning' | 'info'; text: string }>;
}

function describe(s: ResolvedSelector): string {
  const { pacticipantName: name, selector } = s;
  const number = s.version ? s.version.number : undefined;
  const none = '(no such version exists)';
  if (selector.latest && selector.tag)
    return `the latest version of ${name} with tag ${selector.tag} ${number ? `(${number})` : none}`;
  if (selector.latest && selector.branch)
    return `the latest version of ${name} from branch ${selector.branch} ${number ? `(${number})` : none}`;
  if (selector.mainBranch)
    return `the latest version of ${name} from the main branch ${number ? `(${number})` : none}`;
  if (selector.latest) return `the latest version of ${name} ${number ? `(${number})` : none}`;
  if (selector.tag) return `a version of ${name} with tag ${selector.tag} ${number ? `(${number})` : none}`;
  if (selector.branch)
    return `a version of ${name} from branch ${selector.branch} ${number ? `(${number})` : none}`;
  if (selector.environment) {
    const prefix = s.oneOfMany ? 'one of the versions' : 'the version';
    return number
      ? `${prefix} of ${name} currently in ${selector.environment} (${number})`
      : `the version of ${name} currently in ${selector.environment} ${none}`;
  }
  if (selector.version && s.version === null) return `version ${selector.version} of ${name} ${none}`;
  if (number) return `version ${number} of ${name}`;
  if (s.pacticipantId < 0) return `any version of ${name} (no such pacticipant exists)`;
  return `any version of ${name}`;
}

function versionDoesNotExistMessage(s: ResolvedSelector): string {
  if (s.selector.tag) return `No version with tag ${s.selector.tag} exists for ${s.pacticipantName}`;
  if (s.selector.version)
    return `No pacts or verifications have been published for version ${s.selector.version} of ${s.pacticipantName}`;
  if (s.selector.branch) return `No version of ${s.pacticipantName} from branch ${s.selector.branch} exists`;
  if (s.selector.mainBranch) return `No version of ${s.pacticipantName} from the main branch exists`;
  if (s.selector.environment)
    return `No version of ${s.pacticipantName} is currently recorded as deployed or released in environment ${s.selector.environment}`;
  return `No pacts or verifications have been published for ${s.pacticipantName}`;
}

/** Versions a selector stands for: [] when none exist, undefined when it means every version. */
async function versionsFor(
  db: Db,
  p: PacticipantRef,
  s: MatrixSelector,
  envIds: Map<string, number>,
): Promise<VersionHit[] | undefined> {
  if (s.version) return versionByNumber(db, p.id, s.version);
  if (s.tag) return versionsWithTag(db, p.id, s.tag, s.latest ? 1 : MAX_VERSIONS_PER_SELECTOR);
  if (s.branch) return versionsOnBranch(db, p.id, s.branch, s.latest ? 1 : MAX_VERSIONS_PER_SELECTOR);
  if (s.mainBranch)
    return p.main_branch
      ? versionsOnBranch(db, p.id, p.main_branch, s.latest === false ? MAX_VERSIONS_PER_SELECTOR : 1)
      : [];
  if (s.environment) {
    const envId = envIds.get(s.environment);
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
  envIds: Map<string, number>,
): Promise<ResolvedSelector[]> {
  const versions = await versionsFor(db, p, s, envIds);
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

function matches(ignore: ResolvedSelector, pacticipantId: number, versionId: number | undefined): boolean {
  if (ignore.pacticipantId !== pacticipantId) return false;
  if (ignore.version === undefined) return true;
  return ignore.version !== null && ignore.version.id === versionId;
}

/** Runs a matrix query: the rows plus the deployability summary the CLI reads. */
export async function runMatrix(db: Db, q: MatrixQuery): Promise<MatrixResult> {
  validate(q);
  const names = [...new Set([...q.selectors, ...q.ignore].map((s) => s.pacticipant!))];
  const envNames = [
    ...new Set([q.environment, ...q.selectors.map((s) => s.environment)].filter((e): e is string => !!e)),
  ];
  const [pacticipants, envRows] = await Promise.all([
    pacticipantsByName(db, names),
    Promise.all(envNames.map(async (name) => [name, await environmentIdByName(db, name)] as const)),
  ]);
  const byName = new Map(pacticipants.map((p) => [p.name, p]));
  const errors: string[] = [];
  for (const s of q.selectors)
    if (!byName.has(s.pacticipant!)) errors.push(`Pacticipant ${s.pacticipant} not found`);
  const envIds = new Map<string, number>();
  for (const [name, id] of envRows) {
    if (id === undefined) errors.push(`Environment with name '${name}' does not exist`);
    else envIds.set(name, id);
  }
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
        return (await resolve(db, p, s, 'specified', envIds)).map((r) => ({ ...r, ignore: true }));
      }),
    ),
    Promise.all(q.selectors.map((s) => resolve(db, byName.get(s.pacticipant!)!, s, 'specified', envIds))),
  ]);
  const ignores = ignoreLists.flat();
  const specified = specifiedLists.flat();
  for (const r of specified) r.ignore = ignores.some((i) => matches(i, r.pacticipantId, r.version?.id));

  const specifiedIds = new Set(specified.map((s) => s.pacticipantId));
  const hasTarget = Boolean(q.latest || q.tag || q.environment || q.mainBranch);
  const infer = hasTarget || specifiedIds.size === 1;
  const bySpecified = new Map<number, ResolvedSelector[]>();
  for (const s of specified)
    bySpecified.set(s.pacticipantId, [...(bySpecified.get(s.pacticipantId) ?? []), s]);

  // Integrations: where a specified pacticipant is the consumer, the provider is required; where it is only the
  // provider, consumers are not (a provider may go where its consumer is absent, but must not break those present).
  const integrationKeys = new Map<string, { consumerId: number; providerId: number; required: boolean }>();
  const addIntegration = (consumerId: number, providerId: number, required: boolean) => {
    if (consumerId === providerId) return;
    const key = `${consumerId}:${providerId}`;
    const existing = integrationKeys.get(key);
    if (existing) existing.required ||= required;
    else integrationKeys.set(key, { consumerId, providerId, required });
  };
  const found = await Promise.all(
    [...bySpecified].map(async ([pid, sels]) => {
      const ids = sels.flatMap((s) => (s.version ? [s.version.id] : []));
      const any = sels.some((s) => s.version === undefined);
      const [providers, consumers] = await Promise.all([
        any ? providersOfConsumer(db, pid) : providersOfConsumerVersions(db, ids),
        infer ? consumersOfProvider(db, pid) : Promise.resolve([]),
      ]);
      return { pid, providers, consumers };
    }),
  );
  for (const { pid, providers, consumers } of found) {
    for (const prov of providers) if (infer || specifiedIds.has(prov)) addIntegration(pid, prov, true);
    for (const cons of consumers) addIntegration(cons, pid, specifiedIds.has(cons));
  }

  const otherIds = [
    ...new Set([...integrationKeys.values()].flatMap((i) => [i.consumerId, i.providerId])),
  ].filter((id) => !specifiedIds.has(id));
  // Inferred selectors: the other side of each integration, taken from the target (environment, tag, main branch, latest).
  const target: MatrixSelector | undefined = q.environment
    ? { environment: q.environment }
    : q.tag
      ? { tag: q.tag, latest: q.latest ?? false }
      : q.mainBranch
        ? { mainBranch: true, latest: true }
        : q.latest
          ? { latest: true }
          : undefined;
  const inferredTarget: InferredTarget | undefined = q.environment
    ? { kind: 'environment', environmentId: envIds.get(q.environment)! }
    : q.tag
      ? { kind: 'tag', tag: q.tag, latest: q.latest ?? false, limit: MAX_VERSIONS_PER_SELECTOR }
      : q.mainBranch
        ? { kind: 'mainBranch' }
        : q.latest
          ? { kind: 'latest' }
          : undefined;
  const [others, inferredHits] = await Promise.all([
    pacticipantsById(db, otherIds),
    inferredTarget ? inferredVersions(db, otherIds, inferredTarget) : Promise.resolve(undefined),
  ]);
  const refs = new Map<number, PacticipantRef>([...byName.values()].map((p) => [p.id, p]));
  for (const p of others) refs.set(p.id, p);
  const inferred = new Map<number, ResolvedSelector[]>();
  for (const id of otherIds) {
    const p = refs.get(id)!;
    const base = {
      pacticipantId: id,
      pacticipantName: p.name,
      selector: target ?? {},
      type: 'inferred' as const,
      ignore: false,
    };
    const hits = inferredHits?.get(id);
    if (!inferredHits) inferred.set(id, [{ ...base, version: undefined, oneOfMany: false }]);
    else if (!hits || hits.length === 0) inferred.set(id, [{ ...base, version: null, oneOfMany: false }]);
    else
      inferred.set(
        id,
        hits.map((v) => ({ ...base, version: v, oneOfMany: hits.length > 1 })),
      );
  }
  const selectorsOf = (id: number) => bySpecified.get(id) ?? inferred.get(id) ?? [];

  // Rows: the pacts of the selected consumer versions, then the newest verification of each by each selected
  // provider version — two statements for all integrations whose versions are known.
  const limit = q.limit ?? DEFAULT_LIMIT;
  const integrations: Integration[] = [];
  const plans = [...integrationKeys.values()].map((i) => {
    const consumer = refs.get(i.consumerId)!;
    const provider = refs.get(i.providerId)!;
    integrations.push({ consumer, provider, required: i.required });
    const cSels = selectorsOf(i.consumerId);
    const pSels = selectorsOf(i.providerId);
    return {
      consumer,
      provider,
      anyConsumer: cSels.some((s) => s.version === undefined),
      cvIds: cSels.flatMap((s) => (s.version ? [s.version.id] : [])),
      anyProvider: pSels.some((s) => s.version === undefined),
      pvs: pSels.flatMap((s) => (s.version ? [s.version] : [])),
    };
  });
  const known = plans.filter((p) => !p.anyConsumer);
  const batchPubs = await publicationsOf(
    db,
    [...new Set(known.flatMap((p) => p.cvIds))],
    [...new Set(known.map((p) => p.provider.id))],
  );
  const pubsByPlan = await Promise.all(
    plans.map(async (p) =>
      p.anyConsumer
        ? recentPublications(db, p.consumer.id, p.provider.id, limit)
        : batchPubs.filter((x) => x.provider_id === p.provider.id && p.cvIds.includes(x.consumer_version_id)),
    ),
  );
  const exactPlans = plans.filter((p, i) => !p.anyProvider && pubsByPlan[i]!.length > 0);
  const [exactVerifications, anyVerifications] = await Promise.all([
    latestVerifications(
      db,
      [
        ...new Set(
          plans.flatMap((p, i) => (p.anyProvider ? [] : pubsByPlan[i]!.map((x) => x.pact_version_id))),
        ),
      ],
      [...new Set(exactPlans.flatMap((p) => p.pvs.map((v) => v.id)))],
    ),
    latestVerifications(
      db,
      [
        ...new Set(
          plans.flatMap((p, i) => (p.anyProvider ? pubsByPlan[i]!.map((x) => x.pact_version_id) : [])),
        ),
      ],
      null,
    ),
  ]);

  const rows: MatrixRow[] = [];
  plans.forEach((plan, idx) => {
    const { consumer, provider, anyProvider, pvs } = plan;
    const verifications = anyProvider ? anyVerifications : exactVerifications;
    for (const pub of pubsByPlan[idx]!) {
      const forPact = verifications.filter((v) => v.pact_version_id === pub.pact_version_id);
      const base = { consumer, provider, publication: pub, ignored: false };
      if (anyProvider) {
        const mine = forPact;
        if (mine.length === 0) rows.push({ ...base, providerVersion: null, verification: null });
        for (const v of mine) {
          rows.push({
            ...base,
            providerVersion: {
              id: v.provider_version_id,
              number: v.provider_version_number,
              ord: v.provider_version_ord,
            },
            verification: v,
          });
        }
      } else if (pvs.length === 0) {
        rows.push({ ...base, providerVersion: null, verification: null });
      } else {
        // One row per provider version in the target: each co-resident version must have verified the pact.
        for (const pv of pvs) {
          rows.push({
            ...base,
            providerVersion: pv,
            verification: forPact.find((v) => v.provider_version_id === pv.id) ?? null,
          });
        }
      }
    }
  });

  let selected = latestBy(rows, q.latestby);
  if (q.success) selected = selected.filter((r) => q.success!.includes(r.verification?.success as boolean));
  selected.sort(
    (a, b) =>
      b.publication.consumer_version_ord - a.publication.consumer_version_ord ||
      (b.providerVersion?.ord ?? 0) - (a.providerVersion?.ord ?? 0) ||
      a.consumer.name.localeCompare(b.consumer.name) ||
      a.provider.name.localeCompare(b.provider.name),
  );
  for (const r of selected) {
    r.ignored = ignores.some(
      (i) =>
        matches(i, r.consumer.id, r.publication.consumer_version_id) ||
        (r.providerVersion !== null && matches(i, r.provider.id, r.providerVersion.id)) ||
        (r.providerVersion === null && i.version === undefined && i.pacticipantId === r.provider.id),
    );
  }
  const summary = summarise(selected, specified, ignores, integrations, [...inferred.values()].flat(), q);
  // Without latestby the matrix is a history browser, so it is paged; with it every row counts for the decision.
  return { ...summary, rows: q.latestby ? selected : selected.slice(0, limit) };
}

function latestBy(rows: MatrixRow[], by: MatrixQuery['latestby']): MatrixRow[] {
  if (!by || by === 'cvpv') return rows;
  const best = new Map<string, MatrixRow>();
  for (const r of rows) {
    const key =
      by === 'cvp'
        ? `${r.publication.consumer_version_id}:${r.provider.id}`
        : `${r.consumer.id}:${r.provider.id}`;
    const cur = best.get(key);
    const newer =
      !cur ||
      (by === 'cp' && r.publication.consumer_version_ord > cur.publication.consumer_version_ord) ||
      ((by === 'cvp' || r.publication.consumer_version_ord === cur.publication.consumer_version_ord) &&
        (r.providerVersion?.ord ?? -1) > (cur.providerVersion?.ord ?? -1));
    if (newer) best.set(key, r);
  }
  return [...best.values()];
}

function summarise(
  rows: MatrixRow[],
  specified: ResolvedSelector[],
  ignores: ResolvedSelector[],
  integrations: Integration[],
  inferred: ResolvedSelector[],
  q: MatrixQuery,
): Omit<MatrixResult, 'rows'> {
  const considered = rows.filter((r) => !r.ignored);
  const ignoredRows = rows.filter((r) => r.ignored);
  const all = [...specified, ...inferred];
  const selectorFor = (p: PacticipantRef, versionId: number | undefined): string => {
    const s =
      all.find((x) => x.pacticipantId === p.id && x.version && x.version.id === versionId) ??
      all.find((x) => x.pacticipantId === p.id);
    return s ? describe(s) : `any version of ${p.name}`;
  };
  const describeRow = (r: MatrixRow) =>
    [
      r.publication.consumer_version_id,
      selectorFor(r.consumer, r.publication.consumer_version_id),
      selectorFor(r.provider, r.providerVersion?.id),
    ] as const;
  const requiredWithoutRow = integrations.filter(
    (i) =>
      i.required && !rows.some((r) => r.consumer.id === i.consumer.id && r.provider.id === i.provider.id),
  );
  const missingSpecified = specified.filter((s) => s.version === null);
  const consideredMissing = missingSpecified.filter((s) => !s.ignore);

  let deployable: boolean | null;
  if (consideredMissing.length > 0) deployable = false;
  else if (considered.some((r) => r.verification === null) || requiredWithoutRow.length > 0)
    deployable = null;
  else deployable = considered.every((r) => r.verification!.success);

  const errors: string[] = [];
  for (const s of missingSpecified)
    errors.push(`${s.ignore ? 'Ignoring: ' : ''}${versionDoesNotExistMessage(s)}`);
  if (errors.length === 0) {
    for (const i of requiredWithoutRow)
      errors.push(
        `There is no verified pact between ${selectorFor(i.consumer, undefined)} and ${selectorFor(i.provider, undefined)}`,
      );
    for (const r of [...considered, ...ignoredRows]) {
      if (r.verification?.success === false) {
        const [, c, p] = describeRow(r);
        errors.push(
          `${r.ignored ? 'Ignoring: ' : ''}The verification for the pact between ${c} and ${p} failed`,
        );
      }
    }
    for (const r of [...considered, ...ignoredRows]) {
      if (r.verification === null) {
        const [, c, p] = describeRow(r);
        errors.push(`${r.ignored ? 'Ignoring: ' : ''}There is no verified pact between ${c} and ${p}`);
      }
    }
  }
  const warnings: string[] = [];
  for (const i of ignores) {
    if (i.pacticipantId < 0 || i.version === null) warnings.push(`WARN: Cannot ignore ${describe(i)}`);
  }
  if (
    specified.length > 0 &&
    !q.environment &&
    !q.tag &&
    !q.mainBranch &&
    new Set(specified.map((s) => s.pacticipantId)).size === 1
  ) {
    warnings.push(
      'WARN: It is recommended to specify the environment into which you are deploying. Without it, the result only says whether the versions are compatible with the latest versions of their integrations.',
    );
  }
  const uniqueErrors = [...new Set(errors)];
  const blocking = deployable !== true;
  const successes = blocking
    ? []
    : [
        considered.length > 0
          ? 'All required verification results are published and successful'
          : 'There are no missing dependencies',
      ];
  const reasons = blocking ? uniqueErrors : [...successes, ...uniqueErrors];
  const notices = [
    ...warnings.map((text) => ({ type: 'warning' as const, text })),
    ...reasons.map((text) => ({
      type: (text.startsWith('Ignoring: ') ? 'info' : blocking ? 'error' : 'success') as
        | 'info'
        | 'error'
        | 'success',
      text,
    })),
  ];
  return {
    summary: {
      deployable,
      reason: [...reasons, ...warnings].join('\n'),
      success: considered.filter((r) => r.verification?.success === true).length,
      failed: considered.filter((r) => r.verification?.success === false).length,
      unknown: requiredWithoutRow.length + considered.filter((r) => r.verification === null).length,
      ...(ignoredRows.length > 0 ? { ignored: ignoredRows.length } : {}),
    },
    notices,
  };
}
