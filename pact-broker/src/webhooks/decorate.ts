// JSON shapes of webhooks, their deliveries, executions and test runs (secrets redacted).

import { type Links, path } from '../http/hal.js';
import type { ExecutionResult } from './deliver.js';
import type { DeliveryRow, ExecutionRow, WebhookRow } from './queries.js';
import { type RenderedRequest, redactHeaders } from './template.js';

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

export function decorateDelivery(l: Links, d: DeliveryRow) {
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

export function webhooksResource(l: Links, selfPath: string, rows: WebhookRow[]) {
  return {
    _embedded: { webhooks: rows.map((w) => decorateWebhook(l, w)) },
    _links: {
      self: l.link(selfPath, { title: 'Webhooks' }),
      'pb:create': l.link(selfPath, { title: 'POST to create a webhook' }),
      'pb:webhooks': rows.map((w) =>
        l.link(webhookPath(w.uuid), { title: w.description ?? 'Webhook', name: w.description ?? w.uuid }),
      ),
    },
  };
}

export function deliveriesResource(l: Links, selfPath: string, title: string, rows: DeliveryRow[]) {
  return {
    _embedded: { triggeredWebhooks: rows.map((d) => decorateDelivery(l, d)) },
    _links: { self: l.link(selfPath, { title }) },
  };
}

/** One delivery with every try. */
export function deliveryWithExecutions(l: Links, d: DeliveryRow, executions: ExecutionRow[]) {
  return {
    ...decorateDelivery(l, d),
    executions: executions.map((e) => ({
      attempt: e.attempt,
      success: e.success,
      status: e.response_status,
      error: e.error,
      durationMs: e.duration_ms,
      createdAt: e.created_at.toISOString(),
      logs: e.logs,
    })),
  };
}

/** The text/plain log of every try of a delivery. */
export function deliveryLogsText(executions: ExecutionRow[]): string {
  const text = executions
    .map((e) => `--- try ${e.attempt} (${e.success ? 'success' : 'failure'})\n${e.logs}`)
    .join('\n');
  return text || '(not run yet)\n';
}

/** A test run: what was sent (secrets redacted), what came back, the log. */
export function executionResource(rendered: RenderedRequest, result: ExecutionResult) {
  return {
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
  };
}
