// The HTTP routes a contract is the body of, and the request contract that travels with a route: the one
// place `accord new consumer` reads the catalog's route declarations from.
import { type ContractEntry, catalog, type HttpBinding } from '@accord/contracts';

/** A route and the response status that carries the contract, e.g. GET /orders/{id} → 200. */
export interface Route {
  method: HttpBinding['method'];
  path: string;
  status: number;
}

/** `GET /orders/{id}`: how routes are named on the command line and in the provider's state declaration. */
export function routeName(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** Every route whose response body is `entry` (an http-response contract), in catalog order. */
export function responseRoutes(entry: ContractEntry): Route[] {
  const bindings = entry.endpoints ?? (entry.http ? [entry.http] : []);
  return bindings.map((b) => ({ method: b.method, path: b.path, status: b.status ?? 200 }));
}

/** The request body contract of a route (an http-request contract of the same provider), if it has one. */
export function requestContract(
  provider: string,
  route: Pick<Route, 'method' | 'path'>,
): ContractEntry | undefined {
  return catalog.contracts.find(
    (c) =>
      c.kind === 'http-request' &&
      c.owner === provider &&
      (c.endpoints ?? (c.http ? [c.http] : [])).some(
        (b) => b.method === route.method && b.path === route.path,
      ),
  );
}
