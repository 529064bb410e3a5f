// A small path router over route tables: `/pacts/provider/:provider/…` patterns, URL-decoded params, literal
// segments beating params, 404 versus 405 with Allow, and HEAD answered by the GET route.

import { BrokerError } from '../errors.js';
import type { BodySchema, RequestContext } from './context.js';
import type { Access, HttpResponse, Method } from './types.js';

/** A named handler: the request context and the services `D` the broker wires in. */
export type Handler<D, B = unknown> = (
  ctx: RequestContext<B>,
  deps: D,
) => Promise<HttpResponse> | HttpResponse;

/** One line of a route table. */
export interface Route<D> {
  method: Method;
  /** Pattern with `:param` segments, e.g. `/pacticipants/:pacticipant/versions/:version`. */
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: each line pairs its handler with its own body type (see route()).
  handler: Handler<D, any>;
  access: Access;
  // biome-ignore lint/suspicious/noExplicitAny: as for handler.
  body?: BodySchema<any, D> | undefined;
}

export interface RouteMatch<D> {
  route: Route<D>;
  params: Record<string, string>;
}

interface Compiled<D> {
  route: Route<D>;
  segments: string[];
}

export class Router<D> {
  private readonly compiled: Array<Compiled<D>>;

  constructor(readonly routes: ReadonlyArray<Route<D>>) {
    const seen = new Set<string>();
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) throw new Error(`route ${key} is declared twice`);
      seen.add(key);
    }
    this.compiled = routes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));
  }

  /** Finds the route for a raw (still encoded) path. Literal segments beat params, earlier routes beat later. */
  match(method: string, rawPath: string): RouteMatch<D> {
    const parts = rawPath.split('/').filter(Boolean);
    let decoded: string[];
    try {
      decoded = parts.map((p) => decodeURIComponent(p));
    } catch {
      throw new BrokerError('validation', 'malformed URL', {
        errors: { path: ['is not valid percent-encoding'] },
      });
    }
    // PostgreSQL cannot store or even compare text with NUL in it.
    if (decoded.some((p) => p.includes('\u0000'))) {
      throw new BrokerError('validation', 'malformed URL', {
        errors: { path: ['cannot contain NUL characters (%00)'] },
      });
    }
    const wanted = method === 'HEAD' ? 'GET' : method;
    let best: { route: Route<D>; params: Record<string, string>; score: number } | undefined;
    const allowed = new Set<string>();
    for (const { route, segments } of this.compiled) {
      if (segments.length !== decoded.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < decoded.length; i++) {
        const seg = segments[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = decoded[i]!;
        else if (seg === decoded[i]) score += 1 << (decoded.length - i);
        else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.method !== wanted) {
        allowed.add(route.method);
        continue;
      }
      if (!best || score > best.score) best = { route, params, score };
    }
    if (best) return { route: best.route, params: best.params };
    if (allowed.size > 0) {
      throw new BrokerError('method_not_allowed', `${method} is not allowed here`, {
        extra: { allow: [...allowed].join(', ') },
      });
    }
    throw BrokerError.notFound();
  }
}
