// The can-i-deploy page and the matrix page: forms that build a MatrixQuery, answered by the matrix service the
// API uses (runMatrix, reasonText), so the pages and `pact-broker can-i-deploy` always agree.

import { MAX_PAGE_NUMBER, parseInteger } from '../http/numbers.js';
import type { MatrixQuery } from '../matrix/parse.js';
import { noticeType, type Reason, reasonText, type Side } from '../matrix/reasons.js';
import type { MatrixRow } from '../matrix/rows.js';
import type { MatrixResult } from '../matrix/service.js';
import { isCrossContract } from '../provider-contracts/compare.js';
import { uiPairPath } from '../provider-contracts/urls.js';
import { badge, html, page, type Raw, type State, ver, when } from './html.js';
import { uiMatrix, uiPact, uiPacticipant, uiVerification, uiVersion } from './links.js';

function verdictState(deployable: boolean | null): State {
  return deployable === true ? 'passed' : deployable === false ? 'failed' : 'pending';
}

const VERDICT_TEXT: Record<State, string> = {
  passed: 'Yes, you can deploy',
  failed: 'No, you cannot deploy',
  pending: 'Not yet: something is unknown',
  unverified: 'Not yet: something is unknown',
};

function rowState(r: MatrixRow): State {
  if (!r.verification) return 'unverified';
  return r.verification.success ? 'passed' : 'failed';
}

/** The matrix rows as a table, each row linking to the pact, the versions and the verification behind it. */
function matrixTable(result: MatrixResult, rows: MatrixRow[] = result.rows, now = new Date()): Raw {
  if (rows.length === 0) return html`<p id="no-rows">No rows.</p>`;
  return html`<div class="scroll" tabindex="0"><table id="matrix"><thead><tr><th scope="col">Consumer</th><th scope="col">Consumer version</th>
    <th scope="col">Pact</th><th scope="col">Provider</th><th scope="col">Provider version</th><th scope="col">Result</th><th scope="col">Verified</th></tr></thead>
    <tbody>${rows.map((r) => {
      const c = r.consumer.name;
      const p = r.provider.name;
      const cv = r.publication.consumer_version_number;
      const v = r.verification;
      const result = v
        ? isCrossContract(v)
          ? html`${badge(rowState(r))} <a class="cross-contract" href="${uiPairPath(p, v.providerVersionNumber, c, cv)}">provider contract</a>`
          : html`<a class="verification" href="${uiVerification(p, c, r.publication.sha, v.number)}">${badge(rowState(r))}</a>`
        : badge('unverified', 'not verified');
      return html`<tr class="${r.ignored ? 'ignored' : ''}" data-consumer="${c}" data-provider="${p}">
        <td><a href="${uiPacticipant(c)}">${c}</a></td><td><a href="${uiVersion(c, cv)}">${ver(cv)}</a></td>
        <td><a class="pact" href="${uiPact(p, c, cv)}">pact</a> <span class="muted">${when(r.publication.created_at, now)}</span></td>
        <td><a href="${uiPacticipant(p)}">${p}</a></td>
        <td>${r.providerVersion ? html`<a href="${uiVersion(p, r.providerVersion.number)}">${ver(r.providerVersion.number)}</a>` : ''}</td>
        <td>${result}${r.ignored ? html` <span class="muted">(ignored)</span>` : ''}</td>
        <td>${v ? when(v.execution_date, now) : ''}</td></tr>`;
    })}</tbody></table></div>`;
}

function sideLink(s: Side): Raw {
  if ('anyVersionOf' in s) return html`<a href="${uiPacticipant(s.anyVersionOf)}">${s.anyVersionOf}</a>`;
  const { pacticipantName: name, version, pacticipantId } = s.selector;
  if (pacticipantId < 0) return html`${name}`;
  return version
    ? html`<a href="${uiVersion(name, version.number)}">${name} ${ver(version.number)}</a>`
    : html`<a href="${uiPacticipant(name)}">${name}</a>`;
}

function reasonItem(r: Reason): Raw {
  const type = noticeType(r);
  const links =
    'consumer' in r
      ? html` <span class="muted">(${sideLink(r.consumer)} → ${sideLink(r.provider)}${
          'selector' in r.consumer && r.consumer.selector.version && 'selector' in r.provider
            ? html`, <a href="${uiPact(r.provider.selector.pacticipantName, r.consumer.selector.pacticipantName, r.consumer.selector.version.number)}">pact</a>`
            : ''
        })</span>`
      : '';
  return html`<li class="reason ${type}" data-kind="${r.kind}">${reasonText(r)}${links}</li>`;
}

