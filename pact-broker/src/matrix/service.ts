// Runs a matrix query: read what the selectors name (one statement), find the integrations, build the rows,
// summarise deployability.

import type { Db } from '../db/db.js';
import { findIntegrations, inferredTargetOf, infersOtherSides } from './integrations.js';
import type { MatrixQuery } from './parse.js';
import { type MatrixReads, matrixReads, type VersionFacts, versionFacts } from './queries.js';
import { buildRows, type MatrixRow, selectRows } from './rows.js';
import { namesOf, resolveSelectors, selectorLookups, validateQuery } from './selectors.js';
import { type DeploymentStatus, summarise } from './summary.js';

export interface MatrixResult {
  /** The rows to show: all of them with `latestby`, else the newest `limit`. */
  rows: MatrixRow[];
  status: DeploymentStatus;
}

/** Above this many selected versions their facts are not read ahead: most would not be shown. */
const MAX_FACTS_AHEAD = 200;

async function run(db: Db, q: MatrixQuery, factsCap: number): Promise<MatrixResult & { reads: MatrixReads }> {
  validateQuery(q);
  const names = namesOf(q);
  const reads = await matrixReads(db, {
    pacticipantNames: names.pacticipants,
    environmentNames: names.environments,
    selectors: selectorLookups(q),
    withConsumers: infersOtherSides(q),
    target: inferredTargetOf(q),
    factsCap,
  });
  const resolved = resolveSelectors(q, reads);
  const found = findIntegrations(q, resolved, reads);
  const built = await buildRows(db, q, found, reads);
  const { all, page } = selectRows(built, q, resolved.ignores);
  const status = summarise({
    rows: all,
    specified: resolved.specified,
    ignores: resolved.ignores,
    integrations: found.integrations,
    inferred: found.inferred,
    query: q,
  });
  return { rows: page, status, reads };
}

export async function runMatrix(db: Db, q: MatrixQuery): Promise<MatrixResult> {
  const { rows, status } = await run(db, q, 0);
  return { rows, status };
}

/**
 * runMatrix, with the tags, branches and environments of the versions in the rows shown. Those of the known
 * versions (which most rows show) are read with the rest up front; only the others are read afterwards.
 */
export async function runMatrixWithFacts(
  db: Db,
  q: MatrixQuery,
): Promise<MatrixResult & { facts: VersionFacts }> {
  const { rows, status, reads } = await run(db, q, MAX_FACTS_AHEAD);
  const shown = new Set<number>();
  for (const r of rows) {
    shown.add(r.publication.consumer_version_id);
    if (r.providerVersion) shown.add(r.providerVersion.id);
  }
  const rest = [...shown].filter((id) => !reads.factsOf.has(id));
  const late = rest.length > 0 ? await versionFacts(db, rest) : undefined;
  const facts: VersionFacts = {
    tags: new Map([...reads.facts.tags, ...(late?.tags ?? [])]),
    branches: new Map([...reads.facts.branches, ...(late?.branches ?? [])]),
    environments: new Map([...reads.facts.environments, ...(late?.environments ?? [])]),
  };
  return { rows, status, facts };
}
