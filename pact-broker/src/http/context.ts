// The per-request context handed to route handlers: params, query, the checked body, identity, link builder.

import type { IncomingHttpHeaders } from 'node:http';
import { BrokerError } from '../errors.js';
import { Checker } from '../validation/index.js';
import { jsonProblem } from '../validation/json.js';
import { Links } from './hal.js';
import type { Identity } from './types.js';

/**
 * A route's request-body check: reads the parsed JSON (undefined when the body is empty), records problems on
 * the shared `Checker` (one 400 naming every bad field, including those only the database can judge, such as an
 * unknown pacticipant) and returns the typed input the handler gets from `await ctx.body()`.
 */
export type BodySchema<B, D = unknown> = (
  json: unknown,
  check: Checker,
  ctx: RequestContext<unknown>,
  deps: D,
) => B | Promise<B>;

export class RequestContext<B = unknown> {
  readonly links: Links;
  readonly query: URLSearchParams;
  private schema: (() => Promise<B>) | undefined;
  private checked: Promise<B> | undefined;
  private parsed: { value: unknown } | undefined;

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

  /**
   * The body parsed as JSON (undefined when empty); 415 for a non-JSON content type, 400 when it is not JSON or
   * holds what cannot be stored as is (too deep, lone surrogates, NUL), naming where.
   */
  json(): unknown {
    if (this.rawBody.length === 0) return undefined;
    if (this.parsed) return this.parsed.value;
    const type = String(this.headers['content-type'] ?? '');
    if (type && !/json/i.test(type) && !/^text\/plain/i.test(type)) {
      throw new BrokerError(
        'unsupported_media_type',
        `Content-Type ${type} is not supported; send application/json`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(this.rawBody.toString('utf8'));
    } catch (err) {
      throw BrokerError.validation({ body: [`is not valid JSON: ${(err as Error).message}`] });
    }
    const problem = jsonProblem(value);
    if (problem) throw BrokerError.validation({ [problem.field]: [problem.message] });
    this.parsed = { value };
    return value;
  }

  /** The body's text as sent (for a document whose numbers must be kept as written). */
  bodyText(): string {
    return this.rawBody.toString('utf8');
  }

  /** Sets the route's body schema; it runs when the handler first asks for `body()`. */
  expectBody<D>(schema: BodySchema<B, D>, deps: D): void {
    this.schema = async () => {
      const check = new Checker();
      const value = await schema(this.json(), check, this as RequestContext<unknown>, deps);
      check.throwIfAny();
      return value;
    };
  }

  /**
   * The body as the route's schema returned it (a 400 naming every bad field, 415 for a non-JSON type). It is
   * checked where the handler first asks for it, so the handler decides whether a 404 on the URL comes first.
   */
  body(): Promise<B> {
    if (!this.checked) {
      if (!this.schema) throw new BrokerError('internal', `${this.method} ${this.path} has no body schema`);
      this.checked = this.schema();
    }
    return this.checked;
  }

  /**
   * Rejects a body that is not a JSON object (400/415) now, before the handler's 404 checks; the rest of the
   * schema still runs at `body()`. For routes whose resource lookups sit between those two checks.
   */
  requireJsonObject(): void {
    asJsonObject(this.json());
  }

  /** Whether a declared body was never read: a handler bug, reported by the server. */
  get bodyUnread(): boolean {
    return this.schema !== undefined && this.checked === undefined;
  }
}

/** A schema for a JSON-object body (an empty body counts as `{}`, as the official broker reads it). */
export function objectBody<B, D = unknown>(
  read: (
    body: Record<string, unknown>,
    check: Checker,
    ctx: RequestContext<unknown>,
    deps: D,
  ) => B | Promise<B>,
): BodySchema<B, D> {
  return (json, check, ctx, deps) => read(asJsonObject(json), check, ctx, deps);
}

function asJsonObject(json: unknown): Record<string, unknown> {
  if (json === undefined) return {};
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw BrokerError.validation({ body: ['must be a JSON object'] });
  }
  return json as Record<string, unknown>;
}

/** For write routes whose body carries nothing: it must still be a JSON object if sent. */
export const emptyObjectBody: BodySchema<undefined> = objectBody(() => undefined);
