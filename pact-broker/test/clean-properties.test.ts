// Property: for random histories (versions, branches, tags, deployments, releases, pacts, verifications,
// deliveries) and random keep selectors, the clean deletes exactly the oldest `limit` versions an independent model
// of the official selector rules does not keep; everything kept is still there, the matrix between kept versions
// answers as before, no delivery or content is left dangling, and the dry run predicted the run.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.js';
import {
  type CleanReport,
  clean,
  type VersionCleanResult,
  type VersionDryRun,
} from '../src/retention/clean.js';
import type { BranchSelector, KeepSelector } from '../src/retention/selectors.js';
import { History } from './support/history.js';
import { resetDatabase } from './support/reset.js';
import { startBroker, type TestBroker } from './support/startBroker.js';

const NOW = new Date('2026-11-20T15:30:00Z');
const NAMES = ['A', 'B', 'C'] as const;
const ENVS = ['test', 'production'] as const;

interface VersionEvent {
  p: number;
  daysAgo: number;
  branch: string | null;
  tags: string[];
  deployedTo: string | null;
  undeployedFrom: string | null;
  releasedIn: string | null;
  supportEndedIn: string | null;
  pact: { to: number; content: number } | null;
}

interface Scenario {
  mainBranch: (string | null)[];
  versions: VersionEvent[];
  /** [publication index, provider version index, success, days ago]; indexes wrap around what exists. */
  verifications: [number, number, boolean, number][];
  keep: KeepSelector[];
  keepBranches: BranchSelector[];
  limit: number;
  batchSize: number;
}

const versionEvent: fc.Arbitrary<VersionEvent> = fc.record({
  p: fc.integer({ min: 0, max: 2 }),
  daysAgo: fc.integer({ min: 0, max: 200 }),
  branch: fc.option(fc.constantFrom('main', 'feat-a', 'feat-b')),
  tags: fc.subarray(['prod', 'dev', 'x']),
  deployedTo: fc.option(fc.constantFrom(...ENVS), { freq: 4 }),
  undeployedFrom: fc.option(fc.constantFrom(...ENVS), { freq: 4 }),
  releasedIn: fc.option(fc.constantFrom(...ENVS), { freq: 5 }),
  supportEndedIn: fc.option(fc.constantFrom(...ENVS), { freq: 5 }),
  pact: fc.option(fc.record({ to: fc.integer({ min: 1, max: 2 }), content: fc.integer({ min: 0, max: 2 }) })),
});

const keepSelector: fc.Arbitrary<KeepSelector> = fc.record(
  {
    pacticipantName: fc.constantFrom('A', 'B', 'C', 'Z'),
    latest: fc.boolean(),
    tag: fc.constantFrom<string | boolean>(true, 'prod', 'dev', false),
    branch: fc.constantFrom<string | boolean>(true, 'main', 'feat-a'),
    environmentName: fc.constantFrom(...ENVS),
    maxAge: fc.integer({ min: 0, max: 250 }),
    deployed: fc.boolean(),
    released: fc.boolean(),
    mainBranch: fc.boolean(),
  },
  { requiredKeys: [] },
);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  mainBranch: fc.tuple(...NAMES.map(() => fc.option(fc.constantFrom('main', 'feat-a')))),
  versions: fc.array(versionEvent, { minLength: 1, maxLength: 14 }),
  verifications: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean(), fc.constantFrom(0, 3, 30, 100)), {
    maxLength: 10,
  }),
  keep: fc.array(keepSelector, { minLength: 1, maxLength: 3 }),
  keepBranches: fc.oneof(
    fc.constant([] as BranchSelector[]),
    fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.option(fc.constantFrom('feat-a', 'feat-b')))
      .map(([maxAge, named]) => (named === null ? [{ maxAge }] : [{ maxAge }, { branch: [named] }])),
  ),
  limit: fc.integer({ min: 1, max: 20 }),
  batchSize: fc.constantFrom(1, 2, 100),
});

