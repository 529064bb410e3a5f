// The pages' own URLs, built in one place so every page links the same way.

import { path } from '../http/hal.js';

export const uiPacticipant = (name: string) => path`/ui/pacticipants/${name}`;
export const uiVersion = (name: string, version: string) =>
  path`/ui/pacticipants/${name}/versions/${version}`;
export const uiPact = (p: string, c: string, v?: string) =>
  v === undefined
    ? path`/ui/pacts/provider/${p}/consumer/${c}/latest`
    : path`/ui/pacts/provider/${p}/consumer/${c}/version/${v}`;
export const uiVerifications = (p: string, c: string) => path`/ui/verifications/provider/${p}/consumer/${c}`;
export const uiVerification = (p: string, c: string, sha: string, n: number) =>
  path`/ui/pacts/provider/${p}/consumer/${c}/pact-version/${sha}/verification-results/${n}`;

/** A page URL with a query string of the given (non-empty) parameters. */
function withQuery(base: string, params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export const uiMatrix = (params: Record<string, string | number | undefined | null>) =>
  withQuery('/ui/matrix', params);
export const uiCanIDeploy = (params: Record<string, string | undefined | null>) =>
  withQuery('/ui/can-i-deploy', params);
