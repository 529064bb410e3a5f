// One line of the broker's route table, `route(method, path, handler, access, body?)`, typed so a handler
// receives exactly what its body schema returns.

import type { BrokerDeps } from './deps.js';
import type { BodySchema } from './http/context.js';
import type { Handler as HttpHandler, Route as HttpRoute } from './http/router.js';
import type { Access, Method } from './http/types.js';

export type Handler<B = unknown> = HttpHandler<BrokerDeps, B>;
export type Body<B> = BodySchema<B, BrokerDeps>;
export type Route = HttpRoute<BrokerDeps>;

export function route(method: Method, path: string, handler: Handler<undefined>, access: Access): Route;
export function route<B>(
  method: Method,
  path: string,
  handler: Handler<B>,
  access: Access,
  body: Body<B>,
): Route;
export function route<B>(
  method: Method,
  path: string,
  handler: Handler<B>,
  access: Access,
  body?: Body<B>,
): Route {
  return body ? { method, path, handler, access, body } : { method, path, handler, access };
}

/** The input type a body schema produces: `Handler<BodyOf<typeof someBody>>`. */
// biome-ignore lint/suspicious/noExplicitAny: any schema, whatever its context arguments.
export type BodyOf<S extends (...args: any[]) => unknown> = Awaited<ReturnType<S>>;
