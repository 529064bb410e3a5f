// Runs a matrix query: resolve the selectors, find the integrations, build the rows, summarise deployability.

import type { Db } from '../db/db.js';
import { findIntegrations, type IntegrationsOfQuery } from './integrations.js';
import type { MatrixQuery } from './parse.js';
import { type VersionFacts, versionFacts } from './queries.js';
import { buildRows, type MatrixRow, selectRows } from './rows.js';
import { resolveSelectors } from './selectors.js';
import { type DeploymentStatus, summarise } from './summary.js';

export interface MatrixResult {
  /** The rows to show: all of them with `latestby`, else the newest `limit`. */
  rows: MatrixRow[];
  status: DeploymentStatus;
}

/** Above this many selected versions their facts are not read ahead: most would not be shown. */
const MAX_FACTS_AHEAD = 200;

async function run(
  db: Db,
  q: MatrixQuery,
  ahead?: (found: IntegrationsOfQuery) => Promise<unknown>,
): Promise<MatrixResult> {
  const resolved = await resolveSelectors(db, q);
  const found = await findIntegrations(db, q, resolved);
  const [built] = await Promise.all([buildRows(db, q, found), ahead?.(found)]);
  const { all, page } = selectRows(built, q, resolved.ignores);
  const status = summarise({
    rows: all,
    specified: resolved.specified,
    ignores: resolved.ignores,
    integrations: found.integrations,
    inferred: found.inferred,
    query: q,
  });
  return { rows: page, status };
}

export function runMatrix(db: Db, q: MatrixQuery): Promise<MatrixResult> {
  return run(db, q);
}

/**
 * runMatrix, with the tags, branches and environments of the versions in the rows shown. Those of the selected
 * versions (which most rows show) are read while the rows are built; only the others are read afterwards.
 */
export async function runMatrixWithFacts(
  db: Db,
  q: MatrixQuery,
): Promise<MatrixResult & { facts: VersionFacts }> {
  let selected = new Set<number>();
  let early: VersionFacts | undefined;
  const result = await run(db, q, async ({ integrations, selectorsOf }) => {
    const ids = new Set<number>();
    for (const i of integrations)
      for (const s of [...selectorsOf(i.consumer.id), ...selectorsOf(i.provider.id)])
        if (s.version) ids.add(s.version.id);
    if (ids.size === 0 || ids.size > MAX_FACTS_AHEAD) return;
    selected = ids;
    early = await versionFacts(db, [...ids]);
  });
  const shown = new Set<number>();
  for (const r of result.rows) {
    shown.add(r.publication.consumer_version_id);
    if (r.providerVersion) shown.add(r.providerVersion.id);
  }
  const rest = [...shown].filter((id) => !selected.has(id));
  const late = rest.length > 0 ? await versionFacts(db, rest) : undefined;
  const facts: VersionFacts = {
    tags: new Map([...(early?.tags ?? []), ...(late?.tags ?? [])]),
    branches: new Map([...(early?.branches ?? []), ...(late?.branches ?? [])]),
    environments: new Map([...(early?.environments ?? []), ...(late?.environments ?? [])]),
  };
  return { ...result, facts };
}
