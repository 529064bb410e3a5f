// Renders a pact (V2–V4, HTTP and message interactions) as readable HTML.

import { html, type Raw } from './html.js';

type Json = Record<string, unknown>;

function pretty(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

function body(value: unknown): unknown {
  // V4 bodies are { content, contentType, encoded }.
  if (value && typeof value === 'object' && !Array.isArray(value) && 'content' in (value as Json))
    return (value as Json).content;
  return value;
}

function states(i: Json): string[] {
  if (typeof i.providerState === 'string' && i.providerState) return [i.providerState];
  if (Array.isArray(i.providerStates))
    return i.providerStates.map((s) => String((s as Json)?.name ?? '')).filter(Boolean);
  return [];
}

function headersBlock(h: unknown): Raw {
  if (!h || typeof h !== 'object' || Object.keys(h as Json).length === 0) return html``;
  const lines = Object.entries(h as Json).map(
    ([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`,
  );
  return html`<pre>${lines.join('\n')}</pre>`;
}

function query(q: unknown): string {
  if (!q) return '';
  if (typeof q === 'string') return `?${q}`;
  if (typeof q === 'object') {
    const parts = Object.entries(q as Json).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${k}=${String(x)}`),
    );
    return parts.length ? `?${parts.join('&')}` : '';
  }
  return '';
}

function interaction(i: Json, n: number): Raw {
  const given = states(i);
  const head = html`<h3 id="i${n}">${n}. ${String(i.description ?? '(no description)')}</h3>
    ${given.length ? html`<p class="muted">Given ${given.join(', ')}</p>` : ''}`;
  const request = i.request as Json | undefined;
  const response = i.response as Json | undefined;
  if (request || response) {
    return html`<section class="interaction">${head}
      <h4>Request</h4>
      <pre>${String(request?.method ?? 'GET').toUpperCase()} ${String(request?.path ?? '/')}${query(request?.query)}</pre>
      ${headersBlock(request?.headers)}
      ${request?.body !== undefined ? html`<pre>${pretty(body(request.body))}</pre>` : ''}
      <h4>Response</h4>
      <pre>${String(response?.status ?? 200)}</pre>
      ${headersBlock(response?.headers)}
      ${response?.body !== undefined ? html`<pre>${pretty(body(response.body))}</pre>` : ''}
    </section>`;
  }
  const contents = i.contents ?? (i.request === undefined ? (i as Json).message : undefined);
  return html`<section class="interaction">${head}
    <h4>Message</h4>
    ${i.metadata || (contents as Json)?.metadata ? html`<pre>${pretty(i.metadata)}</pre>` : ''}
    <pre>${pretty(body(contents))}</pre>
  </section>`;
}

export function renderPact(doc: Json): Raw {
  const interactions = [
    ...((Array.isArray(doc.interactions) ? doc.interactions : []) as Json[]),
    ...((Array.isArray(doc.messages) ? doc.messages : []) as Json[]),
  ];
  const spec = ((doc.metadata as Json | undefined)?.pactSpecification as Json | undefined)?.version ?? '';
  return html`<p class="muted">Pact specification ${String(spec)} · ${interactions.length} interaction(s)</p>
    <ol>${interactions.map((i, n) => html`<li><a href="#i${n + 1}">${String(i.description ?? '')}</a></li>`)}</ol>
    ${interactions.map((i, n) => interaction(i, n + 1))}`;
}
