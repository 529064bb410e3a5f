// The typed source of catalog.json: who owns each contract, how it may evolve and which versions exist.
// Add a version here and in registry.ts, then run `npm run generate -w @accord/contracts`. The HTTP
// operations of a contract come from the route table (src/http/routes.ts), never written here.
import { type ApiDeclaration, ordersApi } from '../http/routes.js';
import type { ContractName } from './registry.js';
import {
  type Catalog,
  type CompatibilityMode,
  type ContractEntry,
  type ContractKind,
  DEFAULT_COMPATIBILITY,
  type HttpBinding,
  type VersionStatus,
} from './types.js';

interface ContractDefinition {
  name: ContractName;
  kind: ContractKind;
  owner: string;
  description: string;
  /** Defaults to DEFAULT_COMPATIBILITY[kind]. */
  compatibility?: CompatibilityMode;
  versions: { version: number; status: VersionStatus }[];
}

const ORDERS = 'orders-service';

export const contractDefinitions: readonly ContractDefinition[] = [
  {
    name: 'OrderPlaced',
    kind: 'event',
    owner: ORDERS,
    description: 'Published once an order has been accepted; carries the lines and the total.',
    versions: [
      { version: 1, status: 'deprecated' },
      { version: 2, status: 'current' },
    ],
  },
  {
    name: 'OrderCancelled',
    kind: 'event',
    owner: ORDERS,
    description: 'Published when an order is cancelled, with the reason and any refund.',
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'CreateOrderRequest',
    kind: 'http-request',
    owner: ORDERS,
    description: 'Body of POST /orders: the customer, the lines and the shipping address.',
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'Order',
    kind: 'http-response',
    owner: ORDERS,
    description: 'An order with its status, lines, total and timestamps.',
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'OrderList',
    kind: 'http-response',
    owner: ORDERS,
    description: 'A page of orders from GET /orders?status=…, with a cursor for the next page.',
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'CancelOrderRequest',
    kind: 'http-request',
    owner: ORDERS,
    description: 'Body of POST /orders/{id}/cancel: the reason and an optional comment.',
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'ErrorResponse',
    kind: 'http-response',
    owner: ORDERS,
    description: 'Body of every 4xx/5xx response of the orders API: code, message, field details.',
    versions: [{ version: 1, status: 'current' }],
  },
];

/** Artifact path of one version, relative to the package root. */
export function artifactPath(name: string, version: number): string {
  return `schemas/${name}/v${version}.schema.json`;
}

/** Every operation whose request or response body is `contract`, in route-table order. */
function endpointsOf(contract: string, apis: readonly ApiDeclaration[] = [ordersApi]): HttpBinding[] {
  const out: HttpBinding[] = [];
  for (const route of apis.flatMap((api) => api.routes)) {
    if (route.requestBody?.contract === contract) out.push({ method: route.method, path: route.path });
    for (const r of route.responses) {
      if (r.body.contract === contract)
        out.push({ method: route.method, path: route.path, status: r.status });
    }
  }
  return out;
}

/** The catalog as written to catalog.json (key order fixed here, so the file is stable). */
export function buildCatalog(definitions: readonly ContractDefinition[] = contractDefinitions): Catalog {
  return {
    contracts: definitions.map((d): ContractEntry => {
      const endpoints = endpointsOf(d.name);
      return {
        name: d.name,
        kind: d.kind,
        owner: d.owner,
        description: d.description,
        compatibility: d.compatibility ?? DEFAULT_COMPATIBILITY[d.kind],
        ...(endpoints.length > 0 ? { http: { ...endpoints[0]! }, endpoints } : {}),
        versions: [...d.versions]
          .sort((a, b) => a.version - b.version)
          .map((v) => ({ version: v.version, status: v.status, schema: artifactPath(d.name, v.version) })),
      };
    }),
  };
}