/** The verdict, its reasons and warnings, as the API's summary words them. */
export function verdict(result: MatrixResult, level: 2 | 4 = 2): Raw {
  const state = verdictState(result.status.deployable);
  const { success, failed, unknown, ignored } = result.status.counts;
  const heading = level === 2 ? html`<h2>Reasons</h2>` : html`<h4>Reasons</h4>`;
  return html`<p class="verdict ${state}">${badge(state, VERDICT_TEXT[state])}</p>
    <p class="muted">${success} passed, ${failed} failed, ${unknown} unknown${ignored ? `, ${ignored} ignored` : ''}</p>
    ${heading}<ul class="reasons">${[...result.status.reasons, ...result.status.warnings].map(reasonItem)}</ul>`;
}

export interface CanIDeployForm {
  pacticipant: string;
  version: string;
  branch: string;
  environment: string;
}

export function readCanIDeployForm(q: URLSearchParams): CanIDeployForm {
  const get = (k: string) => q.get(k)?.trim() ?? '';
  return {
    pacticipant: get('pacticipant'),
    version: get('version'),
    branch: get('branch'),
    environment: get('environment'),
  };
}

/** The query `pact-broker can-i-deploy --pacticipant P --version V|--branch B --to-environment E` sends. */
export function canIDeployQuery(f: CanIDeployForm): MatrixQuery {
  return {
    selectors: [
      f.version
        ? { pacticipant: f.pacticipant, version: f.version }
        : { pacticipant: f.pacticipant, branch: f.branch, latest: true },
    ],
    ignore: [],
    latestby: 'cvpv',
    environment: f.environment,
  };
}

function options(values: string[], chosen: string): Raw {
  return html`${values.map((v) =>
    v === chosen
      ? html`<option selected value="${v}">${v}</option>`
      : html`<option value="${v}">${v}</option>`,
  )}`;
}

export function canIDeployPage(
  f: CanIDeployForm,
  choices: { pacticipants: string[]; environments: string[] },
  answer: { result: MatrixResult } | { problem: string } | undefined,
): string {
  const asked = f.version ? `${f.pacticipant} ${f.version}` : `the head of ${f.pacticipant} ${f.branch}`;
  return page(
    'Can I deploy?',
    html`<h1>Can I deploy?</h1>
    <form class="filters" method="get" action="/ui/can-i-deploy" aria-label="Can I deploy">
      <label>Pacticipant <select name="pacticipant" required><option value="">choose…</option>${options(choices.pacticipants, f.pacticipant)}</select></label>
      <label>Version <input name="version" value="${f.version}"></label>
      <label>or head of branch <input name="branch" value="${f.branch}"></label>
      <label>To environment <select name="environment" required><option value="">choose…</option>${options(choices.environments, f.environment)}</select></label>
      <button type="submit">Check</button>
    </form>
    ${
      answer === undefined
        ? html`<p class="muted">Choose a pacticipant, a version (or a branch, for its latest version) and an environment.</p>`
        : 'problem' in answer
          ? html`<p class="error-message" id="problem">${answer.problem}</p>`
          : html`<h2>Can ${asked} go to ${f.environment}?</h2>${verdict(answer.result)}
            <h2>Rows</h2>${matrixTable(answer.result)}
            <p class="muted">The same answer as <code>pact-broker can-i-deploy --pacticipant ${f.pacticipant} ${
              f.version ? `--version ${f.version}` : `--branch ${f.branch}`
            } --to-environment ${f.environment}</code>.</p>`
    }`,
    { current: '/ui/can-i-deploy' },
  );
}

/** The matrix page's form: one selector (the API's `q[]` fields), an optional second pacticipant, and options. */
export interface MatrixForm {
  pacticipant: string;
  version: string;
  branch: string;
  tag: string;
  environment: string;
  pacticipant2: string;
  latestby: string;
  limit: string;
  page: number;
  /** Rows per page (1–100). */
  size: number;
}

const MATRIX_PAGE_SIZE = 25;

