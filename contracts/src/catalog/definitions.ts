// The typed source of catalog.json: who owns each contract, how it may evolve and which versions exist.
// Add a version here and in registry.ts, then run `npm run generate -w @accord/contracts`.
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
  endpoints?: HttpBinding[];
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
    endpoints: [{ method: 'POST', path: '/orders' }],
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'Order',
    kind: 'http-response',
    owner: ORDERS,
    description: 'An order with its status, lines, total and timestamps.',
    endpoints: [
      { method: 'POST', path: '/orders', status: 201 },
      { method: 'GET', path: '/orders/{id}', status: 200 },
      { method: 'POST', path: '/orders/{id}/cancel', status: 200 },
    ],
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'OrderList',
    kind: 'http-response',
    owner: ORDERS,
    description: 'A page of orders from GET /orders?status=…, with a cursor for the next page.',
    endpoints: [{ method: 'GET', path: '/orders', status: 200 }],
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'CancelOrderRequest',
    kind: 'http-request',
    owner: ORDERS,
    description: 'Body of POST /orders/{id}/cancel: the reason and an optional comment.',
    endpoints: [{ method: 'POST', path: '/orders/{id}/cancel' }],
    versions: [{ version: 1, status: 'current' }],
  },
  {
    name: 'ErrorResponse',
    kind: 'http-response',
    owner: ORDERS,
    description: 'Body of every 4xx/5xx response of the orders API: code, message, field details.',
    endpoints: [
      { method: 'POST', path: '/orders', status: 400 },
      { method: 'GET', path: '/orders', status: 400 },
      { method: 'GET', path: '/orders/{id}', status: 404 },
      { method: 'POST', path: '/orders/{id}/cancel', status: 400 },
      { method: 'POST', path: '/orders/{id}/cancel', status: 404 },
      { method: 'POST', path: '/orders/{id}/cancel', status: 409 },
    ],
    versions: [{ version: 1, status: 'current' }],
  },
];

/** Artifact path of one version, relative to the package root. */
export function artifactPath(name: string, version: number): string {
  return `schemas/${name}/v${version}.schema.json`;
}

/** The catalog as written to catalog.json (key order fixed here, so the file is stable). */
export function buildCatalog(definitions: readonly ContractDefinition[] = contractDefinitions): Catalog {
  return {
    contracts: definitions.map(
      (d): ContractEntry => ({
        name: d.name,
        kind: d.kind,
        owner: d.owner,
        description: d.description,
        compatibility: d.compatibility ?? DEFAULT_COMPATIBILITY[d.kind],
        ...(d.endpoints && d.endpoints.length > 0
          ? { http: { ...d.endpoints[0]! }, endpoints: d.endpoints.map((e) => ({ ...e })) }
          : {}),
        versions: [...d.versions]
          .sort((a, b) => a.version - b.version)
          .map((v) => ({ version: v.version, status: v.status, schema: artifactPath(d.name, v.version) })),
      }),
    ),
  };
}
