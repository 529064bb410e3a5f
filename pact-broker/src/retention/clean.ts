// One clean run, as the official `clean` does it (clean_task.rb, clean_incremental.rb, then
// delete_overwritten_data.rb): under a lock, stale branches, the oldest versions no keep selector keeps, orphan pact
// contents, then overwritten data; or, in a dry run, the official report of what would go. Deletes run in
// transactions of at most `batchSize` rows each, so a large clean never holds one long transaction.

import type { MigratableDb } from '../db/db.js';
import * as q from './queries.js';
import {
  type BranchSelector,
  type KeepSelector,
  officialBranchSelector,
  officialSelector,
  withDeployedAndReleased,
} from './selectors.js';
import { distanceOfTimeInWords } from './time-words.js';

export interface CleanOptions {
  /** Keep selectors as configured; `{deployed: true}` and `{released: true}` are added when absent. */
  keep: readonly KeepSelector[];
  /** Branch keep selectors; empty turns stale-branch deletion off. */
  keepBranches: readonly BranchSelector[];
  /** The most versions (and stale branches, and overwritten rows per kind) one run deletes. */
  limit: number;
  dryRun: boolean;
  /** Overwritten verifications and deliveries older than this many days go. */
  overwrittenDataMaxAge: number;
  /** Rows per transaction (default 100). */
  batchSize?: number | undefined;
  /** The clock (tests pin it). */
  now?: (() => Date) | undefined;
  /** Asked between batches; true ends the run early (a broker shutting down). */
  shouldStop?: (() => boolean) | undefined;
  /** Each output line as it happens (the official task's log lines). */
  onLine?: ((line: CleanLine) => void) | undefined;
}

export interface CleanLine {
  message: string;
  payload?: unknown;
}

export interface Counted {
  deleted: number;
  kept: number;
}

/** The official result of a version clean: per table, rows deleted and rows left. */
export type VersionCleanResult = Record<q.CountedTable, Counted>;

export interface VersionInfo {
  number: string;
  created: string;
  tags: string[];
}

export interface PacticipantSummary {
  toDelete: { count: number; fromVersion?: VersionInfo; toVersion?: VersionInfo };
  toKeep: { count: number; latestVersion?: VersionInfo; firstVersion?: VersionInfo };
}

/** The official dry-run report (spec/fixtures/approvals/clean_incremental_dry_run.approved.json). */
export interface VersionDryRun {
  counts: {
    totalVersions: number;
    versionsToDelete: number;
    versionsNotToKeep: number;
    versionsToKeep: number;
    versionsToKeepBySelector: { selector: Record<string, unknown>; count: number }[];
    totalBranches: number;
    branchesToDelete: number;
    branchesToKeep: number;
  };
  /** Pacticipant name → summary, in the official order (lower-case name); a Map keeps that order for any name. */
  versionSummary: Map<string, PacticipantSummary>;
}

type OverwrittenKind = 'pact_publications' | 'verification_results' | 'pact_versions' | 'triggered_webhooks';
export type OverwrittenResult = Record<OverwrittenKind, Counted>;
export type OverwrittenDryRun = Record<OverwrittenKind, { toDelete: number; toKeep: number }>;

export type CleanReport =
  | { performed: false; message: string }
  | {
      performed: true;
      dryRun: boolean;
      keepVersionSelectors: Record<string, unknown>[];
      keepBranchSelectors: Record<string, unknown>[];
      limit: number;
      notices: string[];
      versions: VersionCleanResult | VersionDryRun;
      overwrittenData: OverwrittenResult | OverwrittenDryRun;
      /** Whether shouldStop ended the run before it was done. */
      stoppedEarly: boolean;
    };

const SKIPPED_MESSAGE = 'Clean was not performed as a clean is already in progress. Exiting.';

const DEFAULT_BATCH = 100;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// Databases this process is cleaning: a schedule and a manual run in one process never overlap (on PGlite this is
// the whole guard, since its data folder belongs to one process).
const cleaning = new WeakSet<object>();

