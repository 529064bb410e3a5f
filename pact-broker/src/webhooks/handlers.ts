// Handlers of the webhook routes.

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import type { BrokerDeps } from '../deps.js';
import { BrokerError } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, noContent, textResponse } from '../http/hal.js';
import { MAX_INT4, pathInteger, queryInteger } from '../http/numbers.js';
import { latestPact } from '../pact/queries.js';
import { requirePacticipant } from '../pacticipants/handlers.js';
import { findPacticipant } from '../pacticipants/queries.js';
import type { BodyOf, Handler } from '../route.js';
import type { webhookBody } from './bodies.js';
import {
  decorateDelivery,
  decorateWebhook,
  deliveriesResource,
  deliveryLogsText,
  deliveryWithExecutions,
  executionResource,
  pactWebhooksStatusResource,
  webhooksResource,
} from './decorate.js';
import { deliveryOptions, executeRequest } from './deliver.js';
import { pactVersionUrl } from './events.js';
import {
  type DeliveryRow,
  deleteWebhook,
  listDeliveries as deliveries,
  deliveriesForSource,
  executionsOf,
  findDelivery,
  findWebhook,
  insertWebhook,
  latestDeliveriesOfIntegration,
  latestPactForWebhook,
  latestVerificationOf,
  requeueDelivery,
  updateWebhook,
  type WebhookRow,
  listWebhooks as webhooksFor,
} from './queries.js';
import { targetPolicy } from './ssrf.js';
import { renderRequest, type TemplateContext } from './template.js';

type WebhookInput = BodyOf<typeof webhookBody>;

const UUID_RE = /^[A-Za-z0-9_-]{16,128}$/;

async function pacticipantId(db: Db, name: string): Promise<number | undefined> {
  return (await findPacticipant(db, name))?.id;
}

/** The pacticipants of a scoped route (`/webhooks/provider/{p}/consumer/{c}` …), provider first. */
function scopeOf(ctx: RequestContext): Array<['provider' | 'consumer', string]> {
  const out: Array<['provider' | 'consumer', string]> = [];
  if (ctx.params.provider !== undefined) out.push(['provider', ctx.params.provider]);
  if (ctx.params.consumer !== undefined) out.push(['consumer', ctx.params.consumer]);
  return out;
}

async function requireWebhook(db: Db, uuid: string): Promise<WebhookRow> {
  const w = await findWebhook(db, uuid);
  if (!w) throw BrokerError.notFound(`No webhook with uuid ${uuid} found`);
  return w;
}

async function requireDelivery(db: Db, uuid: string): Promise<DeliveryRow> {
  const d = await findDelivery(db, uuid);
  if (!d) throw BrokerError.notFound(`No triggered webhook with uuid ${uuid} found`);
  return d;
}

/** Every webhook, or those scoped to the pacticipants in the path (404 when one does not exist). */
export const listWebhooks: Handler = async (ctx, { db }) => {
  const ids: { consumerId?: number | undefined; providerId?: number | undefined } = {};
  for (const [kind, name] of scopeOf(ctx)) {
    const id = await pacticipantId(db, name);
    if (id === undefined) throw BrokerError.notFound('No such pacticipant');
    ids[kind === 'consumer' ? 'consumerId' : 'providerId'] = id;
  }
  return halResponse(webhooksResource(ctx.links, ctx.path, await webhooksFor(db, ids)));
};

export const createWebhook: Handler<WebhookInput> = async (ctx, { db }) => {
  ctx.requireJsonObject();
  for (const [kind, name] of scopeOf(ctx)) {
    if ((await pacticipantId(db, name)) === undefined)
      throw BrokerError.notFound(`No ${kind} with name '${name}' found`);
  }
  const fields = await ctx.body();
  const uuid = randomUUID();
  const w = await db.transaction(async (tx) => {
    await insertWebhook(tx, uuid, fields);
    return (await findWebhook(tx, uuid))!;
  });
  const res = decorateWebhook(ctx.links, w);
  return halResponse(res, 201, { Location: res._links.self.href });
};

