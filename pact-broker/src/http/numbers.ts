// The one parser of numbers in URLs (query parameters such as `page`, `size`, `limit`, and numeric path segments):
// plain decimal integers in a range, so `1e99`, `1.5`, `-1`, `NaN` and 30-digit values are refused by name.

import { BrokerError } from '../errors.js';
import type { RequestContext } from './context.js';

export interface IntegerRange {
  min?: number;
  max?: number;
}

/** The integer `raw` spells, or why it is not one in range (a message to follow the parameter's name). */
export function parseInteger(
  raw: string,
  { min = 1, max = Number.MAX_SAFE_INTEGER }: IntegerRange = {},
): { value: number } | { problem: string } {
  const range = `from ${min} to ${max}`;
  if (!/^[+-]?\d{1,20}$/.test(raw.trim())) return { problem: `must be an integer ${range}` };
  const value = Number(raw.trim());
  if (value < min || value > max) return { problem: `must be an integer ${range}` };
  return { value };
}

/**
 * The query parameter `name` as an integer, `fallback` when absent or empty; a 400 naming the parameter when it
 * is not a plain integer in range.
 */
export function queryInteger(
  ctx: RequestContext,
  name: string,
  fallback: number,
  range?: IntegerRange,
): number;
export function queryInteger(
  ctx: RequestContext,
  name: string,
  fallback?: undefined,
  range?: IntegerRange,
): number | undefined;
export function queryInteger(
  ctx: RequestContext,
  name: string,
  fallback?: number,
  range?: IntegerRange,
): number | undefined {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return fallback;
  const parsed = parseInteger(raw, range);
  if ('problem' in parsed) throw BrokerError.validation({ [name]: [parsed.problem] });
  return parsed.value;
}

/** A numeric path segment (a verification number): an integer in range, else the resource does not exist. */
export function pathInteger(ctx: RequestContext, name: string, range?: IntegerRange): number {
  const parsed = parseInteger(ctx.param(name), range);
  if ('problem' in parsed) throw BrokerError.notFound(`${name} ${parsed.problem}`);
  return parsed.value;
}

/** The largest page size any list accepts, and the largest page number (offsets stay far inside bigint). */
export const MAX_PAGE_SIZE = 1000;
export const MAX_PAGE_NUMBER = 10_000_000;

/** The largest value of a PostgreSQL `integer` column (verification numbers). */
export const MAX_INT4 = 2_147_483_647;
