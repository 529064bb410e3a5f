// A small path router: `/pacts/provider/:provider/…` patterns, URL-decoded params, 404 vs 405, and per-route access.

import { BrokerError } from '../errors.js';
import type { RequestContext } from './context.js';

export interface HttpResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Promise<HttpResponse> | HttpResponse;

/** `read` = GET-like (read-only users and public read may call it), `write` = needs write credentials, `public` = no auth. */
export type Access = 'read' | 'write' | 'public';

export interface RouteOptions {
  access?: Access;
}

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
  access: Access;
  pattern: string;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
  access: Access;
  pattern: string;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    const m = method.toUpperCase();
    this.routes.push({
      method: m,
      segments: pattern.split('/').filter(Boolean),
      handler,
      access: options.access ?? (READ_METHODS.has(m) ? 'read' : 'write'),
      pattern,
    });
    return this;
  }

  get(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('GET', pattern, handler, options);
  }
  post(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('POST', pattern, handler, options);
  }
  put(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('PUT', pattern, handler, options);
  }
  patch(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('PATCH', pattern, handler, options);
  }
  delete(pattern: string, handler: Handler, options?: RouteOptions): this {
    return this.add('DELETE', pattern, handler, options);
  }

  /** Finds the route for a raw (still encoded) path. Literal segments beat params, earlier routes beat later. */
  match(method: string, rawPath: string): RouteMatch {
    const parts = rawPath.split('/').filter(Boolean);
    let decoded: string[];
    try {
      decoded = parts.map((p) => decodeURIComponent(p));
    } catch {
      throw new BrokerError('validation', 'malformed URL', {
        errors: { path: ['is not valid percent-encoding'] },
      });
    }
    let best: { route: Route; params: Record<string, string>; score: number } | undefined;
    const allowed = new Set<string>();
    for (const route of this.routes) {
      if (route.segments.length !== decoded.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < decoded.length; i++) {
        const seg = route.segments[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = decoded[i]!;
        else if (seg === decoded[i]) score += 1 << (decoded.length - i);
        else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const m = method === 'HEAD' ? 'GET' : method;
      if (route.method !== m) {
        allowed.add(route.method);
        continue;
      }
      if (!best || score > best.score) best = { route, params, score };
    }
    if (best) {
      return {
        handler: best.route.handler,
        params: best.params,
        access: best.route.access,
        pattern: best.route.pattern,
      };
    }
    if (allowed.size > 0) {
      throw new BrokerError('method_not_allowed', `${method} is not allowed here`, {
        extra: { allow: [...allowed].join(', ') },
      });
    }
    throw BrokerError.notFound();
  }
}