// The model: the official rules written out over plain objects, independently of the SQL.

interface ModelVersion {
  id: number;
  p: string;
  created: Date;
  branch: string | null;
  tags: string[];
  deployedIn: string[];
  supportedIn: string[];
}

const midnightMinus = (days: number) =>
  new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), NOW.getUTCDate() - days));

function keptIds(s: KeepSelector, vs: ModelVersion[], mainOf: Map<string, string | null>): Set<number> {
  const headOf = new Map<string, number>();
  for (const v of vs) if (v.branch !== null) headOf.set(`${v.p}/${v.branch}`, v.id); // ids follow version order
  const isHead = (v: ModelVersion) => v.branch !== null && headOf.get(`${v.p}/${v.branch}`) === v.id;
  let rows = vs.map((v) => ({ v, tag: undefined as string | undefined }));
  const keepIf = (f: (v: ModelVersion) => boolean) => {
    rows = rows.filter((r) => f(r.v));
  };
  if (s.pacticipantName !== undefined) keepIf((v) => v.p === s.pacticipantName);
  if (s.environmentName !== undefined)
    keepIf((v) => v.deployedIn.includes(s.environmentName!) || v.supportedIn.includes(s.environmentName!));
  if (s.deployed === true) keepIf((v) => v.deployedIn.length > 0);
  if (s.released === true) keepIf((v) => v.supportedIn.length > 0);
  if (s.tag === true) rows = rows.flatMap((r) => r.v.tags.map((tag) => ({ v: r.v, tag })));
  else if (typeof s.tag === 'string') keepIf((v) => v.tags.includes(s.tag as string));
  if (s.maxAge !== undefined) keepIf((v) => v.created >= midnightMinus(s.maxAge!));
  let latestApplied = false;
  if (s.mainBranch === true) {
    const onMain = (v: ModelVersion) => v.branch !== null && mainOf.get(v.p) === v.branch;
    latestApplied = s.latest === true;
    keepIf(s.latest === true ? (v) => onMain(v) && isHead(v) : onMain);
  }
  if (s.branch === true || typeof s.branch === 'string') {
    const on = (v: ModelVersion) => v.branch !== null && (s.branch === true || v.branch === s.branch);
    latestApplied ||= s.latest === true;
    keepIf(s.latest === true ? (v) => on(v) && isHead(v) : on);
  }
  if (s.latest === true && !latestApplied) {
    const max = new Map<string, number>();
    for (const r of rows) {
      const group = `${r.v.p}/${s.tag === true ? r.tag : ''}`;
      max.set(group, Math.max(max.get(group) ?? 0, r.v.id));
    }
    return new Set(max.values());
  }
  return new Set(rows.map((r) => r.v.id));
}

/** What the clean leaves: stale branches go first, then the oldest `limit` versions outside the keep set. */
function expectedRemaining(
  sc: Scenario,
  vs: ModelVersion[],
): { remaining: Set<number>; keptFirst: Set<number> } {
  const mainOf = new Map(NAMES.map((n, i) => [n as string, sc.mainBranch[i] ?? null]));
  let model = vs;
  if (sc.keepBranches.length > 0) {
    // Branches in creation order; a branch's last update is its newest version's creation.
    const branches = new Map<string, Date>();
    for (const v of vs) {
      if (v.branch === null) continue;
      const key = `${v.p}/${v.branch}`;
      const last = branches.get(key);
      branches.set(key, last === undefined || v.created > last ? v.created : last);
    }
    const stale = [...branches]
      .filter(([key, last]) => {
        const [p, name] = key.split('/') as [string, string];
        if (mainOf.get(p) === name) return false;
        return !sc.keepBranches.some(
          (b) =>
            (b.maxAge !== undefined && last >= midnightMinus(b.maxAge)) || (b.branch ?? []).includes(name),
        );
      })
      .slice(0, sc.limit)
      .map(([key]) => key);
    model = vs.map((v) =>
      v.branch !== null && stale.includes(`${v.p}/${v.branch}`) ? { ...v, branch: null } : v,
    );
  }
  const keep = new Set<number>();
  // As the official task: {deployed: true} and {released: true} are added unless some selector already says so.
  const added: KeepSelector[] = [
    ...(sc.keep.some((s) => s.deployed === true) ? [] : [{ deployed: true }]),
    ...(sc.keep.some((s) => s.released === true) ? [] : [{ released: true }]),
  ];
  for (const s of [...sc.keep, ...added]) {
    for (const id of keptIds(s, model, mainOf)) keep.add(id);
  }
  const victims = new Set(
    model
      .filter((v) => !keep.has(v.id))
      .slice(0, sc.limit)
      .map((v) => v.id),
  );
  return { remaining: new Set(vs.filter((v) => !victims.has(v.id)).map((v) => v.id)), keptFirst: keep };
}

