// Test helpers for scenarios over the HTTP API: publish a pact, publish a verification, record deployments and
// releases, read environments and the matrix.

import { api, getThing, pactDoc, publish } from './clients.js';

export async function publishPact(
  url: string,
  consumer: string,
  version: string,
  provider: string,
  body: unknown,
  opts: { branch?: string; tags?: string[] } = {},
): Promise<void> {
  const res = await publish(url, {
    consumer,
    provider,
    version,
    content: pactDoc(consumer, provider, [getThing('/thing', body)]),
    ...opts,
  });
  if (res.status >= 300) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
}

/** Publishes a verification result for the pact of consumer@version through its pb:publish-verification-results link. */
export async function verify(
  url: string,
  consumer: string,
  version: string,
  provider: string,
  providerVersion: string,
  success: boolean,
  opts: { branch?: string } = {},
): Promise<void> {
  if (opts.branch) {
    const r = await api(
      url,
      'PUT',
      `/pacticipants/${provider}/branches/${opts.branch}/versions/${providerVersion}`,
      {},
    );
    if (r.status >= 300) throw new Error(`branch failed: ${r.status}`);
  }
  const pact = await api(url, 'GET', `/pacts/provider/${provider}/consumer/${consumer}/version/${version}`);
  if (pact.status !== 200) throw new Error(`no pact ${consumer} ${version} ${provider}: ${pact.status}`);
  const href = pact.body._links['pb:publish-verification-results'].href as string;
  const res = await fetch(href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ success, providerApplicationVersion: providerVersion }),
  });
  if (res.status !== 201) throw new Error(`verification failed: ${res.status} ${await res.text()}`);
}

export async function environmentUuid(url: string, name: string): Promise<string> {
  const r = await api(url, 'GET', `/environments?name=${encodeURIComponent(name)}`);
  const env = r.body._embedded.environments[0];
  if (!env) throw new Error(`no environment ${name}`);
  return env.uuid as string;
}

export async function deploy(url: string, pacticipant: string, version: string, env: string): Promise<void> {
  const uuid = await environmentUuid(url, env);
  const r = await api(
    url,
    'POST',
    `/pacticipants/${pacticipant}/versions/${version}/deployed-versions/environment/${uuid}`,
    {},
  );
  if (r.status !== 201) throw new Error(`deploy failed: ${r.status} ${JSON.stringify(r.body)}`);
}

export async function release(url: string, pacticipant: string, version: string, env: string): Promise<void> {
  const uuid = await environmentUuid(url, env);
  const r = await api(
    url,
    'POST',
    `/pacticipants/${pacticipant}/versions/${version}/released-versions/environment/${uuid}`,
    {},
  );
  if (r.status !== 201) throw new Error(`release failed: ${r.status} ${JSON.stringify(r.body)}`);
}

export interface MatrixBody {
  summary: {
    deployable: boolean | null;
    reason: string;
    success: number;
    failed: number;
    unknown: number;
    ignored?: number;
  };
  notices: Array<{ type: string; text: string }>;
  matrix: Array<{
    consumer: { name: string; version: { number: string } };
    provider: { name: string; version: { number: string } | null };
    verificationResult: { success: boolean; _links: { self: { href: string } } } | null;
    ignored?: boolean;
  }>;
}

export async function matrix(
  url: string,
  query: string,
): Promise<{ status: number; body: MatrixBody & { errors?: string[] } }> {
  return api(url, 'GET', `/matrix?${query}`);
}
