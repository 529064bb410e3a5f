// HTML pages of provider contracts: a provider's contracts, one contract with its self-verification and its
// comparisons, and one comparison's mismatches. Server-rendered with the shared escaping templates; no scripts.

import type { Mismatch } from '@accord/cross-contract';
import { path } from '../http/hal.js';
import { ago, html, page, type Raw } from '../ui/html.js';
import type { CrossContractVerification } from './compare.js';
import { type PairNames, type PublicationFacts, statusOf } from './decorate.js';
import type { PublicationRow, SelfVerificationRow, StoredComparison } from './queries.js';
import { uiContractPath, uiPairPath } from './urls.js';

const providerPage = (p: string) => path`/ui/provider-contracts/provider/${p}`;

function selfStatus(self: SelfVerificationRow | undefined): Raw {
  const status = statusOf(self);
  if (status === 'unverified') return html`<span class="none">no self-verification</span>`;
  const by = self?.verifier
    ? html` <span class="muted">(${self.verifier}${self.verifier_version ? ` ${self.verifier_version}` : ''})</span>`
    : '';
  return status === 'success'
    ? html`<span class="ok">passed</span>${by}`
    : html`<span class="fail">failed</span>${by}`;
}

function verdict(success: boolean): Raw {
  return success ? html`<span class="ok">compatible</span>` : html`<span class="fail">incompatible</span>`;
}

