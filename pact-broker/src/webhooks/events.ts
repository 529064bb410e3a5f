// The BrokerEvents hook: turns domain events into outbox rows in the triggering transaction (one per matching
// webhook, and for contract_requiring_verification_published one per provider version that still has to verify).

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import type { BrokerEvent, BrokerEvents } from '../deps.js';
import { path } from '../http/hal.js';
import type { WebhookConfig } from './config.js';
import { insertDelivery, matchingWebhooks, type WebhookRow } from './queries.js';
import { renderRequest, type TemplateContext } from './template.js';

export const EVENT_NAMES = [
  'contract_content_changed',
  'contract_published',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
] as const;

export type EventName = (typeof EVENT_NAMES)[number];

function statuses(success: boolean | null): TemplateContext {
  if (success === null)
    return {
      githubVerificationStatus: 'pending',
      bitbucketVerificationStatus: 'INPROGRESS',
      azureDevOpsVerificationStatus: 'pending',
      gitlabVerificationStatus: 'pending',
    };
  return success
    ? {
        githubVerificationStatus: 'success',
        bitbucketVerificationStatus: 'SUCCESSFUL',
        azureDevOpsVerificationStatus: 'succeeded',
        gitlabVerificationStatus: 'success',
      }
    : {
        githubVerificationStatus: 'failure',
        bitbucketVerificationStatus: 'FAILED',
        azureDevOpsVerificationStatus: 'failed',
        gitlabVerificationStatus: 'failed',
      };
}

export function pactVersionUrl(
  baseUrl: string,
  provider: string,
  consumer: string,
  sha: string,
  consumerVersion?: string,
): string {
  const base = `${baseUrl}${path`/pacts/provider/${provider}/consumer/${consumer}/pact-version/${sha}`}`;
  return consumerVersion === undefined
    ? base
    : `${base}/metadata/${Buffer.from(JSON.stringify({ cvn: consumerVersion })).toString('base64url')}`;
}

interface VersionInfo {
  number: string;
  branch: string | null;
  tags: string[];
}

async function versionInfo(db: Db, versionId: number): Promise<VersionInfo | undefined> {
  const { rows } = await db.query<{ number: string; branch: string | null; tags: string[] | null }>(
    `SELECT v.number,
            (SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
              WHERE bv.version_id = v.id ORDER BY bv.id DESC LIMIT 1) AS branch,
            (SELECT array_agg(t.name ORDER BY t.id) FROM tags t WHERE t.version_id = v.id) AS tags
       FROM versions v WHERE v.id = $1`,
    [versionId],
  );
  const r = rows[0];
  return r ? { number: r.number, branch: r.branch, tags: r.tags ?? [] } : undefined;
}

async function deployedProviderVersions(db: Db, providerId: number): Promise<string> {
  const { rows } = await db.query<{ number: string }>(
    `SELECT DISTINCT v.number FROM deployed_versions d JOIN versions v ON v.id = d.version_id
      WHERE d.pacticipant_id = $1 AND d.currently_deployed ORDER BY v.number`,
    [providerId],
  );
  return rows.map((r) => r.number).join(', ');
}

/** The newest consumer version that published this content: the one a verification result is reported for. */
async function consumerVersionOfPact(db: Db, pactVersionId: number): Promise<number | undefined> {
  const { rows } = await db.query<{ consumer_version_id: number }>(
    'SELECT consumer_version_id FROM pact_publications WHERE pact_version_id = $1 ORDER BY consumer_version_ord DESC LIMIT 1',
    [pactVersionId],
  );
  return rows[0]?.consumer_version_id;
}

/**
 * Provider versions that should verify newly published content: the head of the provider's main branch and the
 * versions currently deployed or released, minus those that already verified this content.
 */
async function providerVersionsRequiringVerification(
  db: Db,
  providerId: number,
  pactVersionId: number,
): Promise<Array<{ id: number; description: string }>> {
  const { rows } = await db.query<{ id: number; description: string }>(
    `WITH candidates AS (
       SELECT (SELECT bv.version_id FROM pacticipants p
                 JOIN branches b ON b.pacticipant_id = p.id AND b.name = p.main_branch
                 JOIN branch_versions bv ON bv.branch_id = b.id
                WHERE p.id = $1 ORDER BY bv.version_ord DESC LIMIT 1) AS id,
              'latest version from main branch' AS description
       UNION ALL
       SELECT d.version_id, 'deployed to ' || e.name FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
        WHERE d.pacticipant_id = $1 AND d.currently_deployed
       UNION ALL
       SELECT r.version_id, 'released to ' || e.name FROM released_versions r JOIN environments e ON e.id = r.environment_id
        WHERE r.pacticipant_id = $1 AND r.support_ended_at IS NULL
     )
     SELECT c.id, string_agg(c.description, ', ' ORDER BY c.description) AS description
       FROM candidates c
      WHERE c.id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM verifications x WHERE x.pact_version_id = $2 AND x.provider_version_id = c.id)
      GROUP BY c.id ORDER BY c.id`,
    [providerId, pactVersionId],
  );
  return rows;
}

