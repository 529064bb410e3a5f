// Official `?q=` filter of list resources: a case-insensitive substring of a name, with `%` and `_` taken literally.

import type { RequestContext } from './context.js';

/** An ILIKE pattern for names containing `q` (backslash, PostgreSQL's default LIKE escape, escapes wildcards). */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The ILIKE pattern of the request's `q`, or null when it has none (an empty `q` matches every name, as upstream). */
export function requestedFilter(ctx: RequestContext): string | null {
  const q = ctx.query.get('q');
  return q === null || q === '' ? null : containsPattern(q);
}
