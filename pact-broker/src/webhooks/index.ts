// Webhook routes (CRUD global or per pacticipant, test execution, triggered deliveries and their logs) and the
// module that installs the outbox events hook and runs the delivery relay.

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.js';
import { BrokerError, type FieldErrors } from '../errors.js';
import type { RequestContext } from '../http/context.js';
import { halResponse, type Links, noContent, path } from '../http/hal.js';
import type { BrokerModule } from '../module.js';
import { executeRequest } from './deliver.js';
import { EVENT_NAMES, pactVersionUrl, webhookEvents } from './events.js';
import {
  type DeliveryRow,
  deleteWebhook,
  deliveriesForSource,
  executionsOf,
  findDelivery,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  requeueDelivery,
  updateWebhook,
  type WebhookFields,
  type WebhookRow,
} from './queries.js';
import { Relay } from './relay.js';
import { checkTarget, type TargetPolicy } from './ssrf.js';
import { redactHeaders, renderRequest, type TemplateContext, type WebhookRequest } from './template.js';

const UUID_RE = /^[A-Za-z0-9_-]{16,}$/;

function webhookPath(uuid: string): string {
  return path`/webhooks/${uuid}`;
}

export function decorateWebhook(l: Links, w: WebhookRow) {
  const self = webhookPath(w.uuid);
  const { password, ...request } = w.request;
  return {
    uuid: w.uuid,
    description: w.description,
    ...(w.consumer_name
      ? { consumer: { name: w.consumer_name } }
      : w.consumer_label
        ? { consumer: { label: w.consumer_label } }
        : {}),
    ...(w.provider_name
      ? { provider: { name: w.provider_name } }
      : w.provider_label
        ? { provider: { label: w.provider_label } }
        : {}),
    enabled: w.enabled,
    request: {
      ...request,
      headers: redactHeaders(request.headers ?? {}),
      ...(password !== undefined ? { password: '**********' } : {}),
    },
    events: w.events.map((name) => ({ name })),
    createdAt: w.created_at.toISOString(),
    updatedAt: w.updated_at.toISOString(),
    _links: {
      self: l.link(self, { title: w.description ?? 'Webhook' }),
      'pb:execute': l.link(`${self}/execute`, {
        title:
          'Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL',
      }),
      'pb:triggered-webhooks': l.link(`${self}/triggered-webhooks`, { title: 'Deliveries of this webhook' }),
      'pb:webhooks': l.link('/webhooks', { title: 'All webhooks' }),
      ...(w.consumer_name
        ? {
            'pb:consumer': l.link(path`/pacticipants/${w.consumer_name}`, {
              title: 'Consumer',
              name: w.consumer_name,
            }),
          }
        : {}),
      ...(w.provider_name
        ? {
            'pb:provider': l.link(path`/pacticipants/${w.provider_name}`, {
              title: 'Provider',
              name: w.provider_name,
            }),
          }
        : {}),
    },
  };
}

function decorateDelivery(l: Links, d: DeliveryRow) {
  const self = path`/triggered-webhooks/${d.uuid}`;
  const { status } = d;
  return {
    uuid: d.uuid,
    webhookUuid: d.webhook_uuid,
    eventName: d.event_name,
    triggerType: 'publication',
    status:
      status === 'dead'
        ? 'failure'
        : status === 'retrying'
          ? 'retrying'
          : status === 'pending'
            ? 'not_run'
            : 'success',
    deliveryStatus: status,
    attemptsMade: d.attempts,
    attemptsRemaining: Math.max(0, d.max_attempts - d.attempts),
    nextAttemptAt: status === 'pending' || status === 'retrying' ? d.next_attempt_at.toISOString() : null,
    lastError: d.last_error,
    consumerName: d.consumer_name,
    providerName: d.provider_name,
    request: { method: d.request.method, url: d.request.url, headers: redactHeaders(d.request.headers) },
    createdAt: d.created_at.toISOString(),
    updatedAt: d.updated_at.toISOString(),
    _links: {
      self: l.link(self, { title: 'Triggered webhook' }),
      'pb:logs': l.link(`${self}/logs`, { title: 'Webhook execution logs' }),
      'pb:webhook': l.link(webhookPath(d.webhook_uuid), { title: 'Webhook' }),
    },
  };
}

