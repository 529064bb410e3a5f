// HAL helpers: absolute links from the request's base URL, and the hal+json response shape.

import type { HttpResponse } from './router.js';

export interface Link {
  href: string;
  title?: string;
  name?: string;
  templated?: boolean;
}

export const HAL_CONTENT_TYPE = 'application/hal+json;charset=utf-8';

/** Encodes one path segment the way the official broker does (spaces as %20). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

/** Builds a path from literal parts and values: path`/pacticipants/${name}` encodes each value. */
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

export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): HttpResponse {
  return { status, body, headers: { 'Content-Type': 'application/json;charset=utf-8', ...headers } };
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
