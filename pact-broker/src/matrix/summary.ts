// The deployability rules of a matrix query (after the official DeploymentStatusSummary): a specified version that
// does not exist blocks; a missing verification or a required integration without a row is unknown; a failed
// verification blocks; ignored rows are reported but not counted.

import { isCrossContract } from '../provider-contracts/compare.js';
import type { Integration } from './integrations.js';
import type { MatrixQuery } from './parse.js';
import type { PacticipantRef } from './queries.js';
import { type Reason, reasonText, type Side } from './reasons.js';
import type { MatrixRow } from './rows.js';
import type { ResolvedSelector } from './selectors.js';

export interface DeploymentStatus {
  /** true: deployable; false: a failure or a missing specified version; null: something is not known yet. */
  deployable: boolean | null;
  /** The errors, or (when deployable) the success and any ignored problems, in the official order. */
  reasons: Reason[];
  warnings: Reason[];
  counts: { success: number; failed: number; unknown: number; ignored?: number };
}

export interface SummaryInput {
  /** Every selected row (before paging), ignored ones flagged. */
  rows: MatrixRow[];
  specified: ResolvedSelector[];
  ignores: ResolvedSelector[];
  integrations: Integration[];
  inferred: ResolvedSelector[];
  query: Pick<MatrixQuery, 'environment' | 'tag' | 'mainBranch'>;
}

export function summarise({
  rows,
  specified,
  ignores,
  integrations,
  inferred,
  query,
}: SummaryInput): DeploymentStatus {
  const considered = rows.filter((r) => !r.ignored);
  const ignoredRows = rows.filter((r) => r.ignored);
  const all = [...specified, ...inferred];
  const sideOf = (p: PacticipantRef, versionId: number | undefined): Side => {
    const s =
      all.find((x) => x.pacticipantId === p.id && x.version && x.version.id === versionId) ??
      all.find((x) => x.pacticipantId === p.id);
    return s ? { selector: s } : { anyVersionOf: p.name };
  };
  const sides = (r: MatrixRow) => ({
    consumer: sideOf(r.consumer, r.publication.consumer_version_id),
    provider: sideOf(r.provider, r.providerVersion?.id),
  });
  const requiredWithoutRow = integrations.filter(
    (i) =>
      i.required && !rows.some((r) => r.consumer.id === i.consumer.id && r.provider.id === i.provider.id),
  );
  const missingSpecified = specified.filter((s) => s.version === null);

  let deployable: boolean | null;
  if (missingSpecified.some((s) => !s.ignore)) deployable = false;
  else if (considered.some((r) => r.verification === null) || requiredWithoutRow.length > 0)
    deployable = null;
  else deployable = considered.every((r) => r.verification!.success);

  const errors: Reason[] = missingSpecified.map((selector) => ({
    kind: 'specified_version_does_not_exist',
    selector,
    ignored: selector.ignore,
  }));
  // As upstream: once a specified version is missing, nothing else is worth saying.
  if (errors.length === 0) {
    for (const i of requiredWithoutRow)
      errors.push({
        kind: 'pact_not_verified_by_required_provider_version',
        consumer: sideOf(i.consumer, undefined),
        provider: sideOf(i.provider, undefined),
      });
    for (const r of [...considered, ...ignoredRows])
      if (r.verification?.success === false)
        errors.push({
          kind: 'verification_failed',
          ...sides(r),
          ignored: r.ignored,
          ...(isCrossContract(r.verification) ? { crossContract: r.verification } : {}),
        });
    for (const r of [...considered, ...ignoredRows])
      if (r.verification === null)
        errors.push({ kind: 'pact_not_ever_verified_by_provider', ...sides(r), ignored: r.ignored });
  }
  const warnings: Reason[] = ignores
    .filter((i) => i.pacticipantId < 0 || i.version === null)
    .map((selector) => ({ kind: 'ignore_selector_does_not_exist', selector }));
  const pacticipants = new Set(specified.map((s) => s.pacticipantId));
  if (
    specified.length > 0 &&
    !query.environment &&
    !query.tag &&
    !query.mainBranch &&
    pacticipants.size === 1
  )
    warnings.push({ kind: 'no_environment_specified' });

  const unique = dedupe(errors);
  const reasons: Reason[] =
    deployable !== true
      ? unique
      : [{ kind: considered.length > 0 ? 'successful' : 'no_dependencies_missing' }, ...unique];
  return {
    deployable,
    reasons,
    warnings,
    counts: {
      success: considered.filter((r) => r.verification?.success === true).length,
      failed: considered.filter((r) => r.verification?.success === false).length,
      unknown: requiredWithoutRow.length + considered.filter((r) => r.verification === null).length,
      ...(ignoredRows.length > 0 ? { ignored: ignoredRows.length } : {}),
    },
  };
}

/** Several rows can give the same reason (e.g. one pact verified by two provider versions): list it once. */
function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const text = reasonText(r);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}
