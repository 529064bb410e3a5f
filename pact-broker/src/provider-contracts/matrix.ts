// Provider contracts in the matrix: a row whose provider version has no pact verification of the pact gets the
// verdict of that version's provider contract instead (computed on demand when never compared); history rows
// (no provider version selected) gain the provider versions whose contracts were compared with the pact.

import { COMPARATOR_VERSION } from '@accord/cross-contract';
import type { Db } from '../db/db.js';
import { type CrossContractVerification, crossContractVerifications } from './compare.js';
import { providerVersionsWithComparisons } from './queries.js';

/** What this module reads and writes of a matrix row (the matrix's own row type stays the matrix's). */
export interface MatrixSlot {
  publication: { pact_version_id: number };
  providerVersion: { id: number; number: string; ord: number } | null;
  verification: object | null;
}

/**
 * Returns `rows` with provider-contract verdicts filled in where no pact verification exists. `history` holds
 * the rows of integrations queried without provider versions; `limit` bounds the provider versions added there.
 */
export async function withCrossContractResults<R extends MatrixSlot>(
  db: Db,
  rows: R[],
  history: ReadonlySet<R>,
  limit: number,
): Promise<R[]> {
  let out = rows;
  if (history.size > 0) {
    const byPact = new Map<number, R[]>();
    for (const r of history)
      byPact.set(r.publication.pact_version_id, [...(byPact.get(r.publication.pact_version_id) ?? []), r]);
    const found = await providerVersionsWithComparisons(db, [...byPact.keys()], COMPARATOR_VERSION, limit);
    const added: R[] = [];
    const replaced = new Set<R>();
    for (const f of found) {
      const same = byPact.get(f.pact_version_id) ?? [];
      if (same.some((r) => r.providerVersion?.id === f.provider_version_id)) continue;
      // Every consumer version of that content gets the row, as it does for a pact verification.
      for (const b of new Map(same.map((r) => [r.publication, r])).values()) {
        if (b.providerVersion === null) replaced.add(b);
        added.push({
          ...b,
          providerVersion: { id: f.provider_version_id, number: f.number, ord: f.ord },
          verification: null,
        });
      }
    }
    out = [...rows.filter((r) => !replaced.has(r)), ...added];
  }
  const open = out.filter((r) => r.providerVersion !== null && r.verification === null);
  if (open.length === 0) return out;
  const { verdicts } = await crossContractVerifications(
    db,
    open.map((r) => ({
      pactVersionId: r.publication.pact_version_id,
      providerVersionId: r.providerVersion!.id,
    })),
  );
  for (const r of open) {
    const verdict: CrossContractVerification | undefined = verdicts.get(
      `${r.publication.pact_version_id}:${r.providerVersion!.id}`,
    );
    if (verdict) r.verification = verdict;
  }
  return out;
}
