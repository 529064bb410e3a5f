// The clean on a real database: the official spec's scenarios (clean_incremental_spec.rb) and its approved dry-run
// report, what each default selector keeps, stale branches, batches, the lock, and overwritten data.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CleanOptions,
  type CleanReport,
  clean,
  type VersionCleanResult,
} from '../src/retention/clean.js';
import { orderedJson } from '../src/retention/json.js';
import { DEFAULT_KEEP_BRANCH_SELECTORS, DEFAULT_KEEP_SELECTORS } from '../src/retention/selectors.js';
import { History, remainingNumbers } from './support/history.js';
import { resetDatabase } from './support/reset.js';
import { startBroker, storage, type TestBroker } from './support/startBroker.js';

const NOW = new Date('2026-11-20T12:00:00Z');

let b: TestBroker;
let h: History;
const db = () => b.broker.db;

beforeAll(async () => {
  b = await startBroker();
});
afterAll(async () => {
  await b?.close();
});
beforeEach(async () => {
  await resetDatabase(db());
  h = new History(db(), NOW);
});

function run(o: Partial<CleanOptions>): Promise<CleanReport> {
  return clean(db(), {
    keep: DEFAULT_KEEP_SELECTORS,
    keepBranches: [],
    limit: 500,
    dryRun: false,
    overwrittenDataMaxAge: 7,
    now: () => NOW,
    ...o,
  });
}

function performed(r: CleanReport) {
  if (!r.performed) throw new Error(`clean skipped: ${r.message}`);
  return r;
}

/** The spec's data: Foo 1…7 a day apart (tags prod/dev/foo), Meep 2 and 3 six days on, providers Bar and Moop. */
async function officialSpecHistory(): Promise<void> {
  const foo = async (number: string, day: number, tags: string[], pact: boolean) => {
    const id = await h.version({ pacticipant: 'Foo', number, daysAgo: -day, tags });
    return pact ? h.pact(id, 'Bar', `Foo ${number}`) : undefined;
  };
  const one = (await foo('1', 0, ['prod', 'dev'], true))!;
  await h.delivery({
    event: 'contract_published',
    pactVersionId: one,
    consumerVersionNumber: '1',
    executions: 2,
  });
  await foo('2', 1, [], false);
  await foo('3', 2, ['prod'], true);
  await foo('4', 3, ['dev'], true);
  await foo('5', 4, ['dev'], true);
  await foo('6', 5, ['foo'], true);
  await foo('7', 6, [], true);
}

