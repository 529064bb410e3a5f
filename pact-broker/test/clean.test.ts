// The clean on a real database: the official spec's scenarios (clean_incremental_spec.rb) and its approved dry-run
// report, what each default selector keeps, stale branches, batches, the lock, and overwritten data.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CleanOptions, type CleanReport, clean } from '../src/retention/clean.js';
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