export const showWebhook: Handler = async (ctx, { db }) =>
  halResponse(decorateWebhook(ctx.links, await requireWebhook(db, ctx.param('uuid'))));

/** Creates the webhook with the client's uuid (201) or replaces it (200). */
export const putWebhook: Handler<WebhookInput> = async (ctx, { db }) => {
  const uuid = ctx.param('uuid');
  if (!UUID_RE.test(uuid))
    throw BrokerError.validation({ uuid: ['must be 16 to 128 letters, digits, - or _'] });
  const fields = await ctx.body();
  const { w, created } = await db.transaction(async (tx) => {
    const existing = await findWebhook(tx, uuid);
    if (existing) await updateWebhook(tx, existing.id, fields);
    else await insertWebhook(tx, uuid, fields);
    const w = await findWebhook(tx, uuid);
    if (!w) throw BrokerError.concurrentWrite('uuid', 'was deleted by a concurrent request');
    return { w, created: !existing };
  });
  const res = decorateWebhook(ctx.links, w);
  return halResponse(res, created ? 201 : 200, created ? { Location: res._links.self.href } : {});
};

export const removeWebhook: Handler = async (ctx, { db }) => {
  await deleteWebhook(db, (await requireWebhook(db, ctx.param('uuid'))).id);
  return noContent();
};

/** Template values for a test run: the latest pact (and its latest verification) the webhook would fire for. */
async function testContext(
  db: Db,
  baseUrl: string,
  w: Pick<WebhookRow, 'consumer_id' | 'provider_id' | 'events'>,
): Promise<TemplateContext> {
  const pact = await latestPactForWebhook(db, w.consumer_id, w.provider_id);
  const eventName = w.events[0] ?? 'contract_content_changed';
  if (!pact) {
    return {
      eventName,
      consumerName: 'placeholder-consumer',
      providerName: 'placeholder-provider',
      consumerVersionNumber: 'placeholder-consumer-version-number',
      pactUrl: `${baseUrl}/pacts/provider/placeholder-provider/consumer/placeholder-consumer/pact-version/placeholder`,
      githubVerificationStatus: 'pending',
    };
  }
  const verification = await latestVerificationOf(db, pact.pact_version_id);
  const url = pactVersionUrl(baseUrl, pact.provider, pact.consumer, pact.sha);
  return {
    eventName,
    consumerName: pact.consumer,
    providerName: pact.provider,
    consumerVersionNumber: pact.number,
    pactUrl: pactVersionUrl(baseUrl, pact.provider, pact.consumer, pact.sha, {
      number: pact.number,
      tags: [],
      wip: true,
    }),
    providerVersionNumber: verification?.provider_version ?? '',
    verificationResultUrl: verification ? `${url}/verification-results/${verification.number}` : '',
    githubVerificationStatus: verification ? (verification.success ? 'success' : 'failure') : 'pending',
    buildUrl: pact.build_url ?? '',
  };
}

/**
 * Sends the webhook's request now with the latest matching data: 200 with `success` saying how it went, as the
 * official resource answers (a failing target is not a broker error).
 */
async function execute(
  ctx: RequestContext,
  { db, config }: BrokerDeps,
  w: Pick<WebhookRow, 'consumer_id' | 'provider_id' | 'events' | 'request'>,
) {
  const context = await testContext(db, config.baseUrl ?? ctx.baseUrl, w);
  const rendered = renderRequest(w.request, context);
  const result = await executeRequest(
    targetPolicy(config),
    rendered,
    config.webhooks.timeoutMs,
    undefined,
    deliveryOptions(config.webhooks),
  );
  return halResponse(executionResource(rendered, result));
}

export const executeWebhook: Handler = async (ctx, deps) =>
  execute(ctx, deps, await requireWebhook(deps.db, ctx.param('uuid')));

