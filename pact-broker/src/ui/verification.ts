// One verification result: its outcome and, when it failed, every mismatch as interaction, path, expected, actual.

import { path } from '../http/hal.js';
import { badge, html, page, ver, when } from './html.js';
import { uiPact, uiPacticipant, uiVerifications, uiVersion } from './links.js';
import { interactionsOf } from './pact.js';
import type { VerificationDetailRow } from './queries.js';
import { interactionLookup, interactionResults } from './test-results.js';

export function verificationPage(v: VerificationDetailRow, doc: Record<string, unknown> | undefined): string {
  const results = interactionResults(v.test_results);
  const interactions = doc ? interactionsOf(doc) : [];
  const interactionOf = interactionLookup(interactions);
  const described = results.map((r) => {
    const i = interactionOf(r);
    return { r, name: String(i?.description ?? r.description ?? r.interactionId ?? '(unnamed interaction)') };
  });
  const failing = described.filter((d) => !d.r.success);
  const rows = failing.flatMap((d) =>
    d.r.mismatches.length
      ? d.r.mismatches.map((m) => ({ name: d.name, ...m }))
      : [
          {
            name: d.name,
            path: '',
            description: 'failed (no mismatch details)',
            expected: undefined,
            actual: undefined,
          },
        ],
  );
  return page(
    `Verification ${v.number} of ${v.consumer} by ${v.provider}`,
    html`<h1>Verification ${v.number}: ${v.consumer} by ${v.provider}</h1>
    <p>${badge(v.success ? 'passed' : 'failed')} by <a href="${uiVersion(v.provider, v.provider_version)}">${v.provider} ${ver(v.provider_version)}</a>
      ${when(v.execution_date)}${v.build_url ? html` · <a href="${v.build_url}">build</a>` : ''}</p>
    <p class="muted"><a href="${uiPact(v.provider, v.consumer)}">latest pact</a> ·
      <a href="${uiVerifications(v.provider, v.consumer)}">verification history</a> ·
      <a href="${uiPacticipant(v.consumer)}">${v.consumer}</a> ·
      <a href="${path`/pacts/provider/${v.provider}/consumer/${v.consumer}/pact-version/${v.sha}/verification-results/${v.number}`}">JSON</a></p>
    ${
      results.length
        ? html`<p>${results.length - failing.length} of ${results.length} interaction(s) passed.</p>`
        : html`<p class="muted">No per-interaction results were published with this verification.</p>`
    }
    ${
      rows.length
        ? html`<h2>Mismatches</h2><div class="scroll" tabindex="0"><table id="mismatches"><thead><tr><th scope="col">Interaction</th>
          <th scope="col">Path</th><th scope="col">Expected</th><th scope="col">Actual</th><th scope="col">Problem</th></tr></thead>
          <tbody>${rows.map(
            (
              m,
            ) => html`<tr><td>${m.name}</td><td><code>${m.path}</code></td><td><code>${m.expected ?? ''}</code></td>
              <td><code>${m.actual ?? ''}</code></td><td>${m.description}</td></tr>`,
          )}</tbody></table></div>`
        : ''
    }`,
  );
}
