// Builds the matrix rows: the pacts of the selected consumer versions and the newest verification of each by each
// selected provider version (read up front by matrixReads for all integrations whose versions are known; history
// integrations read theirs here); then keeps the latest per `latestby`, filters by success, orders newest first and
// flags the ignored rows.

import type { Db } from '../db/db.js';
import type { CrossContractVerification } from '../provider-contracts/compare.js';
import { withCrossContractResults } from '../provider-contracts/matrix.js';
import type { IntegrationsOfQuery } from './integrations.js';
import type { MatrixQuery } from './parse.js';
import {
  latestVerifications,
  type MatrixReads,
  type PacticipantRef,
  type PublicationRow,
  recentPublications,
  type VerificationRow,
} from './queries.js';
import { matches, type ResolvedSelector } from './selectors.js';

const DEFAULT_LIMIT = 100;

export interface MatrixRow {
  consumer: PacticipantRef;
  provider: PacticipantRef;
  publication: PublicationRow;
  providerVersion: { id: number; number: string; ord: number } | null;
  /** A pact verification, or where the provider version has none, its provider contract's verdict. */
  verification: VerificationRow | CrossContractVerification | null;
  ignored: boolean;
}

/**
 * Every row the integrations' selectors stand for (before `latestby`, success filter and paging); `batch` holds
 * the publications and verifications of every known version (a superset of each integration's, filtered here).
 */
export async function buildRows(
  db: Db,
  q: MatrixQuery,
  { integrations, selectorsOf }: IntegrationsOfQuery,
  batch: Pick<MatrixReads, 'publications' | 'verifications'>,
): Promise<MatrixRow[]> {
  const limit = q.limit ?? DEFAULT_LIMIT;
  const plans = integrations.map(({ consumer, provider }) => {
    const cSels = selectorsOf(consumer.id);
    const pSels = selectorsOf(provider.id);
    return {
      consumer,
      provider,
      anyConsumer: cSels.some((s) => s.version === undefined),
      cvIds: cSels.flatMap((s) => (s.version ? [s.version.id] : [])),
      anyProvider: pSels.some((s) => s.version === undefined),
      pvs: pSels.flatMap((s) => (s.version ? [s.version] : [])),
    };
  });
  // Provider versions of the integrations queried with them; verifications are matched per plan below, so
  // reading those of one plan's provider versions for another plan's contents changes no row.
  const exactPvIds = [...new Set(plans.flatMap((p) => (p.anyProvider ? [] : p.pvs.map((v) => v.id))))];
  // Integrations queried without consumer versions read their newest publications.
  const recent = await Promise.all(
    plans.map((p) =>
      p.anyConsumer ? recentPublications(db, p.consumer.id, p.provider.id, limit) : undefined,
    ),
  );
  const pubsByPlan = plans.map(
    (p, i) =>
      recent[i] ??
      batch.publications.filter(
        (x) => x.provider_id === p.provider.id && p.cvIds.includes(x.consumer_version_id),
      ),
  );
  const pactIdsOf = (wanted: (p: (typeof plans)[number]) => boolean, from: 'recent' | 'all') => [
    ...new Set(
      plans.flatMap((p, i) =>
        wanted(p) && (from === 'all' || recent[i]) ? pubsByPlan[i]!.map((x) => x.pact_version_id) : [],
      ),
    ),
  ];
  const [recentExact, anyVerifications] = await Promise.all([
    latestVerifications(
      db,
      pactIdsOf((p) => !p.anyProvider, 'recent'),
      exactPvIds,
    ),
    latestVerifications(
      db,
      pactIdsOf((p) => p.anyProvider, 'all'),
      null,
    ),
  ]);
  // The newest verification per (content, provider version) is the same row whichever statement read it.
  const exactVerifications = [
    ...new Map(
      [...batch.verifications, ...recentExact].map((v) => [
        `${v.pact_version_id}:${v.provider_version_id}`,
        v,
      ]),
    ).values(),
  ];

  const rows: MatrixRow[] = [];
  // Rows of integrations queried without provider versions: provider contracts may add provider versions there.
  const history = new Set<MatrixRow>();
  plans.forEach((plan, idx) => {
    const { consumer, provider, anyProvider, pvs } = plan;
    const verifications = anyProvider ? anyVerifications : exactVerifications;
    for (const pub of pubsByPlan[idx]!) {
      const forPact = verifications.filter((v) => v.pact_version_id === pub.pact_version_id);
      const base = { consumer, provider, publication: pub, ignored: false };
      if (anyProvider) {
        const mine = forPact;
        if (mine.length === 0) {
          const row = { ...base, providerVersion: null, verification: null };
          rows.push(row);
          history.add(row);
        }
        for (const v of mine) {
          const row = {
            ...base,
            providerVersion: {
              id: v.provider_version_id,
              number: v.provider_version_number,
              ord: v.provider_version_ord,
            },
            verification: v,
          };
          rows.push(row);
          history.add(row);
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
  return withCrossContractResults(db, rows, history, limit);
}

/** The rows the query asks for, newest first, with `ignored` set; paged unless `latestby` is given. */
export function selectRows(
  rows: MatrixRow[],
  q: MatrixQuery,
  ignores: ResolvedSelector[],
): { all: MatrixRow[]; page: MatrixRow[] } {
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
  // Without latestby the matrix is a history browser, so it is paged; with it every row counts for the decision.
  return { all: selected, page: q.latestby ? selected : selected.slice(0, q.limit ?? DEFAULT_LIMIT) };
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
