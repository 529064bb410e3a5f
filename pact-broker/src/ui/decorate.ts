// The HTML pages, rendered from rows the handlers load: the integrations index, a readable pact, the
// verification history and the matrix of one integration. Every value is escaped; no JavaScript.

import { path } from '../http/hal.js';
import type { MatrixResult } from '../matrix/service.js';
import { isCrossContract } from '../provider-contracts/compare.js';
import { uiPairPath } from '../provider-contracts/urls.js';
import { ago, html, page } from './html.js';
import { renderPact } from './pact.js';
import type { IntegrationRow, PactRow, VerificationHistoryRow } from './queries.js';

const uiPact = (p: string, c: string, v?: string) =>
  v === undefined
    ? path`/ui/pacts/provider/${p}/consumer/${c}/latest`
    : path`/ui/pacts/provider/${p}/consumer/${c}/version/${v}`;
const uiVerifications = (p: string, c: string) => path`/ui/verifications/provider/${p}/consumer/${c}`;
const uiMatrix = (p: string, c: string) =>
  `/ui/matrix?consumer=${encodeURIComponent(c)}&provider=${encodeURIComponent(p)}`;

function status(success: boolean | null) {
  if (success === null) return html`<span class="none">not verified</span>`;
  return success ? html`<span class="ok">passed</span>` : html`<span class="fail">failed</span>`;
}

export function integrationsPage(
  rows: IntegrationRow[],
  now = new Date(),
  providersWithContracts: ReadonlySet<string> = new Set(),
): string {
  return page(
    'Pact Broker',
    html`<h1>Integrations</h1>
    ${
      rows.length === 0
        ? html`<p>No pacts have been published yet.</p>`
        : html`<table id="integrations">
      <thead><tr><th>Consumer</th><th>Provider</th><th>Latest pact</th><th>Latest verification</th><th></th></tr></thead>
      <tbody>${rows.map(
        (r) => html`<tr data-consumer="${r.consumer}" data-provider="${r.provider}">
          <td>${r.consumer}</td><td>${r.provider}</td>
          <td><a class="pact" href="${uiPact(r.provider, r.consumer)}">version ${r.consumer_version}</a>
            <div class="muted" title="${r.pact_created_at.toISOString()}">published ${ago(r.pact_created_at, now)}</div></td>
          <td class="verification">${status(r.verification_success)}
            ${
              r.verification_date
                ? html`<div class="muted" title="${r.verification_date.toISOString()}">by ${r.provider_version ?? ''} ${ago(r.verification_date, now)}</div>`
                : ''
            }</td>
          <td><nav><a class="history" href="${uiVerifications(r.provider, r.consumer)}">verification history</a>
            <a class="matrix" href="${uiMatrix(r.provider, r.consumer)}">matrix</a>${
              providersWithContracts.has(r.provider)
                ? html`<a class="provider-contracts" href="${path`/ui/provider-contracts/provider/${r.provider}`}">provider contracts</a>`
                : ''
            }</nav></td>
        </tr>`,
      )}</tbody></table>`
    }
    <p class="muted">API: <a href="/?format=json">HAL index</a> (send Accept: application/hal+json)</p>`,
  );
}

export function pactPage(p: string, c: string, pact: PactRow, doc: Record<string, unknown>): string {
  return page(
    `Pact between ${c} and ${p}`,
    html`<h1>Pact between ${c} (${pact.consumer_version}) and ${p}</h1>
    <p class="muted">Published ${pact.created_at.toISOString()} · content ${pact.sha.slice(0, 12)} ·
      <a href="${path`/pacts/provider/${p}/consumer/${c}/version/${pact.consumer_version}`}">JSON</a> ·
      <a href="${uiVerifications(p, c)}">verification history</a> · <a href="${uiMatrix(p, c)}">matrix</a></p>
    ${renderPact(doc)}`,
  );
}

export function verificationsPage(p: string, c: string, rows: VerificationHistoryRow[]): string {
  return page(
    `Verifications of ${c} by ${p}`,
    html`<h1>Verifications of the pact between ${c} and ${p}</h1>
      <p><a href="${uiPact(p, c)}">latest pact</a> · <a href="${uiMatrix(p, c)}">matrix</a></p>
      ${
        rows.length === 0
          ? html`<p>No verification results have been published.</p>`
          : html`<table id="verifications"><thead><tr><th>#</th><th>Provider version</th><th>Branch</th><th>Result</th>
            <th>When</th><th>Pact content</th><th>Consumer versions</th></tr></thead><tbody>
            ${rows.map(
              (
                r,
              ) => html`<tr><td><a href="${path`/pacts/provider/${p}/consumer/${c}/pact-version/${r.sha}/verification-results/${r.number}`}">${r.number}</a></td>
                <td>${r.provider_version}</td><td>${r.branch ?? ''}</td><td>${status(r.success)}</td>
                <td title="${r.execution_date.toISOString()}">${ago(r.execution_date)}</td><td>${r.sha.slice(0, 12)}</td>
                <td>${r.consumer_versions.join(', ')}</td></tr>`,
            )}</tbody></table>`
      }`,
  );
}

export function matrixPage(c: string, p: string, result: MatrixResult): string {
  return page(
    `Matrix ${c} / ${p}`,
    html`<h1>Matrix: ${c} and ${p}</h1>
      <p><a href="${uiPact(p, c)}">latest pact</a> · <a href="${uiVerifications(p, c)}">verification history</a> ·
        <a href="${`/matrix?q[][pacticipant]=${encodeURIComponent(c)}&q[][pacticipant]=${encodeURIComponent(p)}`}">JSON</a></p>
      <table id="matrix"><thead><tr><th>${c} version</th><th>Pact published</th><th>${p} version</th><th>Result</th><th>Verified</th></tr></thead>
      <tbody>${result.rows.map(
        (
          r,
        ) => html`<tr><td><a href="${uiPact(p, c, r.publication.consumer_version_number)}">${r.publication.consumer_version_number}</a></td>
          <td>${ago(r.publication.created_at)}</td><td>${r.providerVersion?.number ?? ''}</td>
          <td>${status(r.verification ? r.verification.success : null)}${
            isCrossContract(r.verification) && r.providerVersion
              ? html` <a class="cross-contract" href="${uiPairPath(p, r.providerVersion.number, c, r.publication.consumer_version_number)}">(provider contract)</a>`
              : ''
          }</td>
          <td>${r.verification ? ago(r.verification.execution_date) : ''}</td></tr>`,
      )}</tbody></table>`,
  );
}
