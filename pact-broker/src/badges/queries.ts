// SQL of the badges: the latest pact of an integration and the verification its badge reports.

import type { Db } from '../db/db.js';

export interface BadgePact {
  consumer: string;
  provider: string;
  consumer_version_number: string;
  revision: number;
  sha: string;
}

export interface BadgeVerification {
  sha: string;
  success: boolean;
  pact_pending: boolean | null;
  number: number;
  provider_version_number: string;
}

/** Which consumer versions count: all, those with a tag, those without tags, or those on a branch. */
export type BadgeScope =
  | { kind: 'any' }
  | { kind: 'tag'; tag: string }
  | { kind: 'untagged' }
  | { kind: 'branch'; branch: string };

function scopeSql(s: BadgeScope): string {
  switch (s.kind) {
    case 'any':
      return '';
    case 'tag':
      return 'AND EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id AND t.name = $3)';
    case 'untagged':
      return 'AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id)';
    case 'branch':
      return `AND EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
                          WHERE bv.version_id = pp.consumer_version_id AND b.name = $3)`;
  }
}

function scopeParams(s: BadgeScope): string[] {
  return s.kind === 'tag' ? [s.tag] : s.kind === 'branch' ? [s.branch] : [];
}

const BY_NAMES = `JOIN pacticipants c ON c.id = pp.consumer_id AND c.name = $2
  JOIN pacticipants p ON p.id = pp.provider_id AND p.name = $1`;

export async function latestBadgePact(
  db: Db,
  provider: string,
  consumer: string,
  scope: BadgeScope,
): Promise<BadgePact | undefined> {
  const { rows } = await db.query<BadgePact>(
    `SELECT c.name AS consumer, p.name AS provider, v.number AS consumer_version_number, pp.revision, pv.sha
       FROM pact_publications pp ${BY_NAMES}
       JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id
      WHERE true ${scopeSql(scope)} ORDER BY pp.consumer_version_ord DESC LIMIT 1`,
    [provider, consumer, ...scopeParams(scope)],
  );
  return rows[0];
}

/**
 * The newest verification of the content of the newest consumer version (in scope) whose content was verified at
 * all: a newer, unverified pact shows as "changed" against it.
 */
export async function latestBadgeVerification(
  db: Db,
  provider: string,
  consumer: string,
  scope: BadgeScope,
): Promise<BadgeVerification | undefined> {
  const { rows } = await db.query<BadgeVerification>(
    `SELECT pv.sha, x.success, x.pact_pending, x.number, xv.number AS provider_version_number
       FROM pact_publications pp ${BY_NAMES}
       JOIN verifications x ON x.pact_version_id = pp.pact_version_id
       JOIN pact_versions pv ON pv.id = x.pact_version_id
       JOIN versions xv ON xv.id = x.provider_version_id
      WHERE true ${scopeSql(scope)} ORDER BY pp.consumer_version_ord DESC, x.number DESC LIMIT 1`,
    [provider, consumer, ...scopeParams(scope)],
  );
  return rows[0];
}

/** The matrix badge's verification: consumer versions tagged `consumerTag` verified by provider versions tagged `providerTag`. */
export async function latestTaggedMatrixVerification(
  db: Db,
  provider: string,
  consumer: string,
  consumerTag: string,
  providerTag: string,
): Promise<BadgeVerification | undefined> {
  const { rows } = await db.query<BadgeVerification>(
    `SELECT pv.sha, x.success, x.pact_pending, x.number, xv.number AS provider_version_number
       FROM pact_publications pp ${BY_NAMES}
       JOIN tags ct ON ct.version_id = pp.consumer_version_id AND ct.name = $3
       JOIN verifications x ON x.pact_version_id = pp.pact_version_id
       JOIN tags pt ON pt.version_id = x.provider_version_id AND pt.name = $4
       JOIN pact_versions pv ON pv.id = x.pact_version_id
       JOIN versions xv ON xv.id = x.provider_version_id
      ORDER BY pp.consumer_version_ord DESC, xv.ord DESC, x.execution_date DESC LIMIT 1`,
    [provider, consumer, consumerTag, providerTag],
  );
  return rows[0];
}
