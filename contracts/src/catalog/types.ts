// Shapes of the contract catalog (catalog.json and the `catalog` export).
import { type CompatibilityMode, defaultModeFor } from '@accord/schema-diff';

// The compatibility-mode vocabulary is @accord/schema-diff's (it defines what each mode checks).
export type { CompatibilityMode };

export type ContractKind = 'event' | 'http-request' | 'http-response';

export type VersionStatus = 'current' | 'deprecated';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where an HTTP body travels: the operation and, for responses, the status code. */
export interface HttpBinding {
  method: HttpMethod;
  /** Path template, `{id}` for parameters, e.g. "/orders/{id}/cancel". */
  path: string;
  /** Response status; absent for request bodies. */
  status?: number;
}

export interface ContractVersion {
  version: number;
  status: VersionStatus;
  /** Artifact path relative to the package root, e.g. "schemas/OrderPlaced/v2.schema.json". */
  schema: string;
}

export interface ContractEntry {
  name: string;
  kind: ContractKind;
  /** The service that provides (and owns) the contract. */
  owner: string;
  description: string;
  compatibility: CompatibilityMode;
  /** HTTP contracts: the primary operation (the first of `endpoints`). */
  http?: HttpBinding;
  /** HTTP contracts: every operation whose body this is. */
  endpoints?: HttpBinding[];
  /** Ascending by version. */
  versions: ContractVersion[];
}

export interface Catalog {
  contracts: ContractEntry[];
}

/** A JSON Schema document as a plain object. */
export type JsonSchema = { [key: string]: unknown };

export const DEFAULT_COMPATIBILITY: Record<ContractKind, CompatibilityMode> = {
  event: defaultModeFor('event'),
  'http-response': defaultModeFor('http-response'),
  'http-request': defaultModeFor('http-request'),
};
