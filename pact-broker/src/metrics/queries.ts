// SQL of the /metrics counts (the official broker's metrics service, over this broker's tables).

import type { Db } from '../db/db.js';

export interface MetricCounts {
  latest_interactions: number;
  latest_messages: number;
  pacticipants: number;
  pacticipants_with_main_branch: number;
  integrations: number;
  pact_publications: number;
  first_publication: Date | null;
  last_publication: Date | null;
  pact_versions: number;
  verifications: number;
  successful_verifications: number;
  failed_verifications: number;
  distinct_verifications: number;
  first_verification: Date | null;
  last_verification: Date | null;
  versions: number;
  versions_with_branch: number;
  webhooks: number;
  tags: number;
  distinct_tags: number;
  distinct_tags_per_pacticipant: number;
  deliveries: number;
  executions: number;
  environments: number;
  deployed_versions: number;
  currently_deployed: number;
  released_versions: number;
  currently_supported: number;
}

export async function metricCounts(db: Db): Promise<MetricCounts> {
  const { rows } = await db.query<MetricCounts>(
    // The interaction counts are over the latest publication of each integration, as upstream.
    `WITH latest AS (
       SELECT DISTINCT ON (consumer_id, provider_id) pact_version_id FROM pact_publications
        ORDER BY consumer_id, provider_id, consumer_version_ord DESC),
     latest_content AS (SELECT * FROM pact_versions WHERE id IN (SELECT pact_version_id FROM latest))
     SELECT
       (SELECT coalesce(sum(interactions_count), 0)::int FROM latest_content) AS latest_interactions,
       (SELECT coalesce(sum(messages_count), 0)::int FROM latest_content) AS latest_messages,
       (SELECT count(*)::int FROM pacticipants) AS pacticipants,
       (SELECT count(*)::int FROM pacticipants WHERE main_branch IS NOT NULL) AS pacticipants_with_main_branch,
       (SELECT count(*)::int FROM (SELECT DISTINCT consumer_id, provider_id FROM pact_publications) i) AS integrations,
       (SELECT count(*)::int FROM pact_publications) AS pact_publications,
       (SELECT created_at FROM pact_publications ORDER BY id LIMIT 1) AS first_publication,
       (SELECT created_at FROM pact_publications ORDER BY id DESC LIMIT 1) AS last_publication,
       (SELECT count(*)::int FROM pact_versions) AS pact_versions,
       (SELECT count(*)::int FROM verifications) AS verifications,
       (SELECT count(*)::int FROM verifications WHERE success) AS successful_verifications,
       (SELECT count(*)::int FROM verifications WHERE NOT success) AS failed_verifications,
       (SELECT count(*)::int FROM (SELECT DISTINCT provider_version_id, pact_version_id, success FROM verifications) d)
         AS distinct_verifications,
       (SELECT created_at FROM verifications ORDER BY id LIMIT 1) AS first_verification,
       (SELECT created_at FROM verifications ORDER BY id DESC LIMIT 1) AS last_verification,
       (SELECT count(*)::int FROM versions) AS versions,
       (SELECT count(DISTINCT version_id)::int FROM branch_versions) AS versions_with_branch,
       (SELECT count(*)::int FROM webhooks) AS webhooks,
       (SELECT count(*)::int FROM tags) AS tags,
       (SELECT count(DISTINCT name)::int FROM tags) AS distinct_tags,
       (SELECT count(*)::int FROM (SELECT DISTINCT name, pacticipant_id FROM tags) t) AS distinct_tags_per_pacticipant,
       (SELECT count(*)::int FROM webhook_deliveries) AS deliveries,
       (SELECT count(*)::int FROM webhook_executions) AS executions,
       (SELECT count(*)::int FROM environments) AS environments,
       (SELECT count(*)::int FROM deployed_versions) AS deployed_versions,
       (SELECT count(*)::int FROM deployed_versions WHERE currently_deployed) AS currently_deployed,
       (SELECT count(*)::int FROM released_versions) AS released_versions,
       (SELECT count(*)::int FROM released_versions WHERE support_ended_at IS NULL) AS currently_supported`,
  );
  return rows[0]!;
}

/** How many consumer versions have 1, 2, … revisions of their pact with a provider. */
export async function revisionDistribution(db: Db): Promise<Array<{ n: number; count: number }>> {
  return (
    await db.query<{ n: number; count: number }>(
      'SELECT revision AS n, count(*)::int AS count FROM pact_publications GROUP BY revision ORDER BY 1',
    )
  ).rows;
}

/** How many pact contents have 1, 2, … verification results. */
export async function verificationDistribution(db: Db): Promise<Array<{ n: number; count: number }>> {
  return (
    await db.query<{ n: number; count: number }>(
      `SELECT n, count(*)::int AS count
         FROM (SELECT count(*)::int AS n FROM verifications GROUP BY pact_version_id) v
        GROUP BY n ORDER BY 1`,
    )
  ).rows;
}
