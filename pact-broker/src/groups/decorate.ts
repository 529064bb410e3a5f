// The network around a pacticipant: the connected integrations (official group rule), their CSV for the network
// diagram, and an HTML page drawing it as an SVG circle (server-rendered, no JavaScript).

import { html, page } from '../ui/html.js';
import type { Edge } from './queries.js';

/**
 * The integrations reachable from `start`, ring by ring; stops when no new pacticipant is reached or, after a whole
 * ring, when at least `max` pacticipants are reached (so the result may exceed `max`, as upstream).
 */
export function groupOf(edges: Edge[], start: number, max?: number): Edge[] {
  const taken = new Set<Edge>();
  const reached = new Set([start]);
  let frontier = new Set([start]);
  for (;;) {
    const ring = edges.filter(
      (e) => !taken.has(e) && (frontier.has(e.consumer_id) || frontier.has(e.provider_id)),
    );
    for (const e of ring) taken.add(e);
    const next = new Set<number>();
    for (const e of ring) {
      for (const id of [e.consumer_id, e.provider_id]) if (!reached.has(id)) next.add(id);
    }
    for (const id of next) reached.add(id);
    frontier = next;
    if (next.size === 0 || (max !== undefined && reached.size >= max)) break;
  }
  return edges.filter((e) => taken.has(e));
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The official relationships CSV: one row per pacticipant in first-seen order (consumer before provider),
 * `id,name,1,1,0,order` followed by the ids of its providers, right-padded with 0 to the longest row.
 */
export function relationshipsCsv(edges: Edge[]): string {
  const rows = new Map<number, Array<string | number>>();
  const row = (id: number, name: string) => {
    let r = rows.get(id);
    if (!r) {
      r = [id, name, 1, 1, 0, rows.size + 1];
      rows.set(id, r);
    }
    return r;
  };
  for (const e of edges) {
    const consumer = row(e.consumer_id, e.consumer_name);
    row(e.provider_id, e.provider_name);
    consumer.push(e.provider_id);
  }
  const width = Math.max(0, ...[...rows.values()].map((r) => r.length));
  return [...rows.values()]
    .map((r) => `${[...r, ...Array<number>(width - r.length).fill(0)].map(csvField).join(',')}\n`)
    .join('');
}

/** The network page: the pacticipant's group on a circle, an arrow per consumer → provider, and the CSV link. */
export function networkPage(name: string, edges: Edge[], csvHref: string, detailsHref: string): string {
  const names = [...new Set(edges.flatMap((e) => [e.consumer_name, e.provider_name]))];
  if (names.length === 0) names.push(name);
  const size = 560;
  const radius = names.length === 1 ? 0 : 200;
  const at = new Map(
    names.map((n, i) => {
      const a = (2 * Math.PI * i) / names.length - Math.PI / 2;
      return [n, { x: size / 2 + radius * Math.cos(a), y: size / 2 + radius * Math.sin(a) }];
    }),
  );
  const lines = edges.map((e) => {
    const a = at.get(e.consumer_name)!;
    const b = at.get(e.provider_name)!;
    // Stop the arrow short of the provider's label.
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const end = { x: b.x - ((b.x - a.x) / len) * 18, y: b.y - ((b.y - a.y) / len) * 18 };
    return html`<line class="edge" data-consumer="${e.consumer_name}" data-provider="${e.provider_name}" x1="${a.x.toFixed(1)}" y1="${a.y.toFixed(1)}" x2="${end.x.toFixed(1)}" y2="${end.y.toFixed(1)}" stroke="#57606a" marker-end="url(#arrow)"/>`;
  });
  const nodes = names.map((n) => {
    const p = at.get(n)!;
    return html`<g class="node" data-name="${n}"><circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="6" fill="${n === name ? '#cf222e' : '#0969da'}"/><text x="${p.x.toFixed(1)}" y="${(p.y - 10).toFixed(1)}" text-anchor="middle" font-size="12">${n}</text></g>`;
  });
  return page(
    `${name}: network`,
    html`<h1>${name}</h1>
    <nav><a href="${detailsHref}">Details</a> <strong>Network Graph</strong> <a href="${csvHref}">CSV</a></nav>
    <svg id="network" xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="Integrations of ${name}">
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#57606a"/></marker></defs>
      ${lines}${nodes}
    </svg>
    <p class="muted">${edges.length} integration${edges.length === 1 ? '' : 's'} reachable from ${name}.</p>`,
  );
}