/** Writes the scenario; returns the model of its versions (ids as the database gave them). */
async function write(db: Db, sc: Scenario): Promise<ModelVersion[]> {
  const h = new History(db, NOW);
  for (const [i, name] of NAMES.entries()) await h.pacticipant(name, sc.mainBranch[i] ?? undefined);
  const model: ModelVersion[] = [];
  const publications: { pv: number; provider: string; consumerVersion: string }[] = [];
  const deployed = new Map<string, number>();
  for (const [i, e] of sc.versions.entries()) {
    const p = NAMES[e.p]!;
    const number = `${p.toLowerCase()}${i}`;
    const id = await h.version({
      pacticipant: p,
      number,
      daysAgo: e.daysAgo,
      ...(e.branch === null ? {} : { branch: e.branch }),
      tags: e.tags,
      ...(e.deployedTo === null ? {} : { deployedTo: e.deployedTo }),
      ...(e.undeployedFrom === null ? {} : { undeployedFrom: e.undeployedFrom }),
      ...(e.releasedIn === null ? {} : { releasedIn: e.releasedIn }),
      ...(e.supportEndedIn === null || e.supportEndedIn === e.releasedIn
        ? {}
        : { supportEndedIn: e.supportEndedIn }),
    });
    const v: ModelVersion = {
      id,
      p,
      created: new Date(NOW.getTime() - e.daysAgo * 86_400_000),
      branch: e.branch,
      tags: e.tags,
      deployedIn: [],
      supportedIn: e.releasedIn === null ? [] : [e.releasedIn],
    };
    if (e.deployedTo !== null) {
      // The newer deployment to an environment replaces the older one of the same pacticipant.
      const before = deployed.get(`${p}/${e.deployedTo}`);
      const older = model.find((m) => m.id === before);
      if (older) older.deployedIn = older.deployedIn.filter((env) => env !== e.deployedTo);
      deployed.set(`${p}/${e.deployedTo}`, id);
      v.deployedIn.push(e.deployedTo);
    }
    model.push(v);
    if (e.pact !== null) {
      const provider = NAMES[(e.p + e.pact.to) % 3]!;
      const pv = await h.pact(id, provider, `${p}→${provider} #${e.pact.content}`);
      publications.push({ pv, provider, consumerVersion: number });
      await h.delivery({ event: 'contract_published', pactVersionId: pv, consumerVersionNumber: number });
    }
  }
  for (const [pub, pver, success, daysAgo] of sc.verifications) {
    if (publications.length === 0) break;
    const { pv, provider } = publications[pub % publications.length]!;
    const providerVersions = model.filter((m) => m.p === provider);
    if (providerVersions.length === 0) continue;
    const verification = await h.verify(
      pv,
      providerVersions[pver % providerVersions.length]!.id,
      success,
      daysAgo,
    );
    await h.delivery({
      event: 'provider_verification_published',
      pactVersionId: pv,
      verificationId: verification,
      executions: 2,
    });
  }
  return model;
}

