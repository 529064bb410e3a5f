// The HTML answer to every 4xx/5xx under /ui: the same status and headers (WWW-Authenticate, Allow) as the API's
// JSON error, with the message as a page.

import type { HttpResponse } from '../http/types.js';
import { html, htmlResponse, page } from './html.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign in required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  500: 'Something went wrong',
};

function messageOf(body: unknown): string[] {
  const b = body as { error?: { message?: unknown }; errors?: unknown } | undefined;
  if (b?.error?.message) return [String(b.error.message)];
  const errors = b?.errors;
  if (Array.isArray(errors)) return errors.map(String);
  if (errors && typeof errors === 'object')
    return Object.entries(errors).flatMap(([field, list]) =>
      (Array.isArray(list) ? list : [list]).map((m) => `${field}: ${String(m)}`),
    );
  return [];
}

export function uiErrorPage(rawPath: string, error: HttpResponse): HttpResponse | undefined {
  if (rawPath !== '/ui' && !rawPath.startsWith('/ui/')) return undefined;
  const title = TITLES[error.status] ?? (error.status >= 500 ? 'Something went wrong' : 'Request failed');
  const messages = error.status >= 500 ? ['The broker log has the details.'] : messageOf(error.body);
  const { 'Content-Type': _type, ...headers } = error.headers ?? {};
  return htmlResponse(
    page(
      `${error.status} ${title}`,
      html`<h1>${title}</h1><p class="muted">HTTP ${error.status}</p>
        ${messages.map((m) => html`<p class="error-message">${m}</p>`)}
        <p><a href="/ui">Back to the overview</a></p>`,
    ),
    error.status,
    headers,
  );
}
