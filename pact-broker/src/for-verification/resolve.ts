// Resolves selectors to pact contents, works out pending status and WIP pacts (after the official rules).

import type { Db } from '../db/db.js';
import { findEnvironmentByName } from '../environments/queries.js';
import { BrokerError } from '../errors.js';
import type { WipSettings } from '../settings.js';
import {
  allTaggedPacts,
  branchHeadPacts,
  type CandidateQuery,
  type CandidateRow,
  type ConsumerRow,
  type CurrentVersionPact,
  candidatesWithSuccesses,
  latestPacts,
  latestTaggedPacts,
  type ProviderWithConsumers,
  pactsOfCurrentVersions,
  type SuccessRow,
  tagFirstUsedAt,
  unverifiedPublicationAges,
} from './queries.js';
import type { Selector, VerificationQuery } from './selectors.js';

/** One reason a pact was selected: which selector, described, and which consumer version it matched. */
export interface Selection {
  selector: Selector;
  description: string;
  consumerVersionNumber: string;
  consumerVersionId: number;
  branch?: string | undefined;
  tag?: string | undefined;
  environment?: string | undefined;
  fallback?: boolean;
}

export interface VerifiablePact {
  consumerName: string;
  consumerId: number;
  pactVersionId: number;
  sha: string;
  latestOrd: number;
  selections: Selection[];
  pending: boolean;
  wip: boolean;
  /** The provider branch/tags on whose account the pact is pending or not (for notices). */
  pendingReason: { kind: 'branch'; name: string } | { kind: 'tags'; names: string[] } | { kind: 'none' };
}

type Found = { row: CandidateRow; selection: Omit<Selection, 'consumerVersionNumber' | 'consumerVersionId'> };

function describe(s: Selector, row: CandidateRow, extra: { env?: string; fallback?: boolean } = {}): string {
  const who = s.consumer ? ` of ${s.consumer}` : '';
  if (s.mainBranch) return `latest version${who} from main branch '${row.via}'`;
  if (s.matchingBranch) return `latest version${who} from branch '${row.via}' (matching the provider branch)`;
  if (s.branch !== undefined) {
    return extra.fallback
      ? `latest version${who} from fallback branch '${row.via}'`
      : `latest version${who} from branch '${row.via}'`;
  }
  if (s.tag) {
    if (s.latest) {
      return extra.fallback
        ? `latest version${who} with fallback tag '${row.via}'`
        : `latest version${who} with tag '${row.via}'`;
    }
    return `one of the versions${who} with tag '${row.via}'`;
  }
  if (s.deployed) return `version${who} currently deployed to ${extra.env ?? 'an environment'}`;
  if (s.released) return `version${who} released and supported in ${extra.env ?? 'an environment'}`;
  return `latest version${who}`;
}

function shortOf(s: Selection): string {
  const sel = s.selector;
  if (sel.mainBranch) return 'latest from main branch';
  if (sel.matchingBranch) return 'latest from matching branch';
  if (sel.branch !== undefined)
    return s.fallback ? `latest from fallback branch ${s.branch}` : `latest from branch ${s.branch}`;
  if (sel.tag) return sel.latest ? `latest with tag ${s.tag}` : `one of ${s.tag}`;
  if (sel.deployed) return `currently deployed to ${s.environment}`;
  if (sel.released) return `currently released in ${s.environment}`;
  return 'latest';
}

export function shortDescription(p: VerifiablePact): string {
  if (p.wip) return 'WIP';
  return [...new Set(p.selections.map(shortOf))].join(', ');
}

type BranchKind = Parameters<typeof branchHeadPacts>[2];

/**
 * The candidate reads of one request for one provider. Reads asked for in the same turn of the event loop (the
 * selectors resolved concurrently, the WIP candidates) go out as one statement, which also brings the provider's
 * successful verifications of their contents, kept here for the pending and WIP decisions: every content a
 * candidate names has its successes without another round trip. One read per (consumers, environment) serves the
 * deployed and released selectors.
 */
class CandidateReads {
  readonly #successes = new Map<number, Map<number, SuccessRow>>();
  readonly #current = new Map<string, Promise<CurrentVersionPact[]>>();
  #batch: Array<{ query: CandidateQuery; done: (rows: Promise<CandidateRow[]>) => void }> = [];
  constructor(
    private readonly db: Db,
    readonly providerId: number,
  ) {}

  #read<R extends CandidateRow>(query: CandidateQuery): Promise<R[]> {
    return new Promise<CandidateRow[]>((done) => {
      this.#batch.push({ query, done });
      if (this.#batch.length === 1) queueMicrotask(() => this.#send());
    }) as Promise<R[]>;
  }

