// HAL helpers: absolute links from the request's base URL, and the hal+json response shape.

import type { HttpResponse, Link } from './types.js';

export const HAL_CONTENT_TYPE = 'application/hal+json;charset=utf-8';

/** Builds a path from literal parts and values: path`/pacticipants/${name}` encodes each value (spaces as %20). */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += encodeURIComponent(String(v)) + (strings[i + 1] ?? '');
  });
  return out;
}

export function halResponse(body: unknown, status = 200, headers: Record<string, string> = {}): HttpResponse {
  return { status, body, headers: { 'Content-Type': HAL_CONTENT_TYPE, ...headers } };
}

export function textResponse(body: string, status = 200, type = 'text/plain'): HttpResponse {
  return { status, body, headers: { 'Content-Type': `${type};charset=utf-8` } };
}

export function noContent(): HttpResponse {
  return { status: 204 };
}

/** Link builder bound to one request's base URL. */
export class Links {
  constructor(readonly baseUrl: string) {}

  url(p: string): string {
    return this.baseUrl + (p.startsWith('/') ? p : `/${p}`);
  }

  link(p: string, extra: Omit<Link, 'href'> = {}): Link {
    return { href: this.url(p), ...extra };
  }

  /** A templated link: `{placeholders}` stay unencoded for clients to fill in. */
  template(p: string, title?: string): Link {
    return { href: this.url(p), ...(title ? { title } : {}), templated: true };
  }
}
