// Renders a pact (V2–V4, HTTP and message interactions) as readable HTML: one block per interaction, the matching
// rules and generators of each part beside its values, and the interaction's result in the latest verification.

import { scalarText, stringifyKeepingNumbers } from '../pact/numbers.js';
import { badge, html, type Raw } from './html.js';
import { type InteractionResult, resultLookup } from './test-results.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function pretty(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return scalarText(value);
  return stringifyKeepingNumbers(value, 2);
}

function body(value: unknown): unknown {
  // V4 bodies are { content, contentType, encoded }.
  if (isObject(value) && 'content' in value) return value.content;
  return value;
}

export function states(i: Json): string[] {
  if (typeof i.providerState === 'string' && i.providerState) return [i.providerState];
  if (Array.isArray(i.providerStates))
    return i.providerStates
      .map((s) => {
        const name = String((s as Json)?.name ?? '');
        const params = (s as Json)?.params;
        return isObject(params) && Object.keys(params).length
          ? `${name} ${stringifyKeepingNumbers(params)}`
          : name;
      })
      .filter(Boolean);
  return [];
}

function headersText(h: unknown): string {
  if (!isObject(h) || Object.keys(h).length === 0) return '';
  return Object.entries(h)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map(scalarText).join(', ') : scalarText(v)}`)
    .join('\n');
}

function query(q: unknown): string {
  if (!q) return '';
  if (typeof q === 'string') return `?${q}`;
  if (isObject(q)) {
    const parts = Object.entries(q).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${k}=${scalarText(x)}`),
    );
    return parts.length ? `?${parts.join('&')}` : '';
  }
  return '';
}