/** Pretty JSON when the text is JSON, else the text as it is. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export interface ContractSummary {
  pub: PublicationRow;
  facts: PublicationFacts;
  compatible: number;
  incompatible: number;
}

export function providerContractsPage(provider: string, items: ContractSummary[], now = new Date()): string {
  return page(
    `Provider contracts of ${provider}`,
    html`<h1>Provider contracts of ${provider}</h1>
    ${
      items.length === 0
        ? html`<p>${provider} has not published a provider contract.</p>`
        : html`<table id="provider-contracts"><thead><tr><th>Version</th><th>Branches</th><th>Tags</th><th>Published</th>
          <th>OpenAPI</th><th>Self-verification</th><th>Consumer pacts</th></tr></thead><tbody>
          ${items.map(
            (i) => html`<tr data-version="${i.pub.provider_version_number}">
              <td><a href="${uiContractPath(provider, i.pub.provider_version_number)}">${i.pub.provider_version_number}</a></td>
              <td>${i.facts.branches.join(', ')}</td><td>${i.facts.tags.join(', ')}</td>
              <td title="${i.pub.created_at.toISOString()}">${ago(i.pub.created_at, now)}</td>
              <td>${i.pub.specification_version}</td><td>${selfStatus(i.facts.self)}</td>
              <td><span class="ok">${i.compatible} compatible</span> / <span class="${i.incompatible > 0 ? 'fail' : 'none'}">${i.incompatible} incompatible</span></td>
            </tr>`,
          )}</tbody></table>`
    }
    <p class="muted">API: <a href="${path`/provider-contracts/provider/${provider}`}">provider contracts (HAL)</a></p>`,
  );
}

export function contractPage(
  pub: PublicationRow,
  facts: PublicationFacts,
  content: string,
  history: SelfVerificationRow[],
  comparisons: Array<StoredComparison & { consumer_name: string; consumer_version_number: string }>,
): string {
  const p = pub.provider_name;
  const v = pub.provider_version_number;
  const current = history[0];
  return page(
    `Provider contract of ${p} ${v}`,
    html`<h1>Provider contract of ${p} version ${v}</h1>
    <p class="muted">OpenAPI ${pub.specification_version} · ${pub.content_type} · content ${pub.sha.slice(0, 12)} ·
      published ${pub.created_at.toISOString()}${facts.branches.length ? ` · branch ${facts.branches.join(', ')}` : ''} ·
      <a href="${providerPage(p)}">all contracts of ${p}</a></p>
    <h2>Self-verification</h2>
    <p id="self-verification">${selfStatus(current)}${current ? html` <span class="muted">${ago(current.created_at)}</span>` : ''}</p>
    ${
      current?.content
        ? html`<pre id="self-verification-output">${current.content_base64 ? `(base64) ${current.content}` : pretty(current.content)}</pre>`
        : ''
    }
    ${history.length > 1 ? html`<p class="muted">${history.length - 1} earlier self-verification result(s): ${history.slice(1).map((h) => (h.success ? 'passed ' : 'failed '))}</p>` : ''}
    <h2>Consumer pacts</h2>
    ${
      comparisons.length === 0
        ? html`<p>No consumer pact has been compared with this contract.</p>`
        : html`<table id="comparisons"><thead><tr><th>Consumer</th><th>Version</th><th>Result</th><th>Errors</th><th>Warnings</th><th>Compared</th></tr></thead><tbody>
          ${comparisons.map(
            (c) => html`<tr data-consumer="${c.consumer_name}">
              <td>${c.consumer_name}</td>
              <td><a href="${uiPairPath(p, v, c.consumer_name, c.consumer_version_number)}">${c.consumer_version_number}</a></td>
              <td>${verdict(c.success)}</td><td>${c.error_count}</td><td>${c.warning_count}</td><td>${ago(c.created_at)}</td></tr>`,
          )}</tbody></table>`
    }
    <h2>Document</h2>
    <pre id="document">${content}</pre>`,
  );
}

function location(pointer: string, value: unknown): Raw {
  return html`<code>${pointer || '/'}</code>${
    value === undefined
      ? ''
      : html`<pre class="value">${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>`
  }`;
}

export function pairPage(
  names: PairNames,
  result: CrossContractVerification,
  comparison: StoredComparison,
  self: SelfVerificationRow | undefined,
): string {
  const mismatches = comparison.mismatches as Mismatch[];
  const causes: string[] = [];
  if (result.causes.includes('self-verification-missing'))
    causes.push('no self-verification results were published');
  if (result.causes.includes('self-verification-failed'))
    causes.push("the provider's self-verification failed");
  if (result.causes.includes('comparison-failed')) causes.push('the pact does not fit the provider contract');
  return page(
    `${names.consumer} ${names.consumerVersion} against ${names.provider} ${names.providerVersion}`,
    html`<h1>Pact of ${names.consumer} (${names.consumerVersion}) against the provider contract of ${names.provider} (${names.providerVersion})</h1>
    <p id="verdict">${result.success ? html`<span class="ok">can be deployed together</span>` : html`<span class="fail">cannot be deployed together</span>: ${causes.join('; ')}`}</p>
    <p class="muted">Self-verification: ${selfStatus(self)} · comparison ${comparison.success ? 'compatible' : 'incompatible'},
      ${comparison.interactions_compared} interaction(s) compared by @accord/cross-contract ${comparison.comparator_version}, ${ago(comparison.created_at)} ·
      <a href="${uiContractPath(names.provider, names.providerVersion)}">provider contract</a> ·
      <a href="${path`/ui/pacts/provider/${names.provider}/consumer/${names.consumer}/version/${names.consumerVersion}`}">pact</a></p>
    ${
      mismatches.length === 0
        ? html`<p>No mismatches.</p>`
        : html`<table id="mismatches"><thead><tr><th>Severity</th><th>Code</th><th>Interaction</th><th>In the pact</th><th>In the contract</th><th>Message</th></tr></thead><tbody>
          ${mismatches.map(
            (m) => html`<tr class="${m.type}">
              <td class="${m.type === 'error' ? 'fail' : 'none'}">${m.type}</td><td><code>${m.code}</code></td>
              <td>${m.interaction.description}${m.interaction.providerStates.length ? html`<div class="muted">given ${m.interaction.providerStates.join(', ')}</div>` : ''}
                ${m.interaction.method ? html`<div class="muted">${m.interaction.method} ${m.interaction.path ?? ''}</div>` : ''}</td>
              <td>${location(m.pact.pointer, m.pact.value)}</td>
              <td>${location(m.contract.pointer, m.contract.value)}${m.contract.injected ? html`<div class="muted">closed by the comparator (${m.contract.keyword})</div>` : ''}</td>
              <td>${m.message}</td></tr>`,
          )}</tbody></table>`
    }`,
  );
}
