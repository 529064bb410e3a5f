// Content negotiation by the Accept header, in one place.

import type { IncomingHttpHeaders } from 'node:http';

/** Browsers ask for text/html first; HAL clients ask for JSON. */
export function wantsHtml(headers: IncomingHttpHeaders): boolean {
  const accept = String(headers.accept ?? '');
  return /text\/html/i.test(accept) && !/^\s*application\/(hal\+)?json/i.test(accept);
}

/** `Accept: text/plain` asks for the text forms (matrix table, Prometheus metrics). */
export function wantsText(headers: IncomingHttpHeaders): boolean {
  return /text\/plain/.test(String(headers.accept ?? ''));
}
