// A small HAL client for the Pact Broker API: GET with auth, link templates, errors that name the request.
import { CliError } from '../errors.js';
import type { BrokerConfig } from './config.js';

export interface HalLink {
  href: string;
  name?: string;
  title?: string;
  templated?: boolean;
}
export type HalResource = Record<string, unknown> & { _links?: Record<string, HalLink | HalLink[]> };

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<Response>;

export class BrokerClient {
  private indexResource: Promise<HalResource> | undefined;

  constructor(
    readonly config: BrokerConfig,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  private headers(): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/hal+json, application/json' };
    const a = this.config.auth;
    if (a?.kind === 'bearer') h.authorization = `Bearer ${a.token}`;
    else if (a?.kind === 'basic')
      h.authorization = `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`;
    return h;
  }

  /** Absolute URL for a broker href or a path. */
  resolve(href: string): string {
    return new URL(href, `${this.config.url}/`).toString();
  }

  /** GETs a resource; `undefined` for 404 (the broker's "no such pacticipant/version/pact"). */
  async get(href: string): Promise<HalResource | undefined> {
    const url = this.resolve(href);
    const where = `GET ${url}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        headers: this.headers(),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (e) {
      const cause =
        (e as Error).name === 'TimeoutError'
          ? `no answer within ${this.config.timeoutMs} ms`
          : (e as Error).message;
      throw new CliError(
        'BROKER',
        `the Pact Broker at ${this.config.url} is not reachable (${where}): ${cause}`,
      );
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    const text = await res.text();
    if (res.status === 401 || res.status === 403) {
      throw new CliError(
        'BROKER',
        `the Pact Broker refused ${where} (${res.status}): set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD, to credentials that may read`,
      );
    }
    if (!res.ok)
      throw new CliError(
        'BROKER',
        `the Pact Broker answered ${res.status} to ${where}: ${text.slice(0, 300)}`,
      );
    try {
      return JSON.parse(text) as HalResource;
    } catch {
      throw new CliError(
        'BROKER',
        `the Pact Broker answered ${where} with a body that is not JSON: ${text.slice(0, 120)}`,
      );
    }
  }

  /** The API index (`GET /`), fetched once. */
  index(): Promise<HalResource> {
    this.indexResource ??= this.get('/').then((r) => {
      if (r === undefined)
        throw new CliError('BROKER', `${this.config.url} has no Pact Broker API index (GET / answered 404)`);
      return r;
    });
    return this.indexResource;
  }

  /** Expands a relation of the index (`pb:pacticipant` with `{ pacticipant }`); falls back to `fallback` when absent. */
  async relation(rel: string, params: Record<string, string>, fallback: string): Promise<string> {
    const link = firstLink((await this.index())._links?.[rel]);
    return expand(link?.href ?? fallback, params);
  }
}

export function firstLink(link: HalLink | HalLink[] | undefined): HalLink | undefined {
  return Array.isArray(link) ? link[0] : link;
}

export function links(resource: HalResource | undefined, rel: string): HalLink[] {
  const l = resource?._links?.[rel];
  return l === undefined ? [] : Array.isArray(l) ? l : [l];
}

/** Fills `{name}` placeholders with URL-encoded values (as the official clients do). */
export function expand(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : encodeURIComponent(params[name]),
  );
}