describe('the official spec scenario (keep prod, latest dev, limit 3)', () => {
  const keep = [{ tag: 'prod' }, { tag: 'dev', latest: true }];

  it('deletes the oldest three versions nothing keeps and reports the official result', async () => {
    await officialSpecHistory();
    const r = performed(await run({ keep, limit: 3 }));
    expect(await remainingNumbers(db())).toEqual({ Foo: ['1', '3', '5', '7'] });
    expect(r.versions).toEqual({
      versions: { deleted: 3, kept: 4 },
      pact_publications: { deleted: 2, kept: 4 },
      pact_versions: { deleted: 2, kept: 4 },
      verifications: { deleted: 0, kept: 0 },
      triggered_webhooks: { deleted: 0, kept: 1 },
      webhook_executions: { deleted: 0, kept: 2 },
      branches: { deleted: 0, kept: 0 },
      provider_contracts: { deleted: 0, kept: 0 },
    });
    // The task's own lines, in its order; it adds what is deployed and released to what it keeps.
    expect(r.notices).toEqual([
      'Automatically adding {"deployed":true} to keep version selectors',
      'Automatically adding {"released":true} to keep version selectors',
    ]);
    expect(r.keepVersionSelectors).toEqual([
      { tag: 'prod' },
      { latest: true, tag: 'dev' },
      { deployed: true },
      { released: true },
    ]);
  });

  it('in a dry run deletes nothing and answers the approved report', async () => {
    await officialSpecHistory();
    const meep2 = await h.version({ pacticipant: 'Meep', number: '2', daysAgo: -6, tags: ['foop'] });
    await h.pact(meep2, 'Moop', 'Meep 2');
    await h.version({ pacticipant: 'Meep', number: '3', daysAgo: -6, tags: ['blah'] });
    const r = performed(await run({ keep, limit: 3, dryRun: true }));
    expect(await remainingNumbers(db())).toEqual({
      Foo: ['1', '2', '3', '4', '5', '6', '7'],
      Meep: ['2', '3'],
    });
    const { versionsToKeepBySelector, ...counts } = (r.versions as { counts: Record<string, unknown> })
      .counts;
    // spec/fixtures/approvals/clean_incremental_dry_run.approved.json, plus the two selectors the task adds.
    expect(counts).toEqual({
      totalVersions: 9,
      versionsToDelete: 3,
      versionsNotToKeep: 6,
      versionsToKeep: 3,
      totalBranches: 0,
      branchesToDelete: 0,
      branchesToKeep: 0,
    });
    expect(versionsToKeepBySelector).toEqual([
      { selector: { tag: 'prod' }, count: 2 },
      { selector: { latest: true, tag: 'dev' }, count: 1 },
      { selector: { deployed: true }, count: 0 },
      { selector: { released: true }, count: 0 },
    ]);
    const summary = JSON.parse(orderedJson((r.versions as { versionSummary: unknown }).versionSummary));
    expect(Object.keys(summary)).toEqual(['Bar', 'Foo', 'Meep', 'Moop']);
    expect(orderedJson((r.versions as { versionSummary: unknown }).versionSummary)).toBe(
      JSON.stringify({
        Bar: { toDelete: { count: 0 }, toKeep: { count: 0 } },
        Foo: {
          toDelete: {
            count: 3,
            fromVersion: { number: '2', created: '1 day ago', tags: [] },
            toVersion: { number: '6', created: '5 days ago', tags: ['foo'] },
          },
          toKeep: {
            count: 4,
            latestVersion: { number: '1', created: 'less than a minute ago', tags: ['dev', 'prod'] },
            firstVersion: { number: '7', created: '6 days ago', tags: [] },
          },
        },
        Meep: {
          toDelete: { count: 0 },
          toKeep: {
            count: 2,
            latestVersion: { number: '2', created: '6 days ago', tags: ['foop'] },
            firstVersion: { number: '3', created: '6 days ago', tags: ['blah'] },
          },
        },
        Moop: { toDelete: { count: 0 }, toKeep: { count: 0 } },
      }),
    );
  });
});

describe('the default selectors', () => {
  /** Web (main branch main) and API, with one version for each thing a default selector keeps. */
  async function defaultsHistory() {
    await h.pacticipant('Web', 'main');
    await h.pacticipant('API', 'main');
    const w1 = await h.version({ pacticipant: 'Web', number: 'w1', daysAgo: 200, branch: 'main' });
    await h.version({ pacticipant: 'Web', number: 'w2', daysAgo: 150, branch: 'feat-x' });
    await h.version({
      pacticipant: 'Web',
      number: 'w3',
      daysAgo: 120,
      branch: 'main',
      deployedTo: 'production',
    });
    await h.version({ pacticipant: 'Web', number: 'w4', daysAgo: 100, branch: 'main', tags: ['dev'] });
    await h.version({
      pacticipant: 'Web',
      number: 'w5',
      daysAgo: 95,
      branch: 'main',
      tags: ['dev'],
      undeployedFrom: 'test',
    });
    const w6 = await h.version({ pacticipant: 'Web', number: 'w6', daysAgo: 10, branch: 'main' });
    const a1 = await h.version({ pacticipant: 'API', number: 'a1', daysAgo: 300, branch: 'main' });
    await h.version({
      pacticipant: 'API',
      number: 'a2',
      daysAgo: 200,
      branch: 'main',
      releasedIn: 'production',
    });
    await h.version({
      pacticipant: 'API',
      number: 'a3',
      daysAgo: 180,
      branch: 'main',
      supportEndedIn: 'production',
    });
    const a4 = await h.version({ pacticipant: 'API', number: 'a4', daysAgo: 5, branch: 'main' });
    await h.verify(await h.pact(w1, 'API', 'w1'), a1, true, 200);
    await h.verify(await h.pact(w6, 'API', 'w6'), a4, true, 5);
  }

  it('keep tag heads, branch heads, the latest, what is deployed or released, and the last 90 days', async () => {
    await defaultsHistory();
    const r = performed(await run({ keepBranches: [] }));
    expect(await remainingNumbers(db())).toEqual({ API: ['a2', 'a4'], Web: ['w2', 'w3', 'w5', 'w6'] });
    expect(r.versions).toMatchObject({
      versions: { deleted: 4, kept: 6 },
      pact_publications: { deleted: 1, kept: 1 },
      verifications: { deleted: 1, kept: 1 },
      pact_versions: { deleted: 1, kept: 1 },
    });
  });

  it('with the default branch selectors, a branch untouched for 90 days goes first, and its head with it', async () => {
    await defaultsHistory();
    const r = performed(await run({ keepBranches: DEFAULT_KEEP_BRANCH_SELECTORS }));
    expect(await remainingNumbers(db())).toEqual({ API: ['a2', 'a4'], Web: ['w3', 'w5', 'w6'] });
    expect((r.versions as VersionCleanResult).branches).toEqual({ deleted: 1, kept: 2 });
  });
});