async function pacticipantId(db: Db, name: string): Promise<number | undefined> {
  return (await db.query<{ id: number }>('SELECT id FROM pacticipants WHERE name = $1', [name])).rows[0]?.id;
}

/** Validates a webhook body; scoped routes pass the pacticipants from the path. */
async function readWebhook(
  db: Db,
  policy: TargetPolicy,
  body: Record<string, unknown>,
  scope: { consumer?: string; provider?: string },
): Promise<WebhookFields> {
  const errors: FieldErrors = {};
  const add = (f: string, m: string) => {
    errors[f] = [...(errors[f] ?? []), m];
  };
  const labels: { consumer: string | null; provider: string | null } = { consumer: null, provider: null };
  const party = async (field: 'consumer' | 'provider'): Promise<number | null> => {
    const fromPath = scope[field];
    const value = body[field];
    let name: string | undefined = fromPath;
    if (name === undefined && value !== undefined && value !== null) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        add(field, 'must be an object with a name');
        return null;
      }
      const v = value as Record<string, unknown>;
      if (v.label !== undefined && v.name === undefined) {
        if (typeof v.label !== 'string' || v.label === '')
          add(`${field}.label`, 'must be a non-empty string');
        else labels[field] = v.label;
        return null;
      }
      if (typeof v.name !== 'string' || v.name === '') {
        add(`${field}.name`, 'is missing');
        return null;
      }
      name = v.name;
    }
    if (name === undefined) return null;
    const id = await pacticipantId(db, name);
    if (id === undefined) add(`${field}.name`, `No pacticipant with name '${name}' found`);
    return id ?? null;
  };
  const consumerId = await party('consumer');
  const providerId = await party('provider');

  let events: string[] = ['contract_content_changed'];
  if (body.events !== undefined) {
    if (!Array.isArray(body.events) || body.events.length === 0) add('events', 'must be a non-empty array');
    else {
      events = [];
      body.events.forEach((e, i) => {
        const name = e && typeof e === 'object' ? (e as Record<string, unknown>).name : undefined;
        if (typeof name !== 'string' || !(EVENT_NAMES as readonly string[]).includes(name))
          add(`events[${i}].name`, `must be one of ${EVENT_NAMES.join(', ')}`);
        else if (!events.includes(name)) events.push(name);
      });
    }
  }

  const request: WebhookRequest = { method: 'POST', url: '' };
  const r = body.request;
  if (r === undefined || r === null || typeof r !== 'object' || Array.isArray(r))
    add('request', 'is missing');
  else {
    const req = r as Record<string, unknown>;
    if (typeof req.method !== 'string' || req.method === '') add('request.method', 'is missing');
    else request.method = req.method.toUpperCase();
    if (typeof req.url !== 'string' || req.url === '') add('request.url', 'is missing');
    else request.url = req.url;
    if (typeof req.method === 'string' && typeof req.url === 'string' && req.url !== '') {
      const problem = checkTarget(policy, req.method, req.url);
      if (problem) add(problem.startsWith('method') ? 'request.method' : 'request.url', problem);
    }
    if (req.headers !== undefined && req.headers !== null) {
      if (typeof req.headers !== 'object' || Array.isArray(req.headers))
        add('request.headers', 'must be an object');
      else {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (typeof v !== 'string' && typeof v !== 'number') add(`request.headers.${k}`, 'must be a string');
          else headers[k] = String(v);
        }
        request.headers = headers;
      }
    }
    if (req.body !== undefined) request.body = req.body;
    for (const f of ['username', 'password'] as const) {
      if (req[f] === undefined || req[f] === null) continue;
      if (typeof req[f] !== 'string') add(`request.${f}`, 'must be a string');
      else request[f] = req[f] as string;
    }
  }
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string')
    add('description', 'must be a string');
  if (body.enabled !== undefined && typeof body.enabled !== 'boolean')
    add('enabled', 'must be one of: true, false');
  if (Object.keys(errors).length) throw BrokerError.validation(errors);
  return {
    description: (body.description as string | undefined) ?? null,
    consumerId,
    providerId,
    consumerLabel: labels.consumer,
    providerLabel: labels.provider,
    events,
    request,
    enabled: (body.enabled as boolean | undefined) ?? true,
  };
}

