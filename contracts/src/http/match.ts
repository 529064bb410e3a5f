// Matches a request's method and path against a route table's path templates (one `{name}` per segment),
// validating path parameters with their schemas; orders-service's router is built on it.
import type { HttpMethod } from '../catalog/types.js';
import type { RouteDeclaration } from './routes.js';

export type RouteMatch<R extends RouteDeclaration> =
  | { kind: 'route'; route: R; params: Record<string, string> }
  /** The path is a route's, the method is not: answer 405 with `Allow`. */
  | { kind: 'method-not-allowed'; allow: HttpMethod[] }
  | { kind: 'not-found' };

export interface RouteMatcher<R extends RouteDeclaration> {
  /** `path` is the URL path without query; a trailing slash is ignored. */
  match(method: string, path: string): RouteMatch<R>;
}

type Segment = { literal: string } | { parameter: string };

interface CompiledRoute<R> {
  route: R;
  segments: Segment[];
  literals: number;
  validate: Map<string, (value: string) => boolean>;
}

function compileTemplate(template: string): Segment[] {
  if (!template.startsWith('/')) throw new Error(`Route path "${template}" must start with "/"`);
  return template
    .slice(1)
    .split('/')
    .map((part) => {
      const parameter = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(part);
      if (parameter) return { parameter: parameter[1]! };
      if (part.includes('{') || part.includes('}')) {
        throw new Error(`Route path "${template}": a parameter must be a whole segment ("${part}")`);
      }
      return { literal: part };
    });
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Compiles the table once; `match` is then a walk over the routes' segments. */
export function createRouteMatcher<R extends RouteDeclaration>(routes: readonly R[]): RouteMatcher<R> {
  const compiled: CompiledRoute<R>[] = routes.map((route) => {
    const segments = compileTemplate(route.path);
    const validate = new Map<string, (value: string) => boolean>();
    for (const segment of segments) {
      if (!('parameter' in segment)) continue;
      const declared = route.parameters.find((p) => p.in === 'path' && p.name === segment.parameter);
      if (!declared) {
        throw new Error(
          `Route ${route.method} ${route.path} has no declaration for path parameter "${segment.parameter}"`,
        );
      }
      validate.set(segment.parameter, (value) => declared.schema.safeParse(value).success);
    }
    return { route, segments, literals: segments.filter((s) => 'literal' in s).length, validate };
  });
  // Most literal segments first, so "/orders/search" would win over "/orders/{id}".
  compiled.sort((a, b) => b.literals - a.literals);

  const paramsOf = (entry: CompiledRoute<R>, parts: string[]): Record<string, string> | undefined => {
    if (parts.length !== entry.segments.length) return undefined;
    const params: Record<string, string> = {};
    for (const [i, segment] of entry.segments.entries()) {
      const part = parts[i]!;
      if ('literal' in segment) {
        if (part !== segment.literal) return undefined;
        continue;
      }
      const value = decodeSegment(part);
      if (value === undefined || value === '' || !entry.validate.get(segment.parameter)!(value))
        return undefined;
      params[segment.parameter] = value;
    }
    return params;
  };

  return {
    match(method, path) {
      const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
      const parts = trimmed.slice(1).split('/');
      const allow: HttpMethod[] = [];
      for (const entry of compiled) {
        const params = paramsOf(entry, parts);
        if (params === undefined) continue;
        if (entry.route.method === method.toUpperCase()) return { kind: 'route', route: entry.route, params };
        if (!allow.includes(entry.route.method)) allow.push(entry.route.method);
      }
      return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
    },
  };
}