describe('the official spec scenarios for branches and ages', () => {
  it('applies a max age per branch: [{maxAge: 5}, {maxAge: 15, branch: "main"}]', async () => {
    await h.version({ pacticipant: 'Foo', number: '1', daysAgo: 20, branch: 'main' });
    await h.version({ pacticipant: 'Foo', number: '2', daysAgo: 20, branch: 'feat/foo' });
    await h.version({ pacticipant: 'Foo', number: '3', daysAgo: 10, branch: 'main' });
    await h.version({ pacticipant: 'Foo', number: '4', daysAgo: 0, branch: 'feat/foo' });
    await run({
      keep: [{ maxAge: 5 }, { maxAge: 15, branch: 'main' }],
      keepBranches: DEFAULT_KEEP_BRANCH_SELECTORS,
    });
    expect(await remainingNumbers(db())).toEqual({ Foo: ['3', '4'] });
  });

  it('deletes stale branches but never a main branch or a named one, and keeps their versions', async () => {
    await h.pacticipant('Foo', 'main-protected');
    await h.pacticipant('ConsumerA', 'shared-main');
    await h.version({ pacticipant: 'Foo', number: '1', daysAgo: 100, branch: 'feat/old' });
    await h.version({ pacticipant: 'Foo', number: '2', daysAgo: 50, branch: 'feat/fresh' });
    await h.version({ pacticipant: 'Foo', number: '3', daysAgo: 100, branch: 'main-protected' });
    await h.version({ pacticipant: 'Foo', number: '4', daysAgo: 100, branch: 'release/1' });
    await h.version({ pacticipant: 'ConsumerA', number: '1', daysAgo: 100, branch: 'shared-main' });
    await h.version({ pacticipant: 'ConsumerB', number: '1', daysAgo: 100, branch: 'shared-main' });
    const r = performed(
      await run({ keep: [{ maxAge: 999 }], keepBranches: [{ maxAge: 90 }, { branch: ['release/1'] }] }),
    );
    const { rows } = await db().query<{ name: string; branch: string }>(
      'SELECT p.name, b.name AS branch FROM branches b JOIN pacticipants p ON p.id = b.pacticipant_id ORDER BY 1, 2',
    );
    expect(rows).toEqual([
      { name: 'ConsumerA', branch: 'shared-main' },
      { name: 'Foo', branch: 'feat/fresh' },
      { name: 'Foo', branch: 'main-protected' },
      { name: 'Foo', branch: 'release/1' },
    ]);
    expect((r.versions as VersionCleanResult).branches).toEqual({ deleted: 2, kept: 4 });
    expect((await remainingNumbers(db())).Foo).toEqual(['1', '2', '3', '4']);
  });

  it('deletes a version kept only as the head of a stale branch in the same run', async () => {
    await h.version({ pacticipant: 'Widget', number: '1', daysAgo: 100, branch: 'feat/old' });
    await h.version({ pacticipant: 'Widget', number: '2', daysAgo: 5, branch: 'main' });
    await run({
      keep: [{ branch: true, latest: true }, { latest: true }, { maxAge: 30 }],
      keepBranches: [{ maxAge: 90 }],
    });
    expect(await remainingNumbers(db())).toEqual({ Widget: ['2'] });
  });
});

