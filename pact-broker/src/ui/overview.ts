// The overview (what runs where, who talks to whom, what is broken) and the network diagram, both over the same
// rows and the same name/label/team filter.

import { path } from '../http/hal.js';
import { badge, html, page, type Raw, type State, ver, when } from './html.js';
import { layeredLayout } from './layout.js';
import { uiMatrix, uiPact, uiPacticipant, uiVerifications } from './links.js';
import type { IntegrationRow, PacticipantSummaryRow, PlacementRow } from './queries.js';

/** Teams are labels named `team:<name>` (the broker has labels, not teams). */
const TEAM_PREFIX = 'team:';

export interface OverviewFilter {
  name?: string | undefined;
  label?: string | undefined;
  team?: string | undefined;
}

export function readFilter(query: URLSearchParams): OverviewFilter {
  const get = (k: string) => query.get(k)?.trim() || undefined;
  return { name: get('name'), label: get('label'), team: get('team') };
}

function matchesFilter(p: PacticipantSummaryRow, f: OverviewFilter): boolean {
  if (f.name && !p.name.toLowerCase().includes(f.name.toLowerCase())) return false;
  if (f.label && !p.labels.includes(f.label)) return false;
  if (f.team && !p.labels.includes(TEAM_PREFIX + f.team)) return false;
  return true;
}

/** passed/failed: the latest pact content's latest verification; pending: only older content was verified. */
export function verificationState(r: IntegrationRow): State {
  if (r.verification_success === null) return r.ever_verified ? 'pending' : 'unverified';
  return r.verification_success ? 'passed' : 'failed';
}

export interface OverviewData {
  pacticipants: PacticipantSummaryRow[];
  environments: string[];
  placements: PlacementRow[];
  integrations: IntegrationRow[];
  filter: OverviewFilter;
  /** Providers that published provider contracts: their integrations link the contracts page. */
  providersWithContracts: ReadonlySet<string>;
}

/** The pacticipants the filter keeps, and the integrations with a kept pacticipant on either side. */
export function filtered(d: OverviewData) {
  const kept = d.pacticipants.filter((p) => matchesFilter(p, d.filter));
  const names = new Set(kept.map((p) => p.name));
  return {
    pacticipants: kept,
    integrations: d.integrations.filter((i) => names.has(i.consumer) || names.has(i.provider)),
  };
}

function filterForm(action: string, d: OverviewData): Raw {
  const all = [...new Set(d.pacticipants.flatMap((p) => p.labels))].sort();
  const teams = all.filter((l) => l.startsWith(TEAM_PREFIX)).map((l) => l.slice(TEAM_PREFIX.length));
  const labels = all.filter((l) => !l.startsWith(TEAM_PREFIX));
  const options = (values: string[], chosen: string | undefined) =>
    values.map((v) =>
      v === chosen
        ? html`<option selected value="${v}">${v}</option>`
        : html`<option value="${v}">${v}</option>`,
    );
  return html`<form class="filters" method="get" action="${action}" role="search" aria-label="Filter pacticipants">
    <label>Name contains <input type="search" name="name" value="${d.filter.name ?? ''}"></label>
    <label>Label <select name="label"><option value="">any</option>${options(labels, d.filter.label)}</select></label>
    <label>Team <select name="team"><option value="">any</option>${options(teams, d.filter.team)}</select></label>
    <button type="submit">Filter</button> <a href="${action}">clear</a>
  </form>`;
}

function placementCell(rows: PlacementRow[]): Raw {
  if (rows.length === 0) return html`<span class="muted">—</span>`;
  return html`${rows.map(
    (r) =>
      html`<div>${ver(r.version)}${r.kind === 'released' ? html` <span class="muted">released</span>` : ''}${
        r.application_instance ? html` <span class="muted">(${r.application_instance})</span>` : ''
      }</div>`,
  )}`;
}

function integrationState(r: IntegrationRow, now: Date): Raw {
  const state = verificationState(r);
  return html`${badge(state)}${
    r.verification_date
      ? html`<div class="muted">by ${ver(r.provider_version)} ${when(r.verification_date, now)}</div>`
      : ''
  }`;
}

