// Runs a matrix query: resolve the selectors, find the integrations, build the rows, summarise deployability.

import type { Db } from '../db/db.js';
import { findIntegrations } from './integrations.js';
import type { MatrixQuery } from './parse.js';
import { buildRows, type MatrixRow, selectRows } from './rows.js';
import { resolveSelectors } from './selectors.js';
import { type DeploymentStatus, summarise } from './summary.js';

export interface MatrixResult {
  /** The rows to show: all of them with `latestby`, else the newest `limit`. */
  rows: MatrixRow[];
  status: DeploymentStatus;
}

export async function runMatrix(db: Db, q: MatrixQuery): Promise<MatrixResult> {
  const resolved = await resolveSelectors(db, q);
  const found = await findIntegrations(db, q, resolved);
  const { all, page } = selectRows(await buildRows(db, q, found), q, resolved.ignores);
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