describe('batches, concurrent writes and the lock', () => {
  it('deletes in transactions of batchSize versions and spares a version deployed after it was picked', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 6; i++)
      ids.push(await h.version({ pacticipant: 'X', number: String(i), daysAgo: 200 - i }));
    let transactions = 0;
    const real = db();
    const watched = {
      ...real,
      async transaction<T>(fn: Parameters<typeof real.transaction<T>>[0]): Promise<T> {
        // Between picking the victims and the first batch, a deploy of version 3 arrives.
        if (transactions++ === 0) {
          await real.query(
            `INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id)
             SELECT gen_random_uuid()::text, v.id, v.pacticipant_id, (SELECT id FROM environments WHERE name = 'production')
             FROM versions v WHERE v.id = $1`,
            [ids[2]],
          );
        }
        return real.transaction(fn);
      },
    };
    await h.version({ pacticipant: 'Y', number: 'env', deployedTo: 'production' });
    const r = performed(
      await clean(watched, {
        keep: [{ latest: true }],
        keepBranches: [],
        limit: 500,
        dryRun: false,
        overwrittenDataMaxAge: 7,
        batchSize: 2,
        now: () => NOW,
      }),
    );
    // Five victims in batches of two: three version transactions (the orphan loop finds no contents).
    expect(transactions).toBe(3);
    expect(await remainingNumbers(db())).toEqual({ X: ['3', '6'], Y: ['env'] });
    expect((r.versions as VersionCleanResult).versions).toEqual({ deleted: 4, kept: 3 });
  });

  it('deletes a provider contract document once no kept provider version publishes it', async () => {
    const old = await h.version({ pacticipant: 'P', number: '1', daysAgo: 200 });
    const shared1 = await h.version({ pacticipant: 'P', number: '2', daysAgo: 150 });
    const latest = await h.version({ pacticipant: 'P', number: '3', daysAgo: 100 });
    await h.providerContract(old, 'openapi: 3.1.0 # only v1');
    await h.providerContract(shared1, 'openapi: 3.1.0 # v2 and v3');
    await h.providerContract(latest, 'openapi: 3.1.0 # v2 and v3');
    const r = performed(await run({ keep: [{ latest: true }] }));
    expect(await remainingNumbers(db())).toEqual({ P: ['3'] });
    expect((r.versions as VersionCleanResult).provider_contracts).toEqual({ deleted: 1, kept: 1 });
    const { rows } = await db().query<{ content: string }>('SELECT content FROM provider_contract_versions');
    expect(rows.map((x) => x.content)).toEqual(['openapi: 3.1.0 # v2 and v3']);
  });

  it('runs one clean at a time: a second one at once is skipped with the official message', async () => {
    for (let i = 1; i <= 3; i++) await h.version({ pacticipant: 'X', number: String(i), daysAgo: 200 });
    const [first, second] = await Promise.all([
      run({ keep: [{ latest: true }] }),
      run({ keep: [{ latest: true }] }),
    ]);
    expect([first.performed, second.performed].sort()).toEqual([false, true]);
    expect(first.performed ? second : first).toEqual({
      performed: false,
      message: 'Clean was not performed as a clean is already in progress. Exiting.',
    });
    expect(await remainingNumbers(db())).toEqual({ X: ['3'] });
  });

  // On PGlite the data folder belongs to one process; the in-process guard above is the whole lock there.
  if (storage === 'postgres') {
    it('skips while another process holds the advisory lock, and cleans once it is free', async () => {
      await h.version({ pacticipant: 'X', number: '1', daysAgo: 200 });
      await h.version({ pacticipant: 'X', number: '2', daysAgo: 100 });
      const key = "hashtextextended('accord-broker clean', 0)";
      await db().withSession(async (other) => {
        await other.query(`SELECT pg_advisory_lock(${key})`);
        expect((await run({ keep: [{ latest: true }] })).performed).toBe(false);
        await other.query(`SELECT pg_advisory_unlock(${key})`);
      });
      expect(await remainingNumbers(db())).toEqual({ X: ['1', '2'] });
      expect((await run({ keep: [{ latest: true }] })).performed).toBe(true);
      expect(await remainingNumbers(db())).toEqual({ X: ['2'] });
    });
  }
});

