// The per-request context handed to route handlers: params, query, parsed JSON body, identity, link builder.

import type { IncomingHttpHeaders } from 'node:http';
import { BrokerError } from '../errors.js';
import type { Identity } from './auth.js';
import { Links } from './hal.js';

export class RequestContext {
  readonly links: Links;
  readonly query: URLSearchParams;

  constructor(
    readonly method: string,
    /** Raw (encoded) path without the query string. */
    readonly path: string,
    /** Raw query string without the leading `?` (kept verbatim: Rack-style nested queries depend on order). */
    readonly rawQuery: string,
    readonly params: Record<string, string>,
    readonly headers: IncomingHttpHeaders,
    readonly identity: Identity,
    readonly baseUrl: string,
    private readonly rawBody: Buffer,
  ) {
    this.links = new Links(baseUrl);
    this.query = new URLSearchParams(rawQuery);
  }

  /** The absolute URL of this request (used for `self` links). */
  get url(): string {
    return this.baseUrl + this.path + (this.rawQuery ? `?${this.rawQuery}` : '');
  }

  param(name: string): string {
    const v = this.params[name];
    if (v === undefined) throw new BrokerError('internal', `route has no :${name} param`);
    return v;
  }

  get bodyText(): string {
    return this.rawBody.toString('utf8');
  }

  get hasBody(): boolean {
    return this.rawBody.length > 0;
  }

  /** The body parsed as JSON (undefined when empty); a 400 when it is not JSON. */
  json(): unknown {
    if (this.rawBody.length === 0) return undefined;
    const type = String(this.headers['content-type'] ?? '');
    if (type && !/json/i.test(type) && !/^text\/plain/i.test(type)) {
      throw new BrokerError(
        'unsupported_media_type',
        `Content-Type ${type} is not supported; send application/json`,
      );
    }
    try {
      return JSON.parse(this.bodyText);
    } catch (err) {
      throw BrokerError.validation({ body: [`is not valid JSON: ${(err as Error).message}`] });
    }
  }

  /** The body as a JSON object; empty bodies count as `{}`. */
  jsonObject(): Record<string, unknown> {
    const v = this.json();
    if (v === undefined) return {};
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw BrokerError.validation({ body: ['must be a JSON object'] });
    }
    return v as Record<string, unknown>;
  }
}