/** Template values for a test run: the latest pact (and its latest verification) the webhook would fire for. */
async function testContext(
  db: Db,
  baseUrl: string,
  w: Pick<WebhookRow, 'consumer_id' | 'provider_id' | 'events'>,
): Promise<TemplateContext> {
  const { rows } = await db.query<{
    consumer: string;
    provider: string;
    number: string;
    sha: string;
    pact_version_id: number;
    build_url: string | null;
  }>(
    `SELECT c.name AS consumer, p.name AS provider, v.number, pv.sha, pp.pact_version_id, v.build_url
       FROM pact_publications pp
       JOIN pacticipants c ON c.id = pp.consumer_id JOIN pacticipants p ON p.id = pp.provider_id
       JOIN versions v ON v.id = pp.consumer_version_id JOIN pact_versions pv ON pv.id = pp.pact_version_id
      WHERE ($1::int IS NULL OR pp.consumer_id = $1) AND ($2::int IS NULL OR pp.provider_id = $2)
      ORDER BY pp.id DESC LIMIT 1`,
    [w.consumer_id, w.provider_id],
  );
  const pact = rows[0];
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
  const verification = (
    await db.query<{ number: number; success: boolean; provider_version: string }>(
      `SELECT x.number, x.success, v.number AS provider_version FROM verifications x JOIN versions v ON v.id = x.provider_version_id
        WHERE x.pact_version_id = $1 ORDER BY x.id DESC LIMIT 1`,
      [pact.pact_version_id],
    )
  ).rows[0];
  const url = pactVersionUrl(baseUrl, pact.provider, pact.consumer, pact.sha);
  return {
    eventName,
    consumerName: pact.consumer,
    providerName: pact.provider,
    consumerVersionNumber: pact.number,
    pactUrl: pactVersionUrl(baseUrl, pact.provider, pact.consumer, pact.sha, pact.number),
    providerVersionNumber: verification?.provider_version ?? '',
    verificationResultUrl: verification ? `${url}/verification-results/${verification.number}` : '',
    githubVerificationStatus: verification ? (verification.success ? 'success' : 'failure') : 'pending',
    buildUrl: pact.build_url ?? '',
  };
}

/** One relay per broker instance (several brokers may run in one process, e.g. in tests). */
const relays = new WeakMap<object, Relay>();

