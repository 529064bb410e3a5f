// The matrix JSON (after the official matrix decorator) and its text/plain table.

import { type Links, path } from '../http/hal.js';
import { isCrossContract } from '../provider-contracts/compare.js';
import { pairPath } from '../provider-contracts/urls.js';
import type { VersionFacts } from './queries.js';
import { type Notice, noticeType, reasonText } from './reasons.js';
import type { MatrixRow } from './rows.js';
import type { MatrixResult } from './service.js';
import type { DeploymentStatus } from './summary.js';

function versionHash(l: Links, pacticipant: string, id: number, number: string, facts: VersionFacts) {
  const branches = facts.branches.get(id) ?? [];
  const self = path`/pacticipants/${pacticipant}/versions/${number}`;
  return {
    number,
    branch: branches[branches.length - 1] ?? null,
    branches: branches.map((name) => ({
      name,
      _links: { self: l.link(path`/pacticipants/${pacticipant}/branches/${name}`) },
    })),
    branchVersions: branches.map((name) => ({
      name,
      _links: { self: l.link(path`/pacticipants/${pacticipant}/branches/${name}/versions/${number}`) },
    })),
    environments: (facts.environments.get(id) ?? []).map((name) => ({ name })),
    tags: (facts.tags.get(id) ?? []).map((t) => ({
      name: t.name,
      latest: t.latest,
      _links: { self: l.link(`${self}/tags/${encodeURIComponent(t.name)}`) },
    })),
    _links: { self: l.link(self) },
  };
}

function rowHash(l: Links, r: MatrixRow, facts: VersionFacts) {
  const c = r.consumer.name;
  const p = r.provider.name;
  const pactVersion = path`/pacts/provider/${p}/consumer/${c}/pact-version/${r.publication.sha}`;
  return {
    consumer: {
      name: c,
      version: versionHash(
        l,
        c,
        r.publication.consumer_version_id,
        r.publication.consumer_version_number,
        facts,
      ),
      _links: { self: l.link(path`/pacticipants/${c}`) },
    },
    provider: {
      name: p,
      version: r.providerVersion
        ? versionHash(l, p, r.providerVersion.id, r.providerVersion.number, facts)
        : null,
      _links: { self: l.link(path`/pacticipants/${p}`) },
    },
    pact: {
      createdAt: r.publication.created_at.toISOString(),
      _links: {
        self: l.link(
          path`/pacts/provider/${p}/consumer/${c}/version/${r.publication.consumer_version_number}`,
        ),
      },
    },
    verificationResult: r.verification
      ? {
          success: r.verification.success,
          verifiedAt: r.verification.execution_date.toISOString(),
          _links: {
            self: l.link(
              isCrossContract(r.verification)
                ? pairPath(p, r.providerVersion!.number, c, r.publication.consumer_version_number)
                : `${pactVersion}/verification-results/${r.verification.number}`,
            ),
          },
        }
      : null,
    // As PactFlow: the CLI shows a VERIFICATION TYPE column when rows carry it (replay or provider contract).
    verificationType: r.verification ? (isCrossContract(r.verification) ? 'BDCT' : 'CDCT') : null,
    ...(r.ignored ? { ignored: true } : {}),
  };
}

/** `summary` and `notices` as the CLI reads them: the reason texts joined, warnings after the reasons. */
export function summaryJson(status: DeploymentStatus): {
  summary: DeploymentStatus['counts'] & { deployable: boolean | null; reason: string };
  notices: Notice[];
} {
  const { success, failed, unknown, ignored } = status.counts;
  return {
    summary: {
      deployable: status.deployable,
      reason: [...status.reasons, ...status.warnings].map(reasonText).join('\n'),
      success,
      failed,
      unknown,
      ...(ignored !== undefined ? { ignored } : {}),
    },
    notices: [...status.warnings, ...status.reasons].map((r) => ({
      type: noticeType(r),
      text: reasonText(r),
    })),
  };
}

export function matrixJson(l: Links, result: MatrixResult, facts: VersionFacts) {
  return {
    ...summaryJson(result.status),
    matrix: [...result.rows.filter((r) => !r.ignored), ...result.rows.filter((r) => r.ignored)].map((r) =>
      rowHash(l, r, facts),
    ),
  };
}

/** A fixed-width table like the official text/plain matrix, for curl users. */
export function matrixText(result: MatrixResult): string {
  const head = ['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'SUCCESS?', 'TYPE'];
  const lines = result.rows.map((r) => [
    r.consumer.name,
    r.publication.consumer_version_number,
    r.provider.name,
    r.providerVersion?.number ?? '???',
    r.verification ? String(r.verification.success) : '???',
    r.verification ? (isCrossContract(r.verification) ? 'BDCT' : 'CDCT') : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  const { summary } = summaryJson(result.status);
  const deployable = summary.deployable;
  return [
    fmt(head),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...lines.map(fmt),
    '',
    `Deployable: ${deployable === null ? 'unknown' : deployable}`,
    summary.reason,
    '',
  ].join('\n');
}