  #send(): void {
    const batch = this.#batch;
    this.#batch = [];
    const read = candidatesWithSuccesses(
      this.db,
      this.providerId,
      batch.map((b) => b.query),
    ).then(({ rows, successes }) => {
      for (const r of rows.flat())
        if (!this.#successes.has(r.pact_version_id)) this.#successes.set(r.pact_version_id, new Map());
      for (const s of successes) this.#successes.get(s.pact_version_id)?.set(s.id, s);
      return rows;
    });
    for (const [i, b] of batch.entries()) b.done(read.then((rows) => rows[i]!));
  }

  branchHeads(ids: number[], branch: BranchKind): Promise<CandidateRow[]> {
    return this.#read(branchHeadPacts(this.providerId, ids, branch));
  }
  latestTagged(ids: number[], tag: string | null): Promise<CandidateRow[]> {
    return this.#read(latestTaggedPacts(this.providerId, ids, tag));
  }
  allTagged(ids: number[], tag: string): Promise<CandidateRow[]> {
    return this.#read(allTaggedPacts(this.providerId, ids, tag));
  }
  latest(ids: number[]): Promise<CandidateRow[]> {
    return this.#read(latestPacts(this.providerId, ids));
  }
  current(ids: number[], environment: string | null): Promise<CurrentVersionPact[]> {
    const key = JSON.stringify([ids, environment]);
    let rows = this.#current.get(key);
    if (!rows) {
      rows = this.#read<CurrentVersionPact>(pactsOfCurrentVersions(this.providerId, ids, environment));
      this.#current.set(key, rows);
    }
    return rows;
  }
  /** The provider's successful verifications of each content a candidate named. */
  successes(): Map<number, SuccessRow[]> {
    return new Map([...this.#successes].map(([id, byId]) => [id, [...byId.values()]]));
  }
}

async function resolveSelector(
  reads: CandidateReads,
  consumers: ConsumerRow[],
  s: Selector,
): Promise<Found[]> {
  const ids = consumers.filter((c) => !s.consumer || c.name === s.consumer).map((c) => c.id);
  if (ids.length === 0) return [];
  const mk = (rows: CandidateRow[], extra: Partial<Selection> = {}) =>
    rows.map((row) => ({ row, selection: { selector: s, description: describe(s, row, extra), ...extra } }));
  if (s.mainBranch) {
    return mk(await reads.branchHeads(ids, { kind: 'main' })).map((f) => ({
      ...f,
      selection: { ...f.selection, branch: f.row.via ?? undefined },
    }));
  }
  if (s.branch !== undefined) {
    const rows = await reads.branchHeads(
      ids,
      s.branch === true ? { kind: 'all' } : { kind: 'name', name: s.branch },
    );
    const found: Found[] = rows.map((row) => ({
      row,
      selection: { selector: s, description: describe(s, row), branch: row.via ?? undefined },
    }));
    if (s.fallbackBranch && typeof s.branch === 'string') {
      const missing = ids.filter((id) => !rows.some((r) => r.consumer_id === id));
      if (missing.length) {
        const fb = await reads.branchHeads(missing, { kind: 'name', name: s.fallbackBranch });
        for (const row of fb) {
          found.push({
            row,
            selection: {
              selector: s,
              description: describe(s, row, { fallback: true }),
              branch: row.via ?? undefined,
              fallback: true,
            },
          });
        }
      }
    }
    return found;
  }
  if (s.tag) {
    if (!s.latest) {
      return (await reads.allTagged(ids, s.tag)).map((row) => ({
        row,
        selection: { selector: s, description: describe(s, row), tag: s.tag },
      }));
    }
    const rows = await reads.latestTagged(ids, s.tag);
    const found: Found[] = rows.map((row) => ({
      row,
      selection: { selector: s, description: describe(s, row), tag: s.tag },
    }));
    if (s.fallbackTag) {
      const missing = ids.filter((id) => !rows.some((r) => r.consumer_id === id));
      if (missing.length) {
        for (const row of await reads.latestTagged(missing, s.fallbackTag)) {
          found.push({
            row,
            selection: {
              selector: s,
              description: describe(s, row, { fallback: true }),
              tag: s.fallbackTag,
              fallback: true,
            },
          });
        }
      }
    }
    return found;
  }
  if (s.deployed || s.released) {
    const kind = s.deployed ? 'deployed' : 'released';
    const rows = (await reads.current(ids, s.environment ?? null)).filter((r) => r.kind === kind);
    return rows.map((row) => ({
      row,
      selection: {
        selector: s,
        description: describe(s, row, { env: row.environment_name }),
        environment: row.environment_name,
      },
    }));
  }
  return mk(await reads.latest(ids));
}

/** The official defaults when no selectors are sent: main branch head (or tag / latest), plus deployed and released. */
async function defaultFinds(reads: CandidateReads, consumers: ConsumerRow[]): Promise<Found[]> {
  const found: Found[] = [];
  for (const c of consumers) {
    const one = [c];
    let f: Found[] = [];
    if (c.main_branch) {
      f = await resolveSelector(reads, one, { consumer: c.name, mainBranch: true, latest: true });
      if (f.length === 0)
        f = await resolveSelector(reads, one, { consumer: c.name, tag: c.main_branch, latest: true });
    }
    if (f.length === 0) f = await resolveSelector(reads, one, { consumer: c.name, latest: true });
    found.push(...f);
  }
  const [deployed, released] = await Promise.all([
    resolveSelector(reads, consumers, { deployed: true }),
    resolveSelector(reads, consumers, { released: true }),
  ]);
  found.push(...deployed, ...released);
  return found;
}

interface PendingContext {
  successes: Map<number, SuccessRow[]>;
  branchCreated?: Date | undefined;
  tagFirstUse: Map<string, Date | undefined>;
  /** On the branch path, the WIP checks ignore verifications executed before this (the look-back window). */
  wipVerifiedSince?: Date | undefined;
}

const DAY_MS = 86_400_000;

/** Today at 00:00 UTC minus `days` days. */
function daysAgo(days: number, now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - days * DAY_MS);
}

/**
 * PACT_BROKER_DYNAMIC_WIP_WINDOW: the 80th percentile of the ages of unverified publications in the look-back
 * range, kept within the minimum and maximum window; the default window when there are none (or on error).
 */
async function dynamicWipStart(db: Db, providerId: number, wip: WipSettings): Promise<Date> {
  try {
    const ages = await unverifiedPublicationAges(db, providerId, wip.maxLookbackDays);
    if (ages.length === 0) return daysAgo(wip.defaultWindowDays);
    const p80 = ages[Math.max(Math.ceil(ages.length * 0.8) - 1, 0)]!;
    return daysAgo(Math.min(Math.max(p80, wip.minWindowDays), wip.maxLookbackDays));
  } catch {
    return daysAgo(wip.defaultWindowDays);
  }
}

const DEFAULT_WIP: WipSettings = {
  dynamicWindow: false,
  maxLookbackDays: 14,
  minWindowDays: 7,
  defaultWindowDays: 7,
  verifiedByOtherBranchLookbackDays: 30,
};

/**
 * Whether content is pending for the provider version being verified. `ignoreWip` leaves out WIP verifications
 * (a successful WIP verification never stops a pact from being WIP).
 */
function isPending(
  q: VerificationQuery,
  ctx: PendingContext,
  pactVersionId: number,
  ignoreWip: boolean,
): boolean {
  const successes = (ctx.successes.get(pactVersionId) ?? []).filter(
    (s) =>
      !(ignoreWip && s.wip) &&
      !(
        ignoreWip &&
        q.providerVersionBranch &&
        ctx.wipVerifiedSince &&
        s.execution_date < ctx.wipVerifiedSince
      ),
  );
  if (q.providerVersionBranch) {
    const b = q.providerVersionBranch;
    return !successes.some(
      (s) =>
        s.branches.includes(b) ||
        (!s.branches.includes(b) && (!ctx.branchCreated || s.created_at < ctx.branchCreated)),
    );
  }
  if (q.providerVersionTags.length) {
    return q.providerVersionTags.some((t) => {
      const first = ctx.tagFirstUse.get(t);
      return !successes.some((s) => s.tags.includes(t) || !first || s.created_at < first);
    });
  }
  return successes.length === 0;
}

/** `found` is the provider with what `providerWithConsumers` read beside it, for `q`'s provider branch. */
export async function pactsForVerification(
  db: Db,
  { provider, consumers, branchCreatedAt }: ProviderWithConsumers,
  q: VerificationQuery,
  wip: WipSettings = DEFAULT_WIP,
): Promise<VerifiablePact[]> {
  for (const s of q.selectors) {
    if (s.environment && !(await findEnvironmentByName(db, s.environment))) {
      throw BrokerError.validation({
        consumerVersionSelectors: [`Environment with name '${s.environment}' does not exist`],
      });
    }
  }
  const reads = new CandidateReads(db, provider.id);
  const wipEnabled = q.includeWipPactsSince && (q.providerVersionBranch || q.providerVersionTags.length > 0);
  const ids = consumers.map((c) => c.id);
  // Selectors read independently of each other, and the WIP candidates and the provider tags' first uses do not
  // depend on them: all are read concurrently (the selectors' pacts kept in request order).
  const [found, wipRows, wipSince, tagFirstUses] = await Promise.all([
    q.defaultSelectors
      ? defaultFinds(reads, consumers)
      : Promise.all(q.selectors.map((s) => resolveSelector(reads, consumers, s))).then((f) => f.flat()),
    wipEnabled
      ? Promise.all([reads.branchHeads(ids, { kind: 'all' }), reads.latestTagged(ids, null)]).then((r) =>
          r.flat(),
        )
      : [],
    wipEnabled && wip.dynamicWindow ? dynamicWipStart(db, provider.id, wip) : q.includeWipPactsSince,
    Promise.all(q.providerVersionTags.map((t) => tagFirstUsedAt(db, provider.id, t))),
  ]);

  // One verifiable pact per distinct content, listing every selector that chose it.
  const byContent = new Map<number, VerifiablePact>();
  for (const { row, selection } of found) {
    let p = byContent.get(row.pact_version_id);
    if (!p) {
      p = {
        consumerName: row.consumer_name,
        consumerId: row.consumer_id,
        pactVersionId: row.pact_version_id,
        sha: row.sha,
        latestOrd: row.consumer_version_ord,
        selections: [],
        pending: false,
        wip: false,
        pendingReason: { kind: 'none' },
      };
      byContent.set(row.pact_version_id, p);
    }
    p.latestOrd = Math.max(p.latestOrd, row.consumer_version_ord);
    const sel: Selection = {
      ...selection,
      consumerVersionNumber: row.consumer_version_number,
      consumerVersionId: row.consumer_version_id,
    };
    if (
      !p.selections.some(
        (x) => x.description === sel.description && x.consumerVersionId === sel.consumerVersionId,
      )
    ) {
      p.selections.push(sel);
    }
  }

  // WIP candidates: pacts of every consumer branch head and tag head published since the WIP date.
  const wipCandidates = new Map<number, CandidateRow>();
  for (const row of wipRows) {
    // Strictly after the start date, as upstream.
    if (row.created_at <= wipSince!) continue;
    if (byContent.has(row.pact_version_id)) continue;
    const prev = wipCandidates.get(row.pact_version_id);
    if (!prev || prev.consumer_version_ord < row.consumer_version_ord)
      wipCandidates.set(row.pact_version_id, row);
  }
  const successes = reads.successes();
  const pctx: PendingContext = {
    successes,
    branchCreated: q.providerVersionBranch ? branchCreatedAt : undefined,
    tagFirstUse: new Map(q.providerVersionTags.map((t, i) => [t, tagFirstUses[i]])),
    wipVerifiedSince: new Date(Date.now() - wip.verifiedByOtherBranchLookbackDays * DAY_MS),
  };
  const reason: VerifiablePact['pendingReason'] = q.providerVersionBranch
    ? { kind: 'branch', name: q.providerVersionBranch }
    : q.providerVersionTags.length
      ? { kind: 'tags', names: q.providerVersionTags }
      : { kind: 'none' };

  const result: VerifiablePact[] = [];
  for (const p of byContent.values()) {
    p.pending = q.includePendingStatus && isPending(q, pctx, p.pactVersionId, false);
    p.pendingReason = reason;
    result.push(p);
  }
  for (const row of wipCandidates.values()) {
    // Content already verified (outside WIP) by this provider branch/tag is not work in progress.
    if (!isPending(q, pctx, row.pact_version_id, true)) continue;
    result.push({
      consumerName: row.consumer_name,
      consumerId: row.consumer_id,
      pactVersionId: row.pact_version_id,
      sha: row.sha,
      latestOrd: row.consumer_version_ord,
      selections: [
        {
          selector: { latest: true },
          description: `latest version of ${row.consumer_name} from ${row.via ? `branch or tag '${row.via}'` : 'a branch'}`,
          consumerVersionNumber: row.consumer_version_number,
          consumerVersionId: row.consumer_version_id,
        },
      ],
      pending: q.includePendingStatus,
      wip: true,
      pendingReason: reason,
    });
  }
  result.sort((a, b) =>
    a.consumerName === b.consumerName ? a.latestOrd - b.latestOrd : a.consumerName < b.consumerName ? -1 : 1,
  );
  return result;
}
