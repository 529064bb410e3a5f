// The pacticipant page (versions, where they run, integrations, webhooks, can-i-deploy badges) and the version page
// (its pacts, its verifications, where it is deployed, can-i-deploy to each environment).

import { badgeSvg } from '../badges/decorate.js';
import { path } from '../http/hal.js';
import type { MatrixResult } from '../matrix/service.js';
import type { WebhookRow } from '../webhooks/queries.js';
import { verdict } from './deploy.js';
import { badge, html, page, Raw, ver, when } from './html.js';
import { uiCanIDeploy, uiMatrix, uiPact, uiPacticipant, uiVerification, uiVersion } from './links.js';
import { verificationState } from './overview.js';
import type {
  IntegrationRow,
  PacticipantSummaryRow,
  PlacementRow,
  PublishedPactRow,
  RunVerificationRow,
  VersionListRow,
} from './queries.js';

function placementList(rows: PlacementRow[]): Raw {
  return html`${rows.map(
    (r) =>
      html`<div>${r.kind === 'deployed' ? 'deployed to' : 'released to'} <strong>${r.environment}</strong>${
        r.application_instance ? ` (${r.application_instance})` : ''
      }</div>`,
  )}`;
}

function integrationList(id: string, rows: IntegrationRow[], role: 'consumer' | 'provider', now: Date): Raw {
  if (rows.length === 0) return html`<p id="${id}">None.</p>`;
  return html`<div class="scroll" tabindex="0"><table id="${id}"><thead><tr><th scope="col">${role === 'consumer' ? 'Provider' : 'Consumer'}</th>
    <th scope="col">Kind</th><th scope="col">Latest pact</th><th scope="col">Latest verification</th></tr></thead><tbody>${rows.map(
      (r) => {
        const other = role === 'consumer' ? r.provider : r.consumer;
        return html`<tr><td><a href="${uiPacticipant(other)}">${other}</a></td><td>${r.messages_only ? 'message' : 'HTTP'}</td>
        <td><a href="${uiPact(r.provider, r.consumer)}">${ver(r.consumer_version)}</a></td>
        <td>${badge(verificationState(r))} ${r.verification_date ? when(r.verification_date, now) : ''}
          · <a href="${uiMatrix({ pacticipant: r.consumer, pacticipant2: r.provider })}">matrix</a></td></tr>`;
      },
    )}</tbody></table></div>`;
}

function webhookList(rows: WebhookRow[]): Raw {
  if (rows.length === 0) return html`<p>No webhooks.</p>`;
  return html`<ul class="webhooks">${rows.map(
    (w) => html`<li><a href="${`/ui/webhooks#${w.uuid}`}">${w.description || w.uuid}</a>
      <span class="muted">${w.events.join(', ')} → ${w.request.method ?? ''} ${w.request.url ?? ''}${w.enabled ? '' : ' (disabled)'}</span></li>`,
  )}</ul>`;
}

export interface PacticipantData {
  pacticipant: PacticipantSummaryRow;
  versions: VersionListRow[];
  placements: PlacementRow[];
  asConsumer: IntegrationRow[];
  asProvider: IntegrationRow[];
  webhooks: WebhookRow[];
  /** The verdict for the head of the main (else latest) branch per environment, as the badge route computes it. */
  badges: Array<{ environment: string; deployable: boolean | null }>;
  baseUrl: string;
}