export function webhooksModule(): BrokerModule {
  return {
    name: 'webhooks',
    setup(deps) {
      const { config } = deps;
      const policy: TargetPolicy = {
        schemes: config.webhooks.schemes,
        methods: config.webhooks.methods,
        hosts: config.webhookHostWhitelist,
      };
      const r = new Relay(deps.db, config.webhooks, policy, deps.log);
      relays.set(deps, r);
      deps.events = webhookEvents({
        config: config.webhooks,
        // Deliveries run outside any request, so links come from the configured base URL or the bound address.
        baseUrl: () =>
          config.baseUrl ??
          deps.listenUrl ??
          `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`,
        // The row commits with the caller's transaction; poll again shortly after it.
        queued: () => setTimeout(() => r.kick(), 25).unref(),
      });
      if (config.webhooks.relay) r.start();
    },
    async close(deps) {
      await relays.get(deps)?.close();
    },
    register(router, deps) {
      const { db, config } = deps;
      const policy: TargetPolicy = {
        schemes: config.webhooks.schemes,
        methods: config.webhooks.methods,
        hosts: config.webhookHostWhitelist,
      };

      const list = async (ctx: RequestContext, filter: { consumer?: string; provider?: string }) => {
        const consumerId =
          filter.consumer === undefined ? undefined : await pacticipantId(db, filter.consumer);
        const providerId =
          filter.provider === undefined ? undefined : await pacticipantId(db, filter.provider);
        if (
          (filter.consumer !== undefined && consumerId === undefined) ||
          (filter.provider !== undefined && providerId === undefined)
        )
          throw BrokerError.notFound('No such pacticipant');
        const rows = await listWebhooks(db, { consumerId, providerId });
        return halResponse({
          _embedded: { webhooks: rows.map((w) => decorateWebhook(ctx.links, w)) },
          _links: {
            self: ctx.links.link(ctx.path, { title: 'Webhooks' }),
            'pb:create': ctx.links.link(ctx.path, { title: 'POST to create a webhook' }),
            'pb:webhooks': rows.map((w) =>
              ctx.links.link(webhookPath(w.uuid), {
                title: w.description ?? 'Webhook',
                name: w.description ?? w.uuid,
              }),
            ),
          },
        });
      };
      const create = async (ctx: RequestContext, scope: { consumer?: string; provider?: string }) => {
        const body = ctx.jsonObject();
        for (const [k, name] of Object.entries(scope)) {
          if (name !== undefined && (await pacticipantId(db, name)) === undefined)
            throw BrokerError.notFound(`No ${k} with name '${name}' found`);
        }
        const uuid = randomUUID();
        const w = await db.transaction(async (tx) => {
          await insertWebhook(tx, uuid, await readWebhook(tx, policy, body, scope));
          return (await findWebhook(tx, uuid))!;
        });
        const res = decorateWebhook(ctx.links, w);
        return halResponse(res, 201, { Location: res._links.self.href });
      };

      router.get('/webhooks', (ctx) => list(ctx, {}));
      router.post('/webhooks', (ctx) => create(ctx, {}));
      router.get('/webhooks/provider/:provider/consumer/:consumer', (ctx) =>
        list(ctx, { provider: ctx.param('provider'), consumer: ctx.param('consumer') }),
      );
      router.post('/webhooks/provider/:provider/consumer/:consumer', (ctx) =>
        create(ctx, { provider: ctx.param('provider'), consumer: ctx.param('consumer') }),
      );
      router.get('/webhooks/provider/:provider', (ctx) => list(ctx, { provider: ctx.param('provider') }));
      router.post('/webhooks/provider/:provider', (ctx) => create(ctx, { provider: ctx.param('provider') }));
      router.get('/webhooks/consumer/:consumer', (ctx) => list(ctx, { consumer: ctx.param('consumer') }));
      router.post('/webhooks/consumer/:consumer', (ctx) => create(ctx, { consumer: ctx.param('consumer') }));

      const requireWebhook = async (uuid: string) => {
        const w = await findWebhook(db, uuid);
        if (!w) throw BrokerError.notFound(`No webhook with uuid ${uuid} found`);
        return w;
      };
      router.get('/webhooks/:uuid', async (ctx) =>
        halResponse(decorateWebhook(ctx.links, await requireWebhook(ctx.param('uuid')))),
      );
      router.put('/webhooks/:uuid', async (ctx) => {
        const uuid = ctx.param('uuid');
        if (!UUID_RE.test(uuid))
          throw BrokerError.validation({ uuid: ['must contain at least 16 letters, digits, - or _'] });
        const body = ctx.jsonObject();
        const { w, created } = await db.transaction(async (tx) => {
          const fields = await readWebhook(tx, policy, body, {});
          const existing = await findWebhook(tx, uuid);
          if (existing) await updateWebhook(tx, existing.id, fields);
          else await insertWebhook(tx, uuid, fields);
          return { w: (await findWebhook(tx, uuid))!, created: !existing };
        });
        const res = decorateWebhook(ctx.links, w);
        return halResponse(res, created ? 201 : 200, created ? { Location: res._links.self.href } : {});
      });
      router.delete('/webhooks/:uuid', async (ctx) => {
        await deleteWebhook(db, (await requireWebhook(ctx.param('uuid'))).id);
        return noContent();
      });

      const execute = async (
        ctx: RequestContext,
        w: Pick<WebhookRow, 'consumer_id' | 'provider_id' | 'events' | 'request'>,
      ) => {
        const context = await testContext(db, config.baseUrl ?? ctx.baseUrl, w);
        const rendered = renderRequest(w.request, context);
        const result = await executeRequest(policy, rendered, config.webhooks.timeoutMs);
        return halResponse(
          {
            success: result.success,
            request: {
              method: rendered.method,
              url: rendered.url,
              headers: redactHeaders(rendered.headers),
              body: rendered.body,
            },
            response:
              result.status === null
                ? null
                : { status: result.status, headers: result.responseHeaders, body: result.responseBody },
            ...(result.error ? { error: { message: result.error } } : {}),
            logs: result.logs,
            _links: {},
          },
          result.success ? 200 : 500,
        );
      };
      router.post('/webhooks/:uuid/execute', async (ctx) =>
        execute(ctx, await requireWebhook(ctx.param('uuid'))),
      );
      router.post('/webhooks/execute', async (ctx) => {
        const fields = await readWebhook(db, policy, ctx.jsonObject(), {});
        return execute(ctx, {
          consumer_id: fields.consumerId,
          provider_id: fields.providerId,
          events: fields.events,
          request: fields.request,
        });
      });

      const limitOf = (ctx: RequestContext) =>
        Math.min(Math.max(Number(ctx.query.get('limit') ?? 100) || 100, 1), 1000);
      router.get('/webhooks/:uuid/triggered-webhooks', async (ctx) => {
        const w = await requireWebhook(ctx.param('uuid'));
        const rows = await listDeliveries(db, {
          webhookUuid: w.uuid,
          status: ctx.query.get('status') ?? undefined,
          limit: limitOf(ctx),
        });
        return halResponse({
          _embedded: { triggeredWebhooks: rows.map((d) => decorateDelivery(ctx.links, d)) },
          _links: { self: ctx.links.link(ctx.path, { title: 'Deliveries' }) },
        });
      });
      router.get('/triggered-webhooks', async (ctx) => {
        const rows = await listDeliveries(db, {
          status: ctx.query.get('status') ?? undefined,
          limit: limitOf(ctx),
        });
        return halResponse({
          _embedded: { triggeredWebhooks: rows.map((d) => decorateDelivery(ctx.links, d)) },
          _links: { self: ctx.links.link(ctx.path, { title: 'Deliveries' }) },
        });
      });
      const triggered = (ctx: RequestContext, rows: DeliveryRow[]) =>
        halResponse({
          _embedded: { triggeredWebhooks: rows.map((d) => decorateDelivery(ctx.links, d)) },
          _links: { self: ctx.links.link(ctx.path, { title: 'Webhooks triggered by this publication' }) },
        });
      router.get(
        '/pacts/provider/:provider/consumer/:consumer/version/:version/triggered-webhooks',
        async (ctx) =>
          triggered(
            ctx,
            await deliveriesForSource(db, {
              kind: 'pact',
              provider: ctx.param('provider'),
              consumer: ctx.param('consumer'),
              version: ctx.param('version'),
            }),
          ),
      );
      router.get(
        '/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results/:number/triggered-webhooks',
        async (ctx) => {
          const n = Number(ctx.param('number'));
          if (!Number.isInteger(n)) throw BrokerError.notFound();
          return triggered(
            ctx,
            await deliveriesForSource(db, {
              kind: 'verification',
              provider: ctx.param('provider'),
              consumer: ctx.param('consumer'),
              sha: ctx.param('sha'),
              number: n,
            }),
          );
        },
      );
      const requireDelivery = async (uuid: string) => {
        const d = await findDelivery(db, uuid);
        if (!d) throw BrokerError.notFound(`No triggered webhook with uuid ${uuid} found`);
        return d;
      };
      router.get('/triggered-webhooks/:uuid', async (ctx) => {
        const d = await requireDelivery(ctx.param('uuid'));
        const executions = await executionsOf(db, d.id);
        return halResponse({
          ...decorateDelivery(ctx.links, d),
          executions: executions.map((e) => ({
            attempt: e.attempt,
            success: e.success,
            status: e.response_status,
            error: e.error,
            durationMs: e.duration_ms,
            createdAt: e.created_at.toISOString(),
            logs: e.logs,
          })),
        });
      });
      router.get('/triggered-webhooks/:uuid/logs', async (ctx) => {
        const d = await requireDelivery(ctx.param('uuid'));
        const executions = await executionsOf(db, d.id);
        const text = executions
          .map((e) => `--- try ${e.attempt} (${e.success ? 'success' : 'failure'})\n${e.logs}`)
          .join('\n');
        return {
          status: 200,
          body: text || '(not run yet)\n',
          headers: { 'Content-Type': 'text/plain;charset=utf-8' },
        };
      });
      router.post('/triggered-webhooks/:uuid/retry', async (ctx) => {
        const d = await requireDelivery(ctx.param('uuid'));
        if (d.status !== 'dead') throw new BrokerError('conflict', 'Only a dead delivery can be retried');
        await requeueDelivery(db, d.id, config.webhooks.maxAttempts);
        relays.get(deps)?.kick();
        return halResponse(decorateDelivery(ctx.links, (await findDelivery(db, d.uuid))!));
      });
    },
  };
}