export function overviewPage(d: OverviewData, now = new Date()): string {
  const { pacticipants, integrations } = filtered(d);
  return page(
    'Pact Broker',
    html`<h1>Overview</h1>
    ${filterForm('/ui', d)}
    <h2 id="pacticipants-heading">Pacticipants</h2>
    ${
      pacticipants.length === 0
        ? html`<p>No pacticipants${d.pacticipants.length ? ' match the filter' : ' yet'}.</p>`
        : html`<div class="scroll" tabindex="0"><table id="pacticipants" aria-labelledby="pacticipants-heading">
      <thead><tr><th scope="col">Pacticipant</th><th scope="col">Latest version</th><th scope="col">Branch</th>${d.environments.map(
        (e) => html`<th scope="col">${e}</th>`,
      )}</tr></thead>
      <tbody>${pacticipants.map(
        (
          p,
        ) => html`<tr data-pacticipant="${p.name}"><th scope="row"><a href="${uiPacticipant(p.name)}">${p.name}</a>${
          p.labels.length ? html`<div class="muted">${p.labels.join(', ')}</div>` : ''
        }</th>
        <td>${ver(p.latest_version)}${p.latest_version_at ? html`<div class="muted">${when(p.latest_version_at, now)}</div>` : ''}</td>
        <td>${p.latest_branch ?? ''}</td>
        ${d.environments.map(
          (e) =>
            html`<td data-environment="${e}">${placementCell(d.placements.filter((x) => x.pacticipant_id === p.id && x.environment === e))}</td>`,
        )}</tr>`,
      )}</tbody></table></div>`
    }
    <h2 id="integrations-heading">Integrations</h2>
    ${
      integrations.length === 0
        ? html`<p>No pacts${d.integrations.length ? ' match the filter' : ' have been published yet'}.</p>`
        : html`<div class="scroll" tabindex="0"><table id="integrations" aria-labelledby="integrations-heading">
      <thead><tr><th scope="col">Consumer</th><th scope="col">Provider</th><th scope="col">Kind</th><th scope="col">Latest pact</th>
        <th scope="col">Latest verification</th><th scope="col">More</th></tr></thead>
      <tbody>${integrations.map(
        (r) => html`<tr data-consumer="${r.consumer}" data-provider="${r.provider}">
          <td><a href="${uiPacticipant(r.consumer)}">${r.consumer}</a></td><td><a href="${uiPacticipant(r.provider)}">${r.provider}</a></td>
          <td>${r.messages_only ? 'message' : 'HTTP'}</td>
          <td><a class="pact" href="${uiPact(r.provider, r.consumer)}">version ${ver(r.consumer_version)}</a>
            <div class="muted">published ${when(r.pact_created_at, now)}</div></td>
          <td class="verification">${integrationState(r, now)}</td>
          <td><a class="history" href="${uiVerifications(r.provider, r.consumer)}">verifications</a>
            · <a class="matrix" href="${uiMatrix({ pacticipant: r.consumer, pacticipant2: r.provider })}">matrix</a>${
              d.providersWithContracts.has(r.provider)
                ? html` · <a class="provider-contracts" href="${path`/ui/provider-contracts/provider/${r.provider}`}">provider contracts</a>`
                : ''
            }</td>
        </tr>`,
      )}</tbody></table></div>`
    }`,
    { current: '/ui' },
  );
}

const EDGE_TEXT: Record<State, string> = {
  passed: 'latest verification passed',
  failed: 'latest verification failed',
  pending: 'latest pact not yet verified',
  unverified: 'never verified',
};

/** The SVG of the integration graph: consumers point at their providers, left to right. */
function networkSvg(integrations: IntegrationRow[]): Raw {
  const nodes = [...new Set(integrations.flatMap((i) => [i.consumer, i.provider]))];
  const layout = layeredLayout(
    nodes,
    integrations.map((i) => ({ from: i.consumer, to: i.provider })),
    { nodeWidth: (id) => 28 + Math.min(id.length, 40) * 7.5 },
  );
  const byPair = new Map(integrations.map((i) => [`${i.consumer}\u0000${i.provider}`, i]));
  const edgePath = (points: Array<{ x: number; y: number }>) => {
    let d = `M${points[0]!.x},${points[0]!.y}`;
    for (let k = 1; k < points.length; k++) {
      const a = points[k - 1]!;
      const b = points[k]!;
      const dx = (b.x - a.x) / 2;
      d += ` C${a.x + dx},${a.y} ${b.x - dx},${b.y} ${b.x},${b.y}`;
    }
    return d;
  };
  const label = (id: string) => (id.length > 40 ? `${id.slice(0, 39)}…` : id);
  return html`<svg xmlns="http://www.w3.org/2000/svg" id="network" viewBox="0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}"
      width="${Math.ceil(layout.width)}" height="${Math.ceil(layout.height)}" aria-labelledby="network-title">
    <title id="network-title">Integration graph: ${nodes.length} pacticipants, ${integrations.length} integrations</title>
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
      <path d="M0,0 L10,5 L0,10 z"/></marker></defs>
    ${layout.edges.map((e) => {
      const i = byPair.get(`${e.from}\u0000${e.to}`)!;
      const state = verificationState(i);
      const kind = i.messages_only ? 'message' : 'http';
      return html`<path class="edge ${state} ${kind}" data-consumer="${i.consumer}" data-provider="${i.provider}" d="${edgePath(e.points)}" marker-end="url(#arrow)"><title>${i.consumer} → ${i.provider} (${kind === 'http' ? 'HTTP' : 'message'}): ${EDGE_TEXT[state]}</title></path>`;
    })}
    ${layout.nodes.map(
      (n) => html`<g class="node" data-pacticipant="${n.id}"><a href="${uiPacticipant(n.id)}">
        <rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="6"/>
        <text x="${n.x + 14}" y="${n.y + n.height / 2 + 4.5}">${label(n.id)}</text></a></g>`,
    )}
  </svg>`;
}

const legendLine = (cls: string) =>
  html`<svg width="36" height="10" aria-hidden="true" focusable="false"><line class="${cls}" x1="0" y1="5" x2="36" y2="5"/></svg>`;

export function networkPage(d: OverviewData): string {
  const { integrations } = filtered(d);
  return page(
    'Network',
    html`<h1>Network</h1>
    ${filterForm('/ui/network', d)}
    ${
      integrations.length === 0
        ? html`<p>No integrations to draw.</p>`
        : html`<div class="graph" tabindex="0">${networkSvg(integrations)}</div>
    <ul class="legend" aria-label="Legend">
      <li>${legendLine('passed')} passed</li><li>${legendLine('failed')} failed</li>
      <li>${legendLine('pending')} pending (latest pact not verified)</li><li>${legendLine('unverified')} never verified</li>
      <li>${legendLine('http')} HTTP</li><li>${legendLine('message')} message</li>
    </ul>
    <p class="muted">Arrows point from consumer to provider.</p>`
    }`,
    { current: '/ui/network' },
  );
}
