// The /metrics JSON, with the official broker's keys (metrics/service.rb).

import type { MetricCounts } from './queries.js';

type Distribution = Array<{ n: number; count: number }>;

const date = (d: Date | null) => (d ? d.toISOString() : null);
const distribution = (rows: Distribution) => Object.fromEntries(rows.map((r) => [String(r.n), r.count]));

export function metricsResource(c: MetricCounts, revisions: Distribution, verifications: Distribution) {
  return {
    interactions: {
      latestInteractionsCount: c.latest_interactions,
      latestMessagesCount: c.latest_messages,
      latestInteractionsAndMessagesCount: c.latest_interactions + c.latest_messages,
    },
    pacticipants: { count: c.pacticipants, withMainBranchSetCount: c.pacticipants_with_main_branch },
    integrations: { count: c.integrations },
    pactPublications: {
      count: c.pact_publications,
      first: date(c.first_publication),
      last: date(c.last_publication),
    },
    pactVersions: { count: c.pact_versions },
    pactRevisionsPerConsumerVersion: { distribution: distribution(revisions) },
    verificationResults: {
      count: c.verifications,
      successCount: c.successful_verifications,
      failureCount: c.failed_verifications,
      distinctCount: c.distinct_verifications,
      first: date(c.first_verification),
      last: date(c.last_verification),
    },
    verificationResultsPerPactVersion: { distribution: distribution(verifications) },
    // Every branch here is one a client named (the broker creates none by itself).
    pacticipantVersions: {
      count: c.versions,
      withUserCreatedBranchCount: c.versions_with_branch,
      withBranchCount: c.versions_with_branch,
      withBranchSetCount: c.versions_with_branch,
    },
    webhooks: { count: c.webhooks },
    tags: {
      count: c.tags,
      distinctCount: c.distinct_tags,
      distinctWithPacticipantCount: c.distinct_tags_per_pacticipant,
    },
    triggeredWebhooks: { count: c.deliveries },
    webhookExecutions: { count: c.executions },
    // Upstream reports -1: counting the matrix has no meaning and takes too long.
    matrix: { count: -1 },
    environments: { count: c.environments },
    deployedVersions: {
      count: c.deployed_versions,
      userCreatedCount: c.deployed_versions,
      currentlyDeployedCount: c.currently_deployed,
    },
    releasedVersions: { count: c.released_versions, currentlySupportedCount: c.currently_supported },
  };
}
