// Paths of the provider-contract resources and pages, built in one place for the API, the matrix and the pages.

import { path } from '../http/hal.js';

/** `/contracts/bi-directional/provider/{p}/version/{v}` */
export function contractBase(provider: string, version: string): string {
  return path`/contracts/bi-directional/provider/${provider}/version/${version}`;
}

/** The pair resource: the matrix row's result link. */
export function pairPath(
  provider: string,
  version: string,
  consumer: string,
  consumerVersion: string,
): string {
  return `${contractBase(provider, version)}${path`/consumer/${consumer}/version/${consumerVersion}`}/cross-contract-verification-results`;
}

export function uiContractPath(provider: string, version: string): string {
  return path`/ui/provider-contracts/provider/${provider}/version/${version}`;
}

export function uiPairPath(
  provider: string,
  version: string,
  consumer: string,
  consumerVersion: string,
): string {
  return path`/ui/cross-contract/provider/${provider}/version/${version}/consumer/${consumer}/version/${consumerVersion}`;
}