/** Per (consumer version, provider version): the contents published and the newest verification result of each. */
async function matrix(db: Db): Promise<Map<string, string>> {
  const { rows } = await db.query<{ cv: number; pv: number; sha: string; success: boolean | null }>(
    `SELECT pp.consumer_version_id AS cv, p.id AS pv, pact.sha,
            (SELECT vr.success FROM verifications vr WHERE vr.pact_version_id = pp.pact_version_id
               AND vr.provider_version_id = p.id ORDER BY vr.id DESC LIMIT 1) AS success
     FROM pact_publications pp JOIN pact_versions pact ON pact.id = pp.pact_version_id
     JOIN versions p ON p.pacticipant_id = pp.provider_id`,
  );
  return new Map(rows.map((r) => [`${r.cv}/${r.pv}/${r.sha}`, String(r.success)]));
}

async function ids(db: Db): Promise<Set<number>> {
  return new Set((await db.query<{ id: number }>('SELECT id FROM versions')).rows.map((r) => r.id));
}

async function dangling(db: Db): Promise<Record<string, number>> {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT
       (SELECT count(*)::int FROM pact_versions pv WHERE NOT EXISTS (SELECT 1 FROM pact_publications WHERE pact_version_id = pv.id)
          AND NOT EXISTS (SELECT 1 FROM verifications WHERE pact_version_id = pv.id)) AS orphan_contents,
       (SELECT count(*)::int FROM webhook_deliveries d WHERE d.verification_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM verifications WHERE id = d.verification_id)) AS deliveries_without_verification,
       (SELECT count(*)::int FROM webhook_deliveries d WHERE d.verification_id IS NULL AND NOT EXISTS (
          SELECT 1 FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id
          WHERE pp.pact_version_id = d.pact_version_id AND v.number = d.context->>'consumerVersionNumber'))
          AS deliveries_without_publication`,
  );
  return rows[0]!;
}

let b: TestBroker;
beforeAll(async () => {
  b = await startBroker();
});
afterAll(async () => {
  await b?.close();
});

describe('clean on random histories and selectors', () => {
  it('deletes exactly what the official rules do not keep, and leaves the rest intact', async () => {
    const db = b.broker.db;
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        await resetDatabase(db);
        const model = await write(db, sc);
        const { remaining, keptFirst } = expectedRemaining(sc, model);
        const options = {
          keep: sc.keep,
          keepBranches: sc.keepBranches,
          limit: sc.limit,
          overwrittenDataMaxAge: 7,
          batchSize: sc.batchSize,
          now: () => NOW,
        };
        const done = (r: CleanReport) => {
          if (!r.performed) throw new Error('skipped');
          return r;
        };
        const dry = done(await clean(db, { ...options, dryRun: true })).versions as VersionDryRun;
        const before = await matrix(db);
        const r = done(await clean(db, { ...options, dryRun: false }));
        const after = await ids(db);
        // Batches after the first re-check the keep set once earlier batches deleted; with one batch it is exact.
        if (sc.batchSize >= sc.limit) expect([...after].sort()).toEqual([...remaining].sort());
        for (const id of keptFirst) expect(after.has(id)).toBe(true);
        for (const id of remaining) expect(after.has(id)).toBe(true);
        expect((r.versions as VersionCleanResult).versions.kept).toBe(after.size);
        // The matrix between versions that are both still there is unchanged.
        const expected = new Map(
          [...before].filter(([key]) => {
            const [cv, pv] = key.split('/').map(Number) as [number, number];
            return after.has(cv) && after.has(pv);
          }),
        );
        expect(await matrix(db)).toEqual(expected);
        expect(await dangling(db)).toEqual({
          orphan_contents: 0,
          deliveries_without_verification: 0,
          deliveries_without_publication: 0,
        });
        // Without stale branches to remove first, the dry run foresaw the versions this run deleted.
        if (sc.keepBranches.length === 0) {
          expect(dry.counts.versionsToKeep).toBe(keptFirst.size);
          if (sc.batchSize >= sc.limit) expect(dry.counts.versionsToDelete).toBe(model.length - after.size);
        }
      }),
      { numRuns: 15 },
    );
  });
});