export interface WebhookEventsOptions {
  config: WebhookConfig;
  /** Absolute base for ${pactbroker.pactUrl} and ${pactbroker.verificationResultUrl}. */
  baseUrl: () => string;
  /** Called after a delivery was queued (the relay polls soon after the commit). */
  queued: () => void;
}

export function webhookEvents(o: WebhookEventsOptions): BrokerEvents {
  const queue = async (
    tx: Db,
    hooks: WebhookRow[],
    eventName: EventName,
    ctx: TemplateContext,
    ids: {
      consumerId: number;
      providerId: number;
      pactVersionId: number | null;
      verificationId: number | null;
    },
  ) => {
    for (const webhook of hooks.filter((h) => h.events.includes(eventName))) {
      const context = { ...ctx, eventName };
      await insertDelivery(tx, {
        uuid: randomUUID(),
        webhook,
        eventName,
        ...ids,
        context,
        request: renderRequest(webhook.request, context),
        maxAttempts: o.config.maxAttempts,
      });
    }
  };

  return {
    async emit(tx, event: BrokerEvent) {
      const names: EventName[] =
        event.type === 'provider_verification_published'
          ? [
              'provider_verification_published',
              event.success ? 'provider_verification_succeeded' : 'provider_verification_failed',
            ]
          : event.type === 'contract_published'
            ? ['contract_published', 'contract_requiring_verification_published']
            : [event.type];
      const hooks = await matchingWebhooks(tx, names, event.consumerId, event.providerId);
      if (hooks.length === 0) return;
      const base = o.baseUrl();
      const common: TemplateContext = {
        consumerName: event.consumer,
        providerName: event.provider,
        consumerLabels: '',
        providerLabels: '',
        currentlyDeployedProviderVersionNumber: await deployedProviderVersions(tx, event.providerId),
      };
      if (event.type === 'provider_verification_published') {
        const cvId = await consumerVersionOfPact(tx, event.pactVersionId);
        const cv = cvId === undefined ? undefined : await versionInfo(tx, cvId);
        const pactUrl = pactVersionUrl(
          base,
          event.provider,
          event.consumer,
          event.pactVersionSha,
          cv?.number,
        );
        const ctx: TemplateContext = {
          ...common,
          ...statuses(event.success),
          pactUrl,
          verificationResultUrl: `${pactVersionUrl(base, event.provider, event.consumer, event.pactVersionSha)}/verification-results/${event.verificationNumber}`,
          consumerVersionNumber: cv?.number ?? '',
          consumerVersionBranch: cv?.branch ?? '',
          consumerVersionTags: (cv?.tags ?? []).join(', '),
          providerVersionNumber: event.providerVersion,
          providerVersionBranch: event.providerVersionBranch ?? '',
          providerVersionTags: event.providerVersionTags.join(', '),
          providerVersionDescriptions: '',
          buildUrl: event.buildUrl ?? '',
        };
        const ids = {
          consumerId: event.consumerId,
          providerId: event.providerId,
          pactVersionId: event.pactVersionId,
          verificationId: event.verificationId,
        };
        for (const n of names) await queue(tx, hooks, n, ctx, ids);
      } else {
        const ctx: TemplateContext = {
          ...common,
          ...statuses(null),
          pactUrl: pactVersionUrl(
            base,
            event.provider,
            event.consumer,
            event.pactVersionSha,
            event.consumerVersion,
          ),
          verificationResultUrl: '',
          consumerVersionNumber: event.consumerVersion,
          consumerVersionBranch: event.consumerVersionBranch ?? '',
          consumerVersionTags: event.consumerVersionTags.join(', '),
          providerVersionNumber: '',
          providerVersionBranch: '',
          providerVersionTags: '',
          providerVersionDescriptions: '',
          buildUrl: event.buildUrl ?? '',
        };
        const ids = {
          consumerId: event.consumerId,
          providerId: event.providerId,
          pactVersionId: event.pactVersionId,
          verificationId: null,
        };
        await queue(tx, hooks, event.type, ctx, ids);
        if (
          event.type === 'contract_published' &&
          hooks.some((h) => h.events.includes('contract_requiring_verification_published'))
        ) {
          for (const pv of await providerVersionsRequiringVerification(
            tx,
            event.providerId,
            event.pactVersionId,
          )) {
            const info = await versionInfo(tx, pv.id);
            await queue(
              tx,
              hooks,
              'contract_requiring_verification_published',
              {
                ...ctx,
                providerVersionNumber: info?.number ?? '',
                providerVersionBranch: info?.branch ?? '',
                providerVersionTags: (info?.tags ?? []).join(', '),
                providerVersionDescriptions: pv.description,
              },
              ids,
            );
          }
        }
      }
      o.queued();
    },
  };
}
