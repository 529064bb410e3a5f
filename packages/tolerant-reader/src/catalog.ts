// Where the reader gets contract metadata and JSON Schema artifacts from: an injectable source.
import type { ContractKind, JsonSchema } from '@accord/contracts';
import { type CompatibilityMode, defaultModeFor } from '@accord/schema-diff';
import { ReadError } from './errors.js';

// The catalog vocabulary is the contracts package's, the mode vocabulary schema-diff's; re-exported so callers
// need one import.
export type { CompatibilityMode, ContractKind, JsonSchema };

/** The part of a catalog entry the reader needs (structurally compatible with @accord/contracts). */
export interface CatalogContract {
  name: string;
  kind: ContractKind;
  compatibility?: CompatibilityMode;
  versions: ReadonlyArray<{ version: number; status?: string }>;
}

/**
 * What a reader reads contracts from. @accord/contracts is the default; tests and tools can pass an
 * inline catalog (see `inlineCatalog`).
 */
export interface CatalogSource {
  /** Every contract, e.g. to build one reader per event type or a version-skew test matrix. */
  list(): readonly CatalogContract[];
  getContract(name: string): CatalogContract | undefined;
  /** The published artifact of one version; throws (any error) when it does not exist. */
  loadSchema(name: string, version: number): JsonSchema;
}

export interface InlineContract {
  name: string;
  kind: ContractKind;
  compatibility?: CompatibilityMode;
  versions: ReadonlyArray<{ version: number; status?: string; schema: JsonSchema }>;
}

/** A catalog held in memory: for tests, and for services that ship their own copy of the artifacts. */
export function inlineCatalog(contracts: readonly InlineContract[]): CatalogSource {
  const byName = new Map<string, InlineContract>(contracts.map((c) => [c.name, c]));
  const describe = (c: InlineContract): CatalogContract => ({
    name: c.name,
    kind: c.kind,
    ...(c.compatibility === undefined ? {} : { compatibility: c.compatibility }),
    versions: c.versions.map(({ version, status }) =>
      status === undefined ? { version } : { version, status },
    ),
  });
  return {
    list: () => contracts.map(describe),
    getContract(name) {
      const c = byName.get(name);
      return c === undefined ? undefined : describe(c);
    },
    loadSchema(name, version) {
      const schema = byName.get(name)?.versions.find((v) => v.version === version)?.schema;
      if (schema === undefined) throw new Error(`no schema for ${name} v${version}`);
      return schema;
    },
  };
}

/** The contract's compatibility mode, or the default for its kind (schema-diff's, as the catalog's). */
export function compatibilityOf(contract: CatalogContract): CompatibilityMode {
  return contract.compatibility ?? defaultModeFor(contract.kind);
}

export function requireContract(catalog: CatalogSource, name: string): CatalogContract {
  const contract = catalog.getContract(name);
  if (contract === undefined) {
    throw new ReadError('UNKNOWN_CONTRACT', `Contract "${name}" is not in the catalog`, { contract: name });
  }
  return contract;
}