export function readMatrixForm(q: URLSearchParams): MatrixForm {
  const get = (k: string) => q.get(k)?.trim() ?? '';
  // A form forgives: a page or size that is not an integer in range (the shared URL parser) falls back.
  const integer = (k: string, fallback: number, max: number) => {
    const parsed = parseInteger(get(k) || String(fallback), { min: 1, max });
    return 'value' in parsed ? parsed.value : fallback;
  };
  return {
    // consumer/provider: the older links to one integration's matrix.
    pacticipant: get('pacticipant') || get('consumer'),
    version: get('version'),
    branch: get('branch'),
    tag: get('tag'),
    environment: get('environment'),
    pacticipant2: get('pacticipant2') || get('provider'),
    latestby: get('latestby'),
    limit: get('limit'),
    page: integer('page', 1, MAX_PAGE_NUMBER),
    size: integer('size', MATRIX_PAGE_SIZE, 100),
  };
}

/** The `/matrix` query string the form stands for (parsed by the API's own parser). */
export function matrixApiQuery(f: MatrixForm): string {
  const q = new URLSearchParams();
  if (f.pacticipant) {
    q.append('q[][pacticipant]', f.pacticipant);
    if (f.version) q.append('q[][version]', f.version);
    if (f.branch) q.append('q[][branch]', f.branch);
    if (f.tag) q.append('q[][tag]', f.tag);
    if (f.environment) q.append('q[][environment]', f.environment);
  }
  if (f.pacticipant2) q.append('q[][pacticipant]', f.pacticipant2);
  if (f.latestby) q.append('latestby', f.latestby);
  if (f.limit) q.append('limit', f.limit);
  return q.toString();
}

export function matrixPage(
  f: MatrixForm,
  choices: { pacticipants: string[]; environments: string[] },
  result: MatrixResult | undefined,
): string {
  const start = (f.page - 1) * f.size;
  const rows = result?.rows.slice(start, start + f.size) ?? [];
  const pages = result ? Math.max(1, Math.ceil(result.rows.length / f.size)) : 1;
  const link = (n: number) =>
    uiMatrix({ ...f, page: n === 1 ? undefined : n, size: f.size === MATRIX_PAGE_SIZE ? undefined : f.size });
  const latestby = [
    ['', 'every row'],
    ['cvpv', 'latest per consumer and provider version'],
    ['cvp', 'latest per consumer version and provider'],
  ];
  const api = matrixApiQuery(f);
  return page(
    'Matrix',
    html`<h1>Matrix</h1>
    <form class="filters" method="get" action="/ui/matrix" aria-label="Matrix filters">
      <label>Pacticipant <select name="pacticipant"><option value="">choose…</option>${options(choices.pacticipants, f.pacticipant)}</select></label>
      <label>Version <input name="version" value="${f.version}"></label>
      <label>Branch <input name="branch" value="${f.branch}"></label>
      <label>Tag <input name="tag" value="${f.tag}"></label>
      <label>Environment <select name="environment"><option value="">any</option>${options(choices.environments, f.environment)}</select></label>
      <label>With pacticipant <select name="pacticipant2"><option value="">any</option>${options(choices.pacticipants, f.pacticipant2)}</select></label>
      <label>Latest by <select name="latestby">${latestby.map(([v, t]) =>
        v === f.latestby
          ? html`<option selected value="${v}">${t}</option>`
          : html`<option value="${v}">${t}</option>`,
      )}</select></label>
      <label>Limit <input name="limit" type="number" min="1" max="100000" value="${f.limit}"></label>
      ${f.size === MATRIX_PAGE_SIZE ? '' : html`<input type="hidden" name="size" value="${f.size}">`}
      <button type="submit">Show</button>
    </form>
    ${
      result === undefined
        ? html`<p class="muted">Choose a pacticipant to see its matrix.</p>`
        : html`<p class="muted" id="row-count">${result.rows.length} row(s)${pages > 1 ? `, page ${f.page} of ${pages}` : ''} ·
            <a href="${`/matrix?${api}`}">JSON</a></p>
          ${matrixTable(result, rows)}
          ${
            pages > 1
              ? html`<nav class="pager" aria-label="Pages">${f.page > 1 ? html`<a rel="prev" href="${link(f.page - 1)}">previous page</a>` : ''}
                ${f.page < pages ? html`<a rel="next" href="${link(f.page + 1)}">next page</a>` : ''}</nav>`
              : ''
          }`
    }`,
    { current: '/ui/matrix' },
  );
}
