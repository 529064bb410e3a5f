// SQL of the provider states: the pact contents of one consumer-version selection for a provider.

import type { Db } from '../db/db.js';

export interface StatePactRow {
  consumer_name: string;
  content: string;
}

/** Which pacts: each consumer's main-branch head, the head of a named branch, or what is in an environment. */
export type StateSelection =
  | { kind: 'mainBranch' }
  | { kind: 'branch'; branch: string }
  | { kind: 'environment'; environment: string };

const SELECT = `SELECT c.name AS consumer_name, pv.content
  FROM pact_publications pp
  JOIN pacticipants c ON c.id = pp.consumer_id
  JOIN pact_versions pv ON pv.id = pp.pact_version_id`;

/** Branch heads must have published a pact for the provider themselves (the official branch-head rule). */
const BRANCH_HEADS = (branchCondition: string) => `
  SELECT h.version_id FROM branches b
  JOIN pacticipants bp ON bp.id = b.pacticipant_id
  JOIN LATERAL (SELECT bv.version_id FROM branch_versions bv WHERE bv.branch_id = b.id
                ORDER BY bv.version_ord DESC LIMIT 1) h ON true
  WHERE ${branchCondition}`;

/**
 * An environment is named in the URL (as the official CLI sends it); a uuid is accepted when no environment has
 * that name. Versions currently deployed there or released and still supported count.
 */
const IN_ENVIRONMENT = `
  WITH env AS (
    SELECT id FROM environments WHERE name = $2
    UNION ALL
    SELECT id FROM environments WHERE uuid = $2 AND NOT EXISTS (SELECT 1 FROM environments WHERE name = $2))
  SELECT d.version_id FROM deployed_versions d WHERE d.currently_deployed AND d.environment_id IN (SELECT id FROM env)
  UNION
  SELECT r.version_id FROM released_versions r WHERE r.support_ended_at IS NULL AND r.environment_id IN (SELECT id FROM env)`;

export async function statePacts(db: Db, providerId: number, s: StateSelection): Promise<StatePactRow[]> {
  const versions =
    s.kind === 'mainBranch'
      ? BRANCH_HEADS('b.name = bp.main_branch')
      : s.kind === 'branch'
        ? BRANCH_HEADS('b.name = $2')
        : IN_ENVIRONMENT;
  const params =
    s.kind === 'mainBranch' ? [providerId] : [providerId, s.kind === 'branch' ? s.branch : s.environment];
  const { rows } = await db.query<StatePactRow>(
    `${SELECT} WHERE pp.provider_id = $1 AND pp.consumer_version_id IN (${versions})
      ORDER BY c.name, pp.consumer_version_ord`,
    params,
  );
  return rows;
}
