// The BrokerEvents hook: turns domain events into outbox rows in the triggering transaction (one per matching
// webhook, and for contract_requiring_verification_published one per provider version that still has to verify).

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import type { BrokerEvent, BrokerEvents, WebhooksAhead } from '../deps.js';
import { path } from '../http/hal.js';
import type { WebhookConfig } from './config.js';
import {
  anyWebhookFor,
  consumerVersionOfPact,
  deployedProviderVersions,
  insertDelivery,
  labelList,
  matchingWebhooks,
  providerVersionsRequiringVerification,
  versionIdByNumber,
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

/**
 * The pact-version URL webhooks get as ${pactbroker.pactUrl}. For a publication it names the consumer version and
 * its tags and, as upstream, marks a verification published through it as work in progress (`w`).
 */
export function pactVersionUrl(
  baseUrl: string,
  provider: string,
  consumer: string,
  sha: string,
  consumerVersion?: { number: string; tags: string[]; wip: boolean },
): string {
  const base = `${baseUrl}${path`/pacts/provider/${provider}/consumer/${consumer}/pact-version/${sha}`}`;
  if (consumerVersion === undefined) return base;
  const meta = {
    cvn: consumerVersion.number,
    ...(consumerVersion.tags.length ? { cvt: consumerVersion.tags } : {}),
    ...(consumerVersion.wip ? { w: 'true' } : {}),
  };
  return `${base}/metadata/${Buffer.from(JSON.stringify(meta)).toString('base64url')}`;
}

const DEPLOYED_PARAM = '${pactbroker.currentlyDeployedProviderVersionNumber}';

export interface WebhookEventsOptions {
  config: WebhookConfig;
  /** Absolute base for ${pactbroker.pactUrl} and ${pactbroker.verificationResultUrl}. */
  baseUrl: () => string;
  /** Called after a delivery was queued (the relay polls soon after the commit). */
  queued: () => void;
  /**
   * PACT_BROKER_FEATURES=expand_currently_deployed_provider_versions: a webhook that uses
   * ${pactbroker.currentlyDeployedProviderVersionNumber} fires once per currently deployed provider version.
   */
  expandCurrentlyDeployedProviderVersions?: boolean;
}

/**
 * The consumer versions a verification reports to: those in the verified URL's selectors (tags from the
 * selectors); else the one the URL named (`cvn`); else the newest that published the content (its own tags).
 */
async function verifiedConsumerVersions(
  tx: Db,
  event: Extract<BrokerEvent, { type: 'provider_verification_published' }>,
): Promise<Array<{ id: number; tags?: string[] }>> {
  if (event.selectedConsumerVersions?.length) return event.selectedConsumerVersions;
  const named =
    event.consumerVersionNumber === undefined
      ? undefined
      : await versionIdByNumber(tx, event.consumerId, event.consumerVersionNumber);
  const id = named ?? (await consumerVersionOfPact(tx, event.pactVersionId));
  return id === undefined ? [] : [{ id }];
}

/** Every webhook event name a contract event (published or content changed) may fire. */
const CONTRACT_EVENT_NAMES: EventName[] = [
  'contract_published',
  'contract_requiring_verification_published',
  'contract_content_changed',
];

/** A look for the webhooks of one event type between two pacticipants, started before the event (webhooksAhead). */
class LookAhead implements WebhooksAhead {
  readonly settled: Promise<unknown>;
  constructor(
    readonly names: EventName[],
    readonly consumerId: number,
    readonly providerId: number,
    readonly hooks: Promise<WebhookRow[]>,
  ) {
    // A failed look fails the transaction where emit awaits it; until then it is not an unhandled rejection.
    this.settled = hooks.catch(() => {});
  }

  /** Whether this look is the one `emit` of `event` would make. */
  answers(event: BrokerEvent): boolean {
    const names = eventNames(event);
    return (
      event.consumerId === this.consumerId &&
      event.providerId === this.providerId &&
      names.length === this.names.length &&
      names.every((n, i) => n === this.names[i])
    );
  }
}

/** The webhook event names a domain event fires. */
function eventNames(event: Pick<BrokerEvent, 'type'> & { success?: boolean }): EventName[] {
  if (event.type === 'provider_verification_published')
    return [
      'provider_verification_published',
      event.success ? 'provider_verification_succeeded' : 'provider_verification_failed',
    ];
  if (event.type === 'contract_published')
    return ['contract_published', 'contract_requiring_verification_published'];
  return [event.type];
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
      // Without the feature (or the parameter) the parameter renders empty, as upstream.
      const deployed =
        o.expandCurrentlyDeployedProviderVersions && JSON.stringify(webhook.request).includes(DEPLOYED_PARAM)
          ? await deployedProviderVersions(tx, ids.providerId)
          : [];
      for (const number of deployed.length ? deployed : ['']) {
        const context = { ...ctx, eventName, currentlyDeployedProviderVersionNumber: number };
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
    }
  };

  return {
    async emitAll(tx, events: BrokerEvent[], mayFire?: Promise<boolean>) {
      if (events.length === 0) return;
      // One look for a webhook that could fire; with none (the common case) a publish of many pacts costs one
      // statement here instead of one per event.
      const consumerIds = [...new Set(events.map((e) => e.consumerId))];
      const any = mayFire ?? anyWebhookFor(tx, [...new Set(events.flatMap(eventNames))], consumerIds);
      if (!(await any)) return;
      for (const event of events) await this.emit(tx, event);
    },
    contractWebhooksMayFire: (tx, consumerIds) => anyWebhookFor(tx, CONTRACT_EVENT_NAMES, consumerIds),
    webhooksAhead(tx, event) {
      const names = eventNames(event);
      return new LookAhead(
        names,
        event.consumerId,
        event.providerId,
        matchingWebhooks(tx, names, event.consumerId, event.providerId),
      );
    },
    async emit(tx, event: BrokerEvent, ahead?: WebhooksAhead) {
      const names = eventNames(event);
      const hooks =
        ahead instanceof LookAhead && ahead.answers(event)
          ? await ahead.hooks
          : await matchingWebhooks(tx, names, event.consumerId, event.providerId);
      if (hooks.length === 0) return;
      const base = o.baseUrl();
      const common: TemplateContext = {
        consumerName: event.consumer,
        providerName: event.provider,
        consumerLabels: await labelList(tx, event.consumerId),
        providerLabels: await labelList(tx, event.providerId),
      };
      if (event.type === 'provider_verification_published') {
        const ids = {
          consumerId: event.consumerId,
          providerId: event.providerId,
          pactVersionId: event.pactVersionId,
          verificationId: event.verificationId,
        };
        // One set of deliveries per consumer version the verified content was selected for, each reporting to
        // its own consumer version (commit status), with the tags of the selectors that chose it.
        for (const selected of await verifiedConsumerVersions(tx, event)) {
          const cv = await versionInfo(tx, selected.id);
          const ctx: TemplateContext = {
            ...common,
            ...statuses(event.success),
            pactUrl: pactVersionUrl(base, event.provider, event.consumer, event.pactVersionSha, {
              number: cv?.number ?? '',
              tags: [],
              wip: false,
            }),
            verificationResultUrl: `${pactVersionUrl(base, event.provider, event.consumer, event.pactVersionSha)}/verification-results/${event.verificationNumber}`,
            consumerVersionNumber: cv?.number ?? '',
            consumerVersionBranch: cv?.branch ?? '',
            consumerVersionTags: (selected.tags ?? cv?.tags ?? []).join(', '),
            providerVersionNumber: event.providerVersion,
            providerVersionBranch: event.providerVersionBranch ?? '',
            providerVersionTags: event.providerVersionTags.join(', '),
            providerVersionDescriptions: '',
            buildUrl: event.buildUrl ?? '',
          };
          for (const n of names) await queue(tx, hooks, n, ctx, ids);
        }
      } else {
        const ctx: TemplateContext = {
          ...common,
          ...statuses(null),
          pactUrl: pactVersionUrl(base, event.provider, event.consumer, event.pactVersionSha, {
            number: event.consumerVersion,
            tags: event.consumerVersionTags,
            wip: true,
          }),
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
