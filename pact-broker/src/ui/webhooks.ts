// The webhooks page: every webhook, the recent deliveries, the dead ones with their last error and, for writers
// only, a retry form (a plain POST, so it works without JavaScript).

import { path } from '../http/hal.js';
import type { DeliveryRow, WebhookRow } from '../webhooks/queries.js';
import { badge, html, page, type Raw, type State, when } from './html.js';
import { uiPacticipant } from './links.js';

const DELIVERY_STATE: Record<DeliveryRow['status'], State> = {
  success: 'passed',
  dead: 'failed',
  pending: 'pending',
  retrying: 'pending',
};

function scope(w: WebhookRow): Raw {
  const side = (name: string | null, label: string | null, role: string) =>
    name
      ? html`${role} <a href="${uiPacticipant(name)}">${name}</a>`
      : label
        ? html`${role}s labelled ${label}`
        : html`any ${role}`;
  return html`${side(w.consumer_name, w.consumer_label, 'consumer')}, ${side(w.provider_name, w.provider_label, 'provider')}`;
}

function pair(d: DeliveryRow): Raw {
  return d.consumer_name && d.provider_name
    ? html`<a href="${uiPacticipant(d.consumer_name)}">${d.consumer_name}</a> → <a href="${uiPacticipant(d.provider_name)}">${d.provider_name}</a>`
    : html``;
}

export interface WebhooksData {
  webhooks: WebhookRow[];
  recent: DeliveryRow[];
  dead: DeliveryRow[];
  writer: boolean;
  retried: string | null;
}

export function webhooksPage(d: WebhooksData, now = new Date()): string {
  return page(
    'Webhooks',
    html`<h1>Webhooks</h1>
    ${d.retried ? html`<p class="card" role="status" id="retried">Delivery ${d.retried} was queued again.</p>` : ''}
    ${
      d.webhooks.length === 0
        ? html`<p>No webhooks.</p>`
        : html`<div class="scroll" tabindex="0"><table id="webhooks"><thead><tr><th scope="col">Webhook</th><th scope="col">Events</th>
          <th scope="col">Scope</th><th scope="col">Request</th></tr></thead><tbody>${d.webhooks.map(
            (
              w,
            ) => html`<tr id="${w.uuid}"><td><a href="${path`/webhooks/${w.uuid}`}">${w.description || w.uuid}</a>${
              w.enabled ? '' : html` <span class="muted">(disabled)</span>`
            }</td><td>${w.events.join(', ')}</td><td>${scope(w)}</td>
            <td><code>${w.request.method ?? ''} ${w.request.url ?? ''}</code></td></tr>`,
          )}</tbody></table></div>`
    }
    <h2>Dead deliveries</h2>
    ${
      d.dead.length === 0
        ? html`<p id="dead">None: every delivery succeeded or is still being tried.</p>`
        : html`<div class="scroll" tabindex="0"><table id="dead"><thead><tr><th scope="col">Delivery</th><th scope="col">Event</th>
          <th scope="col">Integration</th><th scope="col">Tries</th><th scope="col">Last error</th><th scope="col">Retry</th></tr></thead>
          <tbody>${d.dead.map(
            (
              x,
            ) => html`<tr data-delivery="${x.uuid}"><td><a href="${path`/triggered-webhooks/${x.uuid}`}">${x.uuid.slice(0, 8)}</a>
              <div class="muted">${when(x.updated_at, now)}</div></td><td>${x.event_name}</td><td>${pair(x)}</td>
              <td>${x.attempts} of ${x.max_attempts}</td><td class="last-error">${x.last_error ?? ''}</td>
              <td>${
                d.writer
                  ? html`<form method="post" action="${path`/ui/triggered-webhooks/${x.uuid}/retry`}">
                      <button type="submit" aria-label="Retry delivery ${x.uuid}">Retry</button></form>`
                  : html`<span class="muted">needs write access</span>`
              }</td></tr>`,
          )}</tbody></table></div>`
    }
    <h2>Recent deliveries</h2>
    ${
      d.recent.length === 0
        ? html`<p>No deliveries yet.</p>`
        : html`<div class="scroll" tabindex="0"><table id="deliveries"><thead><tr><th scope="col">Delivery</th><th scope="col">Event</th>
          <th scope="col">Integration</th><th scope="col">Status</th><th scope="col">Tries</th><th scope="col">When</th></tr></thead>
          <tbody>${d.recent.map(
            (
              x,
            ) => html`<tr data-delivery="${x.uuid}"><td><a href="${path`/triggered-webhooks/${x.uuid}/logs`}">${x.uuid.slice(0, 8)}</a></td>
              <td>${x.event_name}</td><td>${pair(x)}</td><td>${badge(DELIVERY_STATE[x.status], x.status)}</td>
              <td>${x.attempts} of ${x.max_attempts}</td><td>${when(x.created_at, now)}</td></tr>`,
          )}</tbody></table></div>`
    }`,
    { current: '/ui/webhooks' },
  );
}
