// What naming a branch or a tag implies, as the official broker does it: the pacticipant's main branch is detected
// (auto_detect_main_branch), a new version's first tag becomes its branch (use_first_tag_as_branch), and a tag
// named like an environment records a deployment (create_deployed_versions_for_tags). Runs in the caller's
// transaction, at the official call sites: publishing, adding a branch version, creating a tag.

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import { insertDeployed, lockCurrentDeployment, markUndeployed } from '../deployments/queries.js';
import { findEnvironmentByName } from '../environments/queries.js';
import type { PacticipantRow } from '../pacticipants/queries.js';
import type { BrokerSettings } from '../settings.js';
import { addTag, addVersionToBranch, type BranchRow, type TagRow, type VersionRow } from './queries.js';

type Settings = Pick<
  BrokerSettings,
  | 'autoDetectMainBranch'
  | 'mainBranchCandidates'
  | 'useFirstTagAsBranch'
  | 'useFirstTagAsBranchTimeLimit'
  | 'createDeployedVersionsForTags'
>;

/** Sets the main branch from a branch or tag name when none is set and the name is a candidate. */
async function maybeSetMainBranch(
  tx: Db,
  settings: Settings,
  pacticipantId: number,
  name: string,
): Promise<void> {
  if (!settings.autoDetectMainBranch || !settings.mainBranchCandidates.includes(name)) return;
  await tx.query(
    'UPDATE pacticipants SET main_branch = $2, updated_at = clock_timestamp() WHERE id = $1 AND main_branch IS NULL',
    [pacticipantId, name],
  );
}

/** Adds a version to a branch (the official add_branch): the branch version, then main-branch detection. */
export async function addBranch(
  tx: Db,
  settings: Settings,
  pacticipantId: number,
  branchName: string,
  version: VersionRow,
  autoCreated = false,
  /**
   * The pacticipant's main branch as the caller read it in this transaction: when one is set, detection (which only
   * fills an unset main branch) would change nothing, so its statement is skipped.
   */
  mainBranch: string | null = null,
): Promise<{ branch: BranchRow; created: boolean }> {
  const result = await addVersionToBranch(tx, pacticipantId, branchName, version, autoCreated);
  if (mainBranch === null) await maybeSetMainBranch(tx, settings, pacticipantId, branchName);
  return result;
}

/**
 * Creates a tag (the official Tags::Service.create): a version with no tag and no branch, created at most the time
 * limit ago, gets the tag's name as its branch first; then main-branch detection for the tag's name.
 */
export async function createTag(
  tx: Db,
  settings: Settings,
  version: VersionRow,
  tagName: string,
): Promise<{ tag: TagRow; created: boolean }> {
  if (settings.useFirstTagAsBranch) {
    const { rows } = await tx.query<{ first: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM tags WHERE version_id = $1)
              AND NOT EXISTS (SELECT 1 FROM branch_versions WHERE version_id = $1)
              AND clock_timestamp() - v.created_at <= make_interval(secs => $2) AS first
         FROM versions v WHERE v.id = $1`,
      [version.id, settings.useFirstTagAsBranchTimeLimit],
    );
    if (rows[0]?.first) await addBranch(tx, settings, version.pacticipant_id, tagName, version, true);
  }
  await maybeSetMainBranch(tx, settings, version.pacticipant_id, tagName);
  return addTag(tx, version, tagName);
}

/**
 * A tag named like an environment records a deployment of the version there (no application instance), replacing
 * the pacticipant's current one, unless the version is already the current one.
 */
export async function maybeDeployForTag(
  tx: Db,
  settings: Settings,
  pacticipant: Pick<PacticipantRow, 'id' | 'name'>,
  version: VersionRow,
  tagName: string,
): Promise<void> {
  if (!settings.createDeployedVersionsForTags) return;
  const env = await findEnvironmentByName(tx, tagName);
  if (!env) return;
  const current = await lockCurrentDeployment(tx, pacticipant.id, env.id, '');
  if (current?.version_id === version.id) return;
  if (current) await markUndeployed(tx, current.id);
  const key = {
    pacticipant_id: pacticipant.id,
    pacticipant_name: pacticipant.name,
    version_id: version.id,
    number: version.number,
  };
  await insertDeployed(tx, randomUUID(), key, env.id, '', true);
}