describe('webhook deliveries and overwritten data', () => {
  it('deletes the deliveries of deleted pacts and verifications with their executions, not one being sent', async () => {
    const c1 = await h.version({ pacticipant: 'C', number: '1', daysAgo: 200 });
    const c2 = await h.version({ pacticipant: 'C', number: '2', daysAgo: 1 });
    const p1 = await h.version({ pacticipant: 'P', number: '1', daysAgo: 200 });
    const p2 = await h.version({ pacticipant: 'P', number: '2', daysAgo: 1 });
    // C 1 and C 2 publish the same content; P 1 and P 2 verify it.
    const pv = await h.pact(c1, 'P', 'same');
    await h.pact(c2, 'P', 'same');
    const old = await h.verify(pv, p1, true, 200);
    const fresh = await h.verify(pv, p2, true, 1);
    await h.delivery({
      event: 'contract_published',
      pactVersionId: pv,
      consumerVersionNumber: '1',
      executions: 2,
    });
    await h.delivery({ event: 'contract_published', pactVersionId: pv, consumerVersionNumber: '2' });
    await h.delivery({
      event: 'provider_verification_published',
      pactVersionId: pv,
      verificationId: old,
      executions: 3,
    });
    await h.delivery({ event: 'provider_verification_published', pactVersionId: pv, verificationId: fresh });
    const sending = await h.delivery({
      event: 'provider_verification_published',
      pactVersionId: pv,
      verificationId: old,
      status: 'pending',
      executions: 0,
    });
    await db().query(
      "UPDATE webhook_deliveries SET locked_until = now() + interval '1 minute' WHERE id = $1",
      [sending],
    );
    const r = performed(await run({ keep: [{ latest: true }] }));
    expect(await remainingNumbers(db())).toEqual({ C: ['2'], P: ['2'] });
    expect(r.versions).toMatchObject({
      pact_publications: { deleted: 1, kept: 1 },
      pact_versions: { deleted: 0, kept: 1 },
      verifications: { deleted: 1, kept: 1 },
      triggered_webhooks: { deleted: 2, kept: 3 },
      webhook_executions: { deleted: 5, kept: 2 },
    });
  });

  it('deletes verifications and deliveries that newer ones superseded, once older than the max age', async () => {
    const c = await h.version({ pacticipant: 'C', number: '1' });
    const p = await h.version({ pacticipant: 'P', number: '1' });
    const pv = await h.pact(c, 'P', 'content');
    await h.verify(pv, p, false, 20);
    await h.verify(pv, p, false, 10);
    const newest = await h.verify(pv, p, true, 1);
    for (const daysAgo of [30, 20, 1]) {
      await h.delivery({
        event: 'contract_published',
        pactVersionId: pv,
        consumerVersionNumber: '1',
        daysAgo,
      });
    }
    const dry = performed(await run({ keep: [{ latest: true }], dryRun: true }));
    expect(dry.overwrittenData).toEqual({
      pact_publications: { toDelete: 0, toKeep: 1 },
      verification_results: { toDelete: 2, toKeep: 1 },
      pact_versions: { toDelete: 0, toKeep: 1 },
      triggered_webhooks: { toDelete: 2, toKeep: 1 },
    });
    const r = performed(await run({ keep: [{ latest: true }] }));
    expect(r.overwrittenData).toEqual({
      pact_publications: { deleted: 0, kept: 1 },
      verification_results: { deleted: 2, kept: 1 },
      pact_versions: { deleted: 0, kept: 1 },
      triggered_webhooks: { deleted: 2, kept: 1 },
    });
    const { rows } = await db().query<{ id: number }>('SELECT id FROM verifications');
    expect(rows).toEqual([{ id: newest }]);
  });
});