/** Runs `fn` only when no other clean holds the lock; PostgreSQL: a session advisory lock every broker shares. */
async function withCleanLock<T>(
  db: MigratableDb,
  fn: () => Promise<T>,
): Promise<{ obtained: true; value: T } | { obtained: false }> {
  if (cleaning.has(db)) return { obtained: false };
  cleaning.add(db);
  try {
    if (db.kind !== 'postgres') return { obtained: true, value: await fn() };
    // A key of its own, apart from the migration lock; released on exit, and with the session if the process dies.
    const key = "hashtextextended('accord-broker clean', 0)";
    return await db.withSession(async (session) => {
      const { rows } = await session.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${key}) AS ok`);
      if (!rows[0]!.ok) return { obtained: false as const };
      try {
        return { obtained: true as const, value: await fn() };
      } finally {
        await session.query(`SELECT pg_advisory_unlock(${key})`).catch(() => {});
      }
    });
  } finally {
    cleaning.delete(db);
  }
}

/** One clean run: skipped (performed: false) when another clean holds the lock. */
export async function clean(db: MigratableDb, options: CleanOptions): Promise<CleanReport> {
  const run = await withCleanLock(db, () => cleanUnlocked(db, options));
  if (!run.obtained) {
    options.onLine?.({ message: SKIPPED_MESSAGE });
    return { performed: false, message: SKIPPED_MESSAGE };
  }
  return run.value;
}

async function cleanUnlocked(db: MigratableDb, o: CleanOptions): Promise<CleanReport> {
  const now = (o.now ?? (() => new Date()))();
  const batch = o.batchSize ?? DEFAULT_BATCH;
  const stop = o.shouldStop ?? (() => false);
  const prefix = o.dryRun ? '[DRY RUN] ' : '';
  const notices: string[] = [];
  const say = (message: string, payload?: unknown) => {
    o.onLine?.(
      payload === undefined ? { message: prefix + message } : { message: prefix + message, payload },
    );
  };
  const { selectors: keep, added } = withDeployedAndReleased(o.keep);
  for (const s of added) {
    const notice = `Automatically adding ${JSON.stringify(officialSelector(s))} to keep version selectors`;
    notices.push(notice);
    say(notice);
  }
  const keepOfficial = keep.map(officialSelector);
  const branchesOfficial = o.keepBranches.map(officialBranchSelector);
  say(
    `Deleting oldest ${o.limit} versions, keeping versions that match the configured selectors`,
    keepOfficial,
  );
  if (o.keepBranches.length === 0)
    say('Stale branch cleanup is disabled (no keep_branch_selectors configured)');
  else {
    say(
      'Deleting stale branches that do not match the configured selectors (main branches are always kept)',
      branchesOfficial,
    );
  }
  let stoppedEarly = false;
  const started = Date.now();
  let versions: VersionCleanResult | VersionDryRun;
  if (o.dryRun) versions = await versionDryRun(db, keep, o.keepBranches, o.limit, now);
  else {
    const r = await versionClean(db, keep, o.keepBranches, o.limit, batch, now, stop);
    versions = r.result;
    stoppedEarly = r.stoppedEarly;
  }
  say(`Results (${Math.floor((Date.now() - started) / 1000)} seconds)`, versions);

  say(`Deleting overwritten pact publications and verifications older than ${o.overwrittenDataMaxAge} days`);
  const startedOverwritten = Date.now();
  const cutoff = new Date(now.getTime() - o.overwrittenDataMaxAge * 86_400_000);
  let overwrittenData: OverwrittenResult | OverwrittenDryRun;
  if (stoppedEarly || stop()) {
    stoppedEarly = true;
    overwrittenData = await overwrittenCounts(db, {
      verification_results: 0,
      pact_versions: 0,
      triggered_webhooks: 0,
    });
  } else if (o.dryRun) overwrittenData = await overwrittenDryRun(db, cutoff, o.limit);
  else {
    const r = await overwrittenClean(db, cutoff, o.limit, batch, stop);
    overwrittenData = r.result;
    stoppedEarly = r.stoppedEarly;
  }
  say(`Results (${Math.floor((Date.now() - startedOverwritten) / 1000)} seconds)`, overwrittenData);
  return {
    performed: true,
    dryRun: o.dryRun,
    keepVersionSelectors: keepOfficial,
    keepBranchSelectors: branchesOfficial,
    limit: o.limit,
    notices,
    versions,
    overwrittenData,
    stoppedEarly,
  };
}

async function versionClean(
  db: MigratableDb,
  keep: KeepSelector[],
  keepBranches: readonly BranchSelector[],
  limit: number,
  batch: number,
  now: Date,
  stop: () => boolean,
): Promise<{ result: VersionCleanResult; stoppedEarly: boolean }> {
  const deleted: Record<q.CountedTable, number> = {
    versions: 0,
    pact_publications: 0,
    pact_versions: 0,
    verifications: 0,
    triggered_webhooks: 0,
    webhook_executions: 0,
    branches: 0,
    provider_contracts: 0,
  };
  let stoppedEarly = false;
  const steps = async (): Promise<void> => {
    // Stale branches first, so a version kept only as the head of one goes in this same run (as upstream).
    if (keepBranches.length > 0) {
      for (const ids of chunks(await q.staleBranches(db, keepBranches, now, limit), batch)) {
        if (stop()) return;
        deleted.branches += await db.transaction((tx) => q.deleteStaleBranches(tx, ids, keepBranches, now));
      }
    }
    for (const ids of chunks(await q.versionsNotKept(db, keep, now, limit), batch)) {
      if (stop()) return;
      const d = await db.transaction(async (tx) => {
        const still = await q.lockVersionsStillNotKept(tx, ids, keep, now);
        return still.length === 0 ? undefined : q.deleteVersions(tx, still);
      });
      if (d === undefined) continue;
      deleted.versions += d.versions;
      deleted.pact_publications += d.pactPublications;
      deleted.verifications += d.verifications;
      deleted.triggered_webhooks += d.triggeredWebhooks;
      deleted.webhook_executions += d.webhookExecutions;
    }
    // Every orphan content, not only those this run orphaned (as upstream), a batch at a time.
    for (;;) {
      if (stop()) return;
      const ids = await q.orphanPactVersions(db, batch);
      if (ids.length === 0) break;
      const d = await db.transaction((tx) => q.deleteOrphanPactVersions(tx, ids));
      deleted.pact_versions += d.pactVersions;
      deleted.triggered_webhooks += d.triggeredWebhooks;
      deleted.webhook_executions += d.webhookExecutions;
      // Candidates that were referenced again meanwhile are no longer orphans; none deleted means none left.
      if (d.pactVersions === 0) break;
    }
    for (;;) {
      if (stop()) return;
      const ids = await q.orphanProviderContracts(db, batch);
      if (ids.length === 0) return;
      const n = await db.transaction((tx) => q.deleteOrphanProviderContracts(tx, ids));
      deleted.provider_contracts += n;
      if (n === 0) return;
    }
  };
  await steps();
  if (stop()) stoppedEarly = true;
  const after = await q.tableCounts(db);
  const result = {} as VersionCleanResult;
  for (const table of Object.keys(q.COUNTED_TABLES) as q.CountedTable[]) {
    result[table] = { deleted: deleted[table], kept: after[table] };
  }
  return { result, stoppedEarly };
}

function info(v: q.VersionInfoRow, now: Date): VersionInfo {
  return { number: v.number, created: `${distanceOfTimeInWords(v.created_at, now)} ago`, tags: v.tags };
}

async function versionDryRun(
  db: MigratableDb,
  keep: KeepSelector[],
  keepBranches: readonly BranchSelector[],
  limit: number,
  now: Date,
): Promise<VersionDryRun> {
  const toDelete = await q.versionsNotKept(db, keep, now, limit);
  const counts = await q.tableCounts(db);
  const versionsToKeep = await q.countKept(db, keep, now);
  const versionsToKeepBySelector: VersionDryRun['counts']['versionsToKeepBySelector'] = [];
  for (const s of keep) {
    versionsToKeepBySelector.push({
      selector: officialSelector(s),
      count: await q.countKeptBySelector(db, s, now),
    });
  }
  // The official dry run counts the stale branches but, deleting nothing, keeps their heads in the version counts.
  const branchesToDelete =
    keepBranches.length === 0 ? 0 : (await q.staleBranches(db, keepBranches, now, limit)).length;

  const deleting = new Map<number, q.VersionInfoRow[]>();
  for (const v of await q.versionInfo(db, toDelete)) {
    const list = deleting.get(v.pacticipant_id) ?? [];
    list.push(v);
    deleting.set(v.pacticipant_id, list);
  }
  const remaining = new Map((await q.remainingVersions(db, toDelete)).map((r) => [r.pacticipant_id, r]));
  const versionSummary = new Map<string, PacticipantSummary>();
  for (const p of await q.pacticipantsByName(db)) {
    const gone = deleting.get(p.id);
    const left = remaining.get(p.id);
    versionSummary.set(p.name, {
      toDelete: gone
        ? { count: gone.length, fromVersion: info(gone[0]!, now), toVersion: info(gone.at(-1)!, now) }
        : { count: 0 },
      // Upstream quirk, kept for parity: `latestVersion` is the remaining version with the lowest order and
      // `firstVersion` the one with the highest (clean_incremental.rb, dry_run_to_keep_by_pacticipant).
      toKeep: left
        ? { count: left.count, latestVersion: info(left.first, now), firstVersion: info(left.last, now) }
        : { count: 0 },
    });
  }
  return {
    counts: {
      totalVersions: counts.versions,
      versionsToDelete: toDelete.length,
      versionsNotToKeep: counts.versions - versionsToKeep,
      versionsToKeep,
      versionsToKeepBySelector,
      totalBranches: counts.branches,
      branchesToDelete,
      branchesToKeep: counts.branches - branchesToDelete,
    },
    versionSummary,
  };
}

async function overwrittenCounts(
  db: MigratableDb,
  deleted: Omit<Record<OverwrittenKind, number>, 'pact_publications'>,
): Promise<OverwrittenResult> {
  const counts = await q.tableCounts(db);
  return {
    // Republishing a consumer version replaces its pact in place here, so no overwritten publication ever exists.
    pact_publications: { deleted: 0, kept: counts.pact_publications },
    verification_results: { deleted: deleted.verification_results, kept: counts.verifications },
    pact_versions: { deleted: deleted.pact_versions, kept: counts.pact_versions },
    triggered_webhooks: { deleted: deleted.triggered_webhooks, kept: counts.triggered_webhooks },
  };
}

async function overwrittenDryRun(db: MigratableDb, cutoff: Date, limit: number): Promise<OverwrittenDryRun> {
  const counts = await q.tableCounts(db);
  const verifications = (await q.overwrittenVerifications(db, cutoff, limit)).length;
  const orphans = (await q.orphanPactVersions(db, limit)).length;
  const deliveries = (await q.overwrittenDeliveries(db, cutoff, limit)).length;
  return {
    pact_publications: { toDelete: 0, toKeep: counts.pact_publications },
    verification_results: { toDelete: verifications, toKeep: counts.verifications - verifications },
    pact_versions: { toDelete: orphans, toKeep: counts.pact_versions - orphans },
    triggered_webhooks: { toDelete: deliveries, toKeep: counts.triggered_webhooks - deliveries },
  };
}

async function overwrittenClean(
  db: MigratableDb,
  cutoff: Date,
  limit: number,
  batch: number,
  stop: () => boolean,
): Promise<{ result: OverwrittenResult; stoppedEarly: boolean }> {
  const deleted = { verification_results: 0, pact_versions: 0, triggered_webhooks: 0 };
  const steps = async (): Promise<void> => {
    for (const ids of chunks(await q.overwrittenVerifications(db, cutoff, limit), batch)) {
      if (stop()) return;
      deleted.verification_results += await db.transaction((tx) => q.deleteVerifications(tx, ids));
    }
    for (const ids of chunks(await q.orphanPactVersions(db, limit), batch)) {
      if (stop()) return;
      deleted.pact_versions += (
        await db.transaction((tx) => q.deleteOrphanPactVersions(tx, ids))
      ).pactVersions;
    }
    for (const ids of chunks(await q.overwrittenDeliveries(db, cutoff, limit), batch)) {
      if (stop()) return;
      deleted.triggered_webhooks += await db.transaction((tx) => q.deleteDeliveriesById(tx, ids));
    }
  };
  await steps();
  return { result: await overwrittenCounts(db, deleted), stoppedEarly: stop() };
}