export const executeUnsavedWebhook: Handler<WebhookInput> = async (ctx, deps) => {
  const fields = await ctx.body();
  return execute(ctx, deps, {
    consumer_id: fields.consumerId,
    provider_id: fields.providerId,
    events: fields.events,
    request: fields.request,
  });
};

const limitOf = (ctx: RequestContext) => queryInteger(ctx, 'limit', 100, { max: 1000 });

export const listWebhookDeliveries: Handler = async (ctx, { db }) => {
  const w = await requireWebhook(db, ctx.param('uuid'));
  const rows = await deliveries(db, {
    webhookUuid: w.uuid,
    status: ctx.query.get('status') ?? undefined,
    limit: limitOf(ctx),
  });
  return halResponse(deliveriesResource(ctx.links, ctx.path, 'Deliveries', rows));
};

export const listDeliveries: Handler = async (ctx, { db }) => {
  const rows = await deliveries(db, { status: ctx.query.get('status') ?? undefined, limit: limitOf(ctx) });
  return halResponse(deliveriesResource(ctx.links, ctx.path, 'Deliveries', rows));
};

const triggeredBy = 'Webhooks triggered by this publication';

export const listPactDeliveries: Handler = async (ctx, { db }) => {
  const rows = await deliveriesForSource(db, {
    kind: 'pact',
    provider: ctx.param('provider'),
    consumer: ctx.param('consumer'),
    version: ctx.param('version'),
  });
  return halResponse(deliveriesResource(ctx.links, ctx.path, triggeredBy, rows));
};

export const listVerificationDeliveries: Handler = async (ctx, { db }) => {
  const n = pathInteger(ctx, 'number', { max: MAX_INT4 });
  const rows = await deliveriesForSource(db, {
    kind: 'verification',
    provider: ctx.param('provider'),
    consumer: ctx.param('consumer'),
    sha: ctx.param('sha'),
    number: n,
  });
  return halResponse(deliveriesResource(ctx.links, ctx.path, triggeredBy, rows));
};

export const showDelivery: Handler = async (ctx, { db }) => {
  const d = await requireDelivery(db, ctx.param('uuid'));
  return halResponse(deliveryWithExecutions(ctx.links, d, await executionsOf(db, d.id)));
};

export const showDeliveryLogs: Handler = async (ctx, { db }) => {
  const d = await requireDelivery(db, ctx.param('uuid'));
  return textResponse(deliveryLogsText(await executionsOf(db, d.id)));
};

/** Re-queues a dead delivery with a fresh set of tries and asks the relay to send it now. */
export const retryDelivery: Handler = async (ctx, { db, config, webhookRelay }) => {
  const d = await requireDelivery(db, ctx.param('uuid'));
  if (d.status !== 'dead') throw new BrokerError('conflict', 'Only a dead delivery can be retried');
  await requeueDelivery(db, d.id, config.webhooks.maxAttempts);
  webhookRelay.kick();
  const requeued = await findDelivery(db, d.uuid);
  if (!requeued) throw BrokerError.notFound(`No delivery with uuid ${d.uuid} found`);
  return halResponse(decorateDelivery(ctx.links, requeued));
};

/** The latest delivery of each webhook for an integration's latest pact (none when it has no pact). */
export const showPactWebhooksStatus: Handler = async (ctx, { db }) => {
  const provider = await requirePacticipant(db, ctx.param('provider'), 'provider');
  const consumer = await requirePacticipant(db, ctx.param('consumer'), 'consumer');
  const pact = await latestPact(db, provider.id, consumer.id, { kind: 'any' });
  const rows = pact ? await latestDeliveriesOfIntegration(db, consumer.id, provider.id) : [];
  const name = pact
    ? `Pact between ${consumer.name} (${pact.consumer_version_number}) and ${provider.name}`
    : '';
  return halResponse(
    pactWebhooksStatusResource(
      ctx.links,
      ctx.path,
      consumer.name,
      provider.name,
      rows,
      pact ? { consumer_version_number: pact.consumer_version_number, name } : undefined,
    ),
  );
};
