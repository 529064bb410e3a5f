// Content negotiation by the Accept header, in one place.

import type { IncomingHttpHeaders } from 'node:http';
import { BrokerError } from '../errors.js';

/** Browsers ask for text/html first; HAL clients ask for JSON. */
export function wantsHtml(headers: IncomingHttpHeaders): boolean {
  const accept = String(headers.accept ?? '');
  return /text\/html/i.test(accept) && !/^\s*application\/(hal\+)?json/i.test(accept);
}

/** `Accept: text/plain` asks for the text forms (matrix table, Prometheus metrics). */
export function wantsText(headers: IncomingHttpHeaders): boolean {
  return /text\/plain/.test(String(headers.accept ?? ''));
}

/**
 * Picks the representation for the Accept header among those a resource provides, in its order of preference
 * (the first for a missing Accept or `*\/*`), as Webmachine negotiates; 406 when none is acceptable.
 */
export function negotiate<T extends string>(headers: IncomingHttpHeaders, provided: readonly T[]): T {
  const accept = String(headers.accept ?? '').trim();
  if (accept === '') return provided[0]!;
  const wanted = accept
    .split(',')
    .map((part) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { range: range.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const w of wanted) {
    const [type, sub] = w.range.split('/');
    const hit = provided.find((p) => {
      const [pt, ps] = p.split('/');
      return (type === '*' || type === pt) && (sub === '*' || sub === ps);
    });
    if (hit) return hit;
  }
  throw new BrokerError(
    'not_acceptable',
    `None of the acceptable types (${accept}) is available: ${provided.join(', ')}`,
  );
}
