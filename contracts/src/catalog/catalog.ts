// The contract catalog at runtime (the same data as catalog.json, built from the typed source).
import { buildCatalog } from './definitions.js';
import type { Catalog, ContractEntry, ContractVersion } from './types.js';

export const catalog: Catalog = buildCatalog();

export function getContract(name: string): ContractEntry | undefined {
  return catalog.contracts.find((c) => c.name === name);
}

/** The version entry of a contract, or undefined. */
export function getContractVersion(name: string, version: number): ContractVersion | undefined {
  return getContract(name)?.versions.find((v) => v.version === version);
}

/** The version marked "current" (the newest one when several are). */
export function currentVersion(name: string): ContractVersion | undefined {
  const versions = getContract(name)?.versions.filter((v) => v.status === 'current') ?? [];
  return versions[versions.length - 1];
}
