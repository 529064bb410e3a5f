// The BrokerEvents hook: turns domain events into outbox rows in the triggering transaction (one per matching
// webhook, and for contract_requiring_verification_published one per provider version that still has to verify).

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import type { BrokerEvent, BrokerEvents } from '../deps.js';
import { path } from '../http/hal.js';
import type { WebhookConfig } from './config.js';
import {
  consumerVersionOfPact,
  deployedProviderVersions,
  insertDelivery,
  matchingWebhooks,
  providerVersionsRequiringVerification,
  versionInfo,
  type WebhookRow,
} from './queries.js';
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