export function pacticipantPage(d: PacticipantData, now = new Date()): string {
  const p = d.pacticipant;
  const branch = p.main_branch ?? p.latest_branch;
  const badges = d.badges.map(({ environment: env, deployable }) => {
    const src = path`/pacticipants/${p.name}/branches/${branch ?? ''}/latest-version/can-i-deploy/to-environment/${env}/badge`;
    const details = uiCanIDeploy({ pacticipant: p.name, branch, environment: env });
    const svg = badgeSvg({
      left: 'can-i-deploy',
      right: `${branch} to ${env}`,
      colour: deployable === true ? 'brightgreen' : 'red',
    });
    const markdown = `[![can-i-deploy ${p.name} ${branch} to ${env}](${d.baseUrl}${src})](${d.baseUrl}${details})`;
    return html`<li data-environment="${env}"><a href="${details}" class="badge">${new Raw(svg)}</a>
      <pre class="markdown" aria-label="Markdown for the ${env} badge">${markdown}</pre></li>`;
  });
  return page(
    p.name,
    html`<h1>${p.name}</h1>
    <p class="muted">${p.display_name ? `${p.display_name} · ` : ''}main branch ${p.main_branch ?? 'not set'}${
      p.labels.length ? ` · labels ${p.labels.join(', ')}` : ''
    }${p.repository_url ? html` · <a href="${p.repository_url}">repository</a>` : ''} · <a href="${path`/pacticipants/${p.name}`}">JSON</a></p>
    <h2>Where it runs</h2>
    ${
      d.placements.length === 0
        ? html`<p id="placements">Not recorded in any environment.</p>`
        : html`<ul id="placements">${d.placements.map(
            (r) =>
              html`<li>${r.environment}: <a href="${uiVersion(p.name, r.version)}">${ver(r.version)}</a> ${r.kind}${
                r.application_instance ? ` (${r.application_instance})` : ''
              } ${when(r.at, now)}</li>`,
          )}</ul>`
    }
    <h2>Can I deploy the head of ${branch ?? 'its branch'}?</h2>
    ${
      badges.length
        ? html`<ul class="plain badges">${badges}</ul>`
        : html`<p>No branch recorded, so no badge (badges follow a branch's latest version).</p>`
    }
    <h2>Versions</h2>
    ${
      d.versions.length === 0
        ? html`<p>No versions.</p>`
        : html`<div class="scroll" tabindex="0"><table id="versions"><thead><tr><th scope="col">Version</th><th scope="col">Branches</th><th scope="col">Tags</th>
      <th scope="col">Deployed / released</th><th scope="col">Created</th></tr></thead><tbody>${d.versions.map(
        (
          v,
        ) => html`<tr><td><a href="${uiVersion(p.name, v.number)}">${ver(v.number)}</a></td><td>${v.branches.join(', ')}</td>
          <td>${v.tags.join(', ')}</td><td>${placementList(d.placements.filter((x) => x.version === v.number))}</td>
          <td>${when(v.created_at, now)}</td></tr>`,
      )}</tbody></table></div>`
    }
    <h2>As a consumer</h2>${integrationList('as-consumer', d.asConsumer, 'consumer', now)}
    <h2>As a provider</h2>${integrationList('as-provider', d.asProvider, 'provider', now)}
    <h2>Webhooks</h2>${webhookList(d.webhooks)}`,
  );
}

export interface VersionData {
  pacticipant: string;
  version: { number: string; created_at: Date; build_url: string | null };
  branches: string[];
  tags: string[];
  pacts: PublishedPactRow[];
  verifications: RunVerificationRow[];
  placements: PlacementRow[];
  deploy: Array<{ environment: string; result: MatrixResult }>;
}

export function versionPage(d: VersionData, now = new Date()): string {
  const name = d.pacticipant;
  const n = d.version.number;
  return page(
    `${name} ${n}`,
    html`<h1><a href="${uiPacticipant(name)}">${name}</a> version <span class="version">${n}</span></h1>
    <p class="muted">Created ${when(d.version.created_at, now)}${d.branches.length ? ` · branches ${d.branches.join(', ')}` : ''}${
      d.tags.length ? ` · tags ${d.tags.join(', ')}` : ''
    }${d.version.build_url ? html` · <a href="${d.version.build_url}">build</a>` : ''}</p>
    <h2>Where it is deployed</h2>
    ${
      d.placements.length === 0
        ? html`<p id="placements">Not deployed or released anywhere.</p>`
        : html`<ul id="placements">${d.placements.map(
            (r) => html`<li>${r.kind} to ${r.environment} ${when(r.at, now)}</li>`,
          )}</ul>`
    }
    <h2>Pacts it published</h2>
    ${
      d.pacts.length === 0
        ? html`<p id="pacts">None.</p>`
        : html`<ul id="pacts">${d.pacts.map(
            (p) =>
              html`<li><a href="${uiPact(p.provider, name, n)}">pact with ${p.provider}</a> ${when(p.created_at, now)}</li>`,
          )}</ul>`
    }
    <h2>Verifications it ran</h2>
    ${
      d.verifications.length === 0
        ? html`<p id="verifications-run">None.</p>`
        : html`<ul id="verifications-run">${d.verifications.map(
            (
              v,
            ) => html`<li><a href="${uiVerification(name, v.consumer, v.sha, v.number)}">pact of ${v.consumer}</a>
              ${badge(v.success ? 'passed' : 'failed')} ${when(v.execution_date, now)}</li>`,
          )}</ul>`
    }
    <h2>Can it be deployed?</h2>
    ${d.deploy.map(
      ({ environment, result }) => html`<section class="card deploy" data-environment="${environment}">
        <h3>To ${environment}</h3>${verdict(result, 4)}
        <p><a href="${uiCanIDeploy({ pacticipant: name, version: n, environment })}">rows and details</a></p></section>`,
    )}`,
  );
}
