// Unit tests for the deployability rules and the reason texts they render to (the official broker's wording).

import { describe, expect, it } from 'vitest';
import { summaryJson } from './decorate.js';
import type { Integration } from './integrations.js';
import type { PacticipantRef } from './queries.js';
import type { MatrixRow } from './rows.js';
import type { ResolvedSelector } from './selectors.js';
import { type SummaryInput, summarise } from './summary.js';

const consumer: PacticipantRef = { id: 1, name: 'Web', main_branch: 'main' };
const provider: PacticipantRef = { id: 2, name: 'Orders', main_branch: 'main' };

const version = (id: number, number: string) => ({ id, number, ord: id });

function selector(
  p: PacticipantRef,
  v: ReturnType<typeof version> | null | undefined,
  o: Partial<ResolvedSelector> = {},
) {
  return {
    pacticipantId: p.id,
    pacticipantName: p.name,
    version: v,
    selector: v ? { pacticipant: p.name, version: v.number } : { pacticipant: p.name },
    type: 'specified',
    ignore: false,
    oneOfMany: false,
    ...o,
  } satisfies ResolvedSelector;
}

/** A row of Web 1 against Orders 2: verified with `success`, or not at all (`null`). */
function row(success: boolean | null, o: Partial<MatrixRow> = {}): MatrixRow {
  return {
    consumer,
    provider,
    publication: {
      consumer_version_id: 10,
      consumer_version_number: '1',
      consumer_version_ord: 10,
      pact_version_id: 100,
      sha: 'abc',
      created_at: new Date(0),
    },
    providerVersion: { id: 20, number: '2', ord: 20 },
    verification:
      success === null
        ? null
        : {
            id: 1,
            number: 1,
            pact_version_id: 100,
            provider_version_id: 20,
            provider_version_number: '2',
            provider_version_ord: 20,
            success,
            execution_date: new Date(0),
          },
    ignored: false,
    ...o,
  };
}

const required: Integration = { consumer, provider, required: true };
const web1 = selector(consumer, version(10, '1'));
const orders2 = selector(provider, version(20, '2'));

function run(input: Partial<SummaryInput>) {
  const status = summarise({
    rows: [],
    specified: [web1],
    ignores: [],
    integrations: [required],
    inferred: [orders2],
    query: { environment: 'production' },
    ...input,
  });
  return { status, ...summaryJson(status) };
}

describe('deployability', () => {
  it('is true when every required verification succeeded', () => {
    const { status, summary, notices } = run({ rows: [row(true)] });
    expect(status.deployable).toBe(true);
    expect(summary).toEqual({
      deployable: true,
      reason: 'All required verification results are published and successful',
      success: 1,
      failed: 0,
      unknown: 0,
    });
    expect(notices).toEqual([
      { type: 'success', text: 'All required verification results are published and successful' },
    ]);
  });

  it('is true with "no missing dependencies" when nothing needs checking', () => {
    const { summary } = run({ rows: [], integrations: [] });
    expect(summary.deployable).toBe(true);
    expect(summary.reason).toBe('There are no missing dependencies');
  });

  it('is false when a verification failed, naming both versions', () => {
    const { summary, notices } = run({ rows: [row(false)] });
    expect(summary.deployable).toBe(false);
    expect(summary.failed).toBe(1);
    expect(notices).toEqual([
      {
        type: 'error',
        text: 'The verification for the pact between version 1 of Web and version 2 of Orders failed',
      },
    ]);
  });

  it('is unknown (null) when a pact has not been verified by the provider version', () => {
    const { summary } = run({ rows: [row(null)] });
    expect(summary.deployable).toBeNull();
    expect(summary.unknown).toBe(1);
    expect(summary.reason).toBe('There is no verified pact between version 1 of Web and version 2 of Orders');
  });

  it('is unknown when a required integration has no row at all', () => {
    const { summary } = run({ rows: [] });
    expect(summary.deployable).toBeNull();
    expect(summary.unknown).toBe(1);
    expect(summary.reason).toBe('There is no verified pact between version 1 of Web and version 2 of Orders');
  });

  it('is false when a specified version does not exist, and says only that', () => {
    const missing = selector(consumer, null, { selector: { pacticipant: 'Web', version: '9' } });
    const { summary } = run({ specified: [missing], rows: [row(false)] });
    expect(summary.deployable).toBe(false);
    expect(summary.reason).toBe('No pacts or verifications have been published for version 9 of Web');
  });

  it('reports ignored problems as information without letting them block', () => {
    const { summary, notices } = run({ rows: [row(true), row(false, { ignored: true })] });
    expect(summary).toMatchObject({ deployable: true, success: 1, failed: 0, ignored: 1 });
    expect(notices).toEqual([
      { type: 'success', text: 'All required verification results are published and successful' },
      {
        type: 'info',
        text: 'Ignoring: The verification for the pact between version 1 of Web and version 2 of Orders failed',
      },
    ]);
  });

  it('warns about an ignore selector that matches nothing and about a query without a target', () => {
    const nope = selector({ id: -1, name: 'Nope', main_branch: null }, undefined, { ignore: true });
    const { summary, notices } = run({ rows: [row(true)], ignores: [nope], query: {} });
    expect(notices.slice(0, 2)).toEqual([
      { type: 'warning', text: 'WARN: Cannot ignore any version of Nope (no such pacticipant exists)' },
      {
        type: 'warning',
        text: 'WARN: It is recommended to specify the environment into which you are deploying. Without it, the result only says whether the versions are compatible with the latest versions of their integrations.',
      },
    ]);
    // The summary text lists the reasons first, then the warnings.
    expect(summary.reason.split('\n')[0]).toBe(
      'All required verification results are published and successful',
    );
  });

  it('lists a reason once when several rows give it', () => {
    const { summary } = run({ rows: [row(false), row(false)] });
    expect(summary.failed).toBe(2);
    expect(summary.reason.split('\n')).toHaveLength(1);
  });
});
