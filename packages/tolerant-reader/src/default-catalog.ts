// The default catalog source: the committed @accord/contracts catalog and artifacts.
import * as contracts from '@accord/contracts';
import type { CatalogSource } from './catalog.js';

let instance: CatalogSource | undefined;

/** One shared source, so validators compiled from @accord/contracts are compiled once per process. */
export function defaultCatalog(): CatalogSource {
  instance ??= {
    list: () => contracts.catalog.contracts,
    getContract: (name) => contracts.getContract(name),
    loadSchema: (name, version) => contracts.loadSchema(name, version),
  };
  return instance;
}
