// Official pagination of list resources: `?page=&size=` (or the older pageNumber/pageSize), the `page` summary and
// the next/previous links. Without either parameter a list is not paginated.

import { BrokerError } from '../errors.js';
import type { RequestContext } from './context.js';
import { MAX_PAGE_NUMBER, MAX_PAGE_SIZE, parseInteger } from './numbers.js';
import type { Link } from './types.js';

export interface Page {
  number: number;
  size: number;
}

/** The requested page, or undefined for an unpaginated list; 400 naming the parameter unless an integer in range. */
export function requestedPage(ctx: RequestContext): Page | undefined {
  const [pageKey, sizeKey] =
    ctx.query.has('page') || ctx.query.has('size') ? ['page', 'size'] : ['pageNumber', 'pageSize'];
  const rawPage = ctx.query.get(pageKey);
  const rawSize = ctx.query.get(sizeKey);
  if (rawPage === null && rawSize === null) return undefined;
  const errors: Record<string, string[]> = {};
  const read = (key: string, raw: string | null, fallback: number, max: number) => {
    if (raw === null || raw === '') return fallback;
    const parsed = parseInteger(raw, { min: 1, max });
    if ('problem' in parsed) {
      errors[key] = [parsed.problem];
      return fallback;
    }
    return parsed.value;
  };
  const number = read(pageKey, rawPage, 1, MAX_PAGE_NUMBER);
  const size = read(sizeKey, rawSize, 100, MAX_PAGE_SIZE);
  if (Object.keys(errors).length) throw BrokerError.validation(errors);
  return { number, size };
}

/**
 * The page a list that is always paginated shows when none is asked for: the first 100, upstream's default for its
 * branch list (its version lists are unpaginated then; see the README's deliberate differences).
 */
export const FIRST_PAGE: Page = { number: 1, size: 100 };

/** LIMIT/OFFSET of a page (everything when unpaginated). */
export function limitOffset(page: Page): { limit: number; offset: number };
export function limitOffset(page: Page | undefined): { limit: number | null; offset: number };
export function limitOffset(page: Page | undefined): { limit: number | null; offset: number } {
  return page ? { limit: page.size, offset: (page.number - 1) * page.size } : { limit: null, offset: 0 };
}

/** The `page` property and next/previous links of a paginated response (nothing when unpaginated). */
export function pageParts(
  page: Page | undefined,
  total: number,
  selfUrl: string,
): { page?: Record<string, number>; links: Record<string, Link> } {
  if (!page) return { links: {} };
  const totalPages = Math.ceil(total / page.size);
  const links: Record<string, Link> = {};
  if (page.number < totalPages)
    links.next = { href: `${selfUrl}?size=${page.size}&page=${page.number + 1}`, title: 'Next page' };
  if (page.number > 1)
    links.previous = { href: `${selfUrl}?size=${page.size}&page=${page.number - 1}`, title: 'Previous page' };
  return { page: { number: page.number, size: page.size, totalElements: total, totalPages }, links };
}

/** A HAL list with its `page` property and next/previous links added (unchanged when unpaginated). */
export function paginated<T extends { _links: Record<string, unknown> }>(
  body: T,
  page: Page | undefined,
  total: number,
  selfUrl: string,
): T & { page?: Record<string, number> } {
  const parts = pageParts(page, total, selfUrl);
  return {
    ...body,
    ...(parts.page ? { page: parts.page } : {}),
    _links: { ...body._links, ...parts.links },
  };
}
