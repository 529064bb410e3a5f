// The pact page (interactions, per-interaction results of the latest verification, diff to the previous distinct
// version) and the verification history of an integration.

import { path } from '../http/hal.js';
import { badge, html, page, type Raw, ver, when } from './html.js';
import { uiMatrix, uiPact, uiPacticipant, uiVerification, uiVerifications } from './links.js';
import { renderPact } from './pact.js';
import type { PactRow, VerificationDetailRow, VerificationHistoryRow } from './queries.js';
import { interactionResults } from './test-results.js';

function diffBlock(diff: { version: string; text: string } | undefined, p: string, c: string): Raw {
  if (!diff) return html`<p class="muted" id="diff">This is the first version of this pact.</p>`;
  const lines = diff.text.split('\n').filter((l) => l !== '');
  return html`<details class="card" id="diff"><summary>Changes since version ${ver(diff.version)}: ${lines.length} line(s)</summary>
    <p><a href="${uiPact(p, c, diff.version)}">the previous distinct pact (${diff.version})</a></p>
    <pre class="diff">${lines.map((l) =>
      l.startsWith('+ ')
        ? html`<span class="add">${l}</span>\n`
        : l.startsWith('- ')
          ? html`<span class="del">${l}</span>\n`
          : html`${l}\n`,
    )}</pre></details>`;
}

export function pactPage(
  p: string,
  c: string,
  pact: PactRow,
  doc: Record<string, unknown>,
  extra: {
    verification?: VerificationDetailRow | undefined;
    diff?: { version: string; text: string } | undefined;
  } = {},
): string {
  const v = extra.verification;
  const entries = v ? interactionResults(v.test_results) : [];
  return page(
    `Pact between ${c} and ${p}`,
    html`<h1>Pact between ${c} (${pact.consumer_version}) and ${p}</h1>
    <p class="muted">Published ${when(pact.created_at)} · content ${pact.sha.slice(0, 12)} ·
      <a href="${uiPacticipant(c)}">${c}</a> → <a href="${uiPacticipant(p)}">${p}</a> ·
      <a href="${path`/pacts/provider/${p}/consumer/${c}/version/${pact.consumer_version}`}">JSON</a> ·
      <a href="${uiVerifications(p, c)}">verification history</a> ·
      <a href="${uiMatrix({ pacticipant: c, pacticipant2: p })}">matrix</a></p>
    <p id="latest-verification">${
      v
        ? html`Latest verification of this content: <a href="${uiVerification(p, c, v.sha, v.number)}">${badge(v.success ? 'passed' : 'failed')}</a>
          by ${p} ${ver(v.provider_version)} ${when(v.execution_date)}${entries.length ? '' : ' (no per-interaction results published)'}`
        : html`${badge('unverified', 'not verified')} This content has not been verified yet.`
    }</p>
    ${diffBlock(extra.diff, p, c)}
    ${renderPact(doc, v && entries.length ? { entries } : undefined)}`,
  );
}

export function verificationsPage(p: string, c: string, rows: VerificationHistoryRow[]): string {
  return page(
    `Verifications of ${c} by ${p}`,
    html`<h1>Verifications of the pact between ${c} and ${p}</h1>
      <p><a href="${uiPact(p, c)}">latest pact</a> · <a href="${uiMatrix({ pacticipant: c, pacticipant2: p })}">matrix</a></p>
      ${
        rows.length === 0
          ? html`<p>No verification results have been published.</p>`
          : html`<div class="scroll" tabindex="0"><table id="verifications"><thead><tr><th scope="col">#</th><th scope="col">Provider version</th>
            <th scope="col">Branch</th><th scope="col">Result</th><th scope="col">When</th><th scope="col">Pact content</th>
            <th scope="col">Consumer versions</th></tr></thead><tbody>
            ${rows.map(
              (r) => html`<tr><td><a href="${uiVerification(p, c, r.sha, r.number)}">${r.number}</a></td>
                <td>${ver(r.provider_version)}</td><td>${r.branch ?? ''}</td><td>${badge(r.success ? 'passed' : 'failed')}</td>
                <td>${when(r.execution_date)}</td><td>${r.sha.slice(0, 12)}</td>
                <td>${r.consumer_versions.map((cv, i) => html`${i ? ', ' : ''}${ver(cv)}`)}</td></tr>`,
            )}</tbody></table></div>`
      }`,
  );
}