/** One rule as text: `type`, `regex ^\d+$`, `type (min 1)`, `date yyyy-MM-dd`. */
function matcherText(m: Json): string {
  const { match, ...rest } = m;
  // `{match: regex, regex: …}` reads as `regex …`.
  const own = typeof match === 'string' ? rest[match] : undefined;
  if (typeof own === 'string' && Object.keys(rest).length === 1) return `${match} ${own}`;
  const extra = Object.entries(rest)
    .filter(([k]) => k !== 'combine')
    .map(([k, v]) => `${k} ${typeof v === 'string' ? scalarText(v) : stringifyKeepingNumbers(v)}`);
  return `${String(match ?? 'rule')}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

interface RuleLine {
  category: string;
  path: string;
  text: string;
}

/** Rules of one part: V3/V4 `{category: {path: {matchers}}}` and V2 flat `{"$.body.x": {match}}`. */
export function ruleLines(rules: unknown): RuleLine[] {
  if (!isObject(rules)) return [];
  const out: RuleLine[] = [];
  for (const [key, value] of Object.entries(rules)) {
    if (key.startsWith('$')) {
      // V2: the category is the path's first segment.
      const m = /^\$\.(body|headers|header|query|path|metadata)(.*)$/.exec(key);
      out.push({
        category: m?.[1] ?? 'body',
        path: m ? `$${m[2]}` || '$' : key,
        text: matcherText(value as Json),
      });
      continue;
    }
    if (!isObject(value)) continue;
    if (Array.isArray(value.matchers)) {
      // A category without paths (V3 `path` rules).
      out.push({
        category: key,
        path: '',
        text: value.matchers.map((m) => matcherText(m as Json)).join(' and '),
      });
      continue;
    }
    for (const [p, r] of Object.entries(value)) {
      const matchers =
        isObject(r) && Array.isArray(r.matchers) ? (r.matchers as Json[]) : isObject(r) ? [r] : [];
      const combine = isObject(r) && r.combine === 'OR' ? ' or ' : ' and ';
      out.push({ category: key, path: p, text: matchers.map(matcherText).join(combine) });
    }
  }
  return out;
}

function generatorText(g: Json): string {
  const { type, ...rest } = g;
  return `generated: ${matcherText({ match: type, ...rest })}`;
}

/** Generators of one part: `{category: {path: {type, ...}}}` (a `path`/`status` category holds one directly). */
export function generatorLines(generators: unknown): RuleLine[] {
  if (!isObject(generators)) return [];
  const out: RuleLine[] = [];
  for (const [category, value] of Object.entries(generators)) {
    if (!isObject(value)) continue;
    if (typeof value.type === 'string') {
      out.push({ category, path: '', text: generatorText(value) });
      continue;
    }
    for (const [p, g] of Object.entries(value)) {
      if (isObject(g)) out.push({ category, path: p, text: generatorText(g) });
    }
  }
  return out;
}

function rulesAside(part: Json | undefined): Raw {
  if (!part) return html``;
  const lines = [...ruleLines(part.matchingRules), ...generatorLines(part.generators)];
  if (lines.length === 0)
    return html`<div class="rules muted">No matching rules: values must be equal.</div>`;
  return html`<dl class="rules" aria-label="Matching rules and generators">${lines.map(
    (l) => html`<dt>${l.category}${l.path ? ` ${l.path}` : ''}</dt><dd>${l.text}</dd>`,
  )}</dl>`;
}

function part(title: string, lines: string[], bodyValue: unknown, rulesOf: Json | undefined): Raw {
  const text = [...lines.filter(Boolean), ...(bodyValue !== undefined ? ['', pretty(bodyValue)] : [])].join(
    '\n',
  );
  return html`<h4>${title}</h4><div class="pair"><pre>${text}</pre>${rulesAside(rulesOf)}</div>`;
}

function resultBlock(r: InteractionResult | undefined): Raw {
  if (!r) return html`<p class="result muted">Not reported by the latest verification.</p>`;
  if (r.success) return html`<p class="result">Latest verification: ${badge('passed')}</p>`;
  return html`<div class="result">Latest verification: ${badge('failed')}
    ${
      r.mismatches.length
        ? html`<ul class="mismatches">${r.mismatches.map(
            (m) =>
              html`<li><code>${m.path}</code>: ${m.description}${
                m.expected !== undefined ? html` · expected <code>${m.expected}</code>` : ''
              }${m.actual !== undefined ? html` · actual <code>${m.actual}</code>` : ''}</li>`,
          )}</ul>`
        : ''
    }</div>`;
}

function isMessage(i: Json): boolean {
  return /message/i.test(String(i.type ?? '')) || (!i.request && !i.response);
}

function interaction(i: Json, n: number, result: Raw): Raw {
  const given = states(i);
  const head = html`<h3 id="i${n}">${n}. ${String(i.description ?? '(no description)')}</h3>
    ${given.length ? html`<p class="muted">Given ${given.join(', ')}</p>` : ''}${result}`;
  if (!isMessage(i)) {
    const request = (i.request ?? {}) as Json;
    const response = (i.response ?? {}) as Json;
    return html`<section class="interaction" aria-labelledby="i${n}">${head}
      ${part(
        'Request',
        [
          `${scalarText(request.method ?? 'GET').toUpperCase()} ${scalarText(request.path ?? '/')}${query(request.query)}`,
          headersText(request.headers),
        ],
        request.body === undefined ? undefined : body(request.body),
        request,
      )}
      ${part('Response', [`${scalarText(response.status ?? 200)}`, headersText(response.headers)], response.body === undefined ? undefined : body(response.body), response)}
    </section>`;
  }
  // V3 messages: contents + metadata; V4: contents {content} + metadata, or a synchronous request/response pair.
  const contents = i.contents ?? i.content;
  return html`<section class="interaction message" aria-labelledby="i${n}">${head}
    ${part('Message metadata', [headersText(i.metadata)], undefined, undefined)}
    ${part('Message contents', [], body(contents), i)}
  </section>`;
}

export function interactionsOf(doc: Json): Json[] {
  return [
    ...((Array.isArray(doc.interactions) ? doc.interactions : []) as Json[]),
    ...((Array.isArray(doc.messages) ? doc.messages : []) as Json[]),
  ];
}

export function renderPact(doc: Json, results?: { entries: InteractionResult[] } | undefined): Raw {
  const interactions = interactionsOf(doc);
  const spec =
    ((doc.metadata as Json | undefined)?.pactSpecification as Json | undefined)?.version ??
    ((doc.metadata as Json | undefined)?.['pact-specification'] as Json | undefined)?.version ??
    '';
  const resultOf = results ? resultLookup(results.entries) : undefined;
  return html`<p class="muted">Pact specification ${String(spec)} · ${interactions.length} interaction(s)</p>
    <h2>Interactions</h2>
    <ol class="toc">${interactions.map((i, n) => html`<li><a href="#i${n + 1}">${String(i.description ?? '')}</a></li>`)}</ol>
    ${interactions.map((i, n) => interaction(i, n + 1, resultOf ? resultBlock(resultOf(i)) : html``))}`;
}
