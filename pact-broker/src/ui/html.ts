// Small server-side HTML helpers: escaped templates, the page layout (nav, stylesheet, CSP), short version
// numbers and relative times. No client-side JavaScript.

import { esc } from '../http/escape.js';
import type { HttpResponse } from '../http/types.js';

/** Markup built by `html`: interpolating it into another template does not escape it again. */
export class Raw {
  constructor(readonly html: string) {}
}

/** Builds HTML from a template: interpolated values are escaped, except `Raw` markup (and arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (x instanceof Raw ? x.html : esc(x))).join('')
      : v instanceof Raw
        ? v.html
        : esc(v);
    out += part + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

export function ago(date: Date, now = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'} ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** A time as "3 minutes ago", the exact instant on hover. */
export function when(date: Date | null | undefined, now = new Date()): Raw {
  if (!date) return html``;
  return html`<time datetime="${date.toISOString()}" title="${date.toISOString()}">${ago(date, now)}</time>`;
}

/** Longest version number shown in full; longer ones (git SHAs) are cut, the full number on hover. */
const SHORT_VERSION = 12;

export function shortVersion(number: string): string {
  return number.length > SHORT_VERSION ? `${number.slice(0, SHORT_VERSION - 1)}…` : number;
}

/** A version number, shortened with the full one in an `abbr` title when it is long. */
export function ver(number: string | null | undefined): Raw {
  if (number == null) return html``;
  return number.length > SHORT_VERSION
    ? html`<abbr class="version" title="${number}">${shortVersion(number)}</abbr>`
    : html`<span class="version">${number}</span>`;
}

/** Verification states the pages colour: see `verificationState`. */
export type State = 'passed' | 'failed' | 'pending' | 'unverified';

export function badge(state: State, text: string = state): Raw {
  return html`<span class="state ${state}">${text}</span>`;
}

/**
 * Scripts are forbidden outright (the pages need none), styles come only from the served stylesheet, images only
 * from the broker (badges are drawn inline), forms post only to the broker itself and no other site may frame the
 * pages.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function htmlResponse(text: string, status = 200, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    body: text,
    headers: {
      'Content-Type': 'text/html;charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': 'no-store',
      ...headers,
    },
  };
}

const NAV: Array<[href: string, label: string]> = [
  ['/ui', 'Overview'],
  ['/ui/network', 'Network'],
  ['/ui/matrix', 'Matrix'],
  ['/ui/can-i-deploy', 'Can I deploy?'],
  ['/ui/webhooks', 'Webhooks'],
];

export interface PageOptions {
  /** The nav entry to mark as the current page. */
  current?: string;
}

export function page(title: string, body: Raw, options: PageOptions = {}): string {
  const nav = NAV.map(([href, label]) =>
    href === options.current
      ? html`<li><a href="${href}" aria-current="page">${label}</a></li>`
      : html`<li><a href="${href}">${label}</a></li>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(title)}</title><link rel="stylesheet" href="/ui/style.css"></head>
<body><header><a class="brand" href="/ui">Accord Pact Broker</a><nav aria-label="Main">${html`<ul>${nav}</ul>`.html}</nav></header>
<main>${body.html}</main>
<footer>API: <a href="/.json">HAL index</a></footer></body></html>
`;
}
