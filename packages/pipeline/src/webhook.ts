// Registers the broker webhook that starts the contract-requiring-verification workflow (a GitHub
// repository_dispatch carrying `${pactbroker.pactUrl}`), through the official `pact-broker` CLI.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ExecResult } from './exec.js';
import { exec } from './exec.js';
import { type BrokerTarget, pactBrokerBin } from './pact-cli.js';

/** The repository_dispatch body with the broker's template parameters (packages/pipeline/webhooks/). */
export const DISPATCH_TEMPLATE = fileURLToPath(new URL('../webhooks/github-dispatch.json', import.meta.url));

export interface WebhookArgs {
  /** `owner/name` of the GitHub repository whose workflow is dispatched. */
  repository: string;
  /** Where to POST (default the GitHub API dispatches endpoint of `repository`). */
  url?: string | undefined;
  /** Only pacts with this provider (default every provider). */
  provider?: string | undefined;
  /** Token sent as `Authorization: Bearer …` (a GitHub token allowed to dispatch). */
  token?: string | undefined;
}

/** A stable uuid per repository and provider, so re-running updates the same webhook instead of adding one. */
function webhookUuid(repository: string, provider: string | undefined): string {
  const h = createHash('sha256')
    .update(`accord:${repository}:${provider ?? '*'}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function createDispatchWebhook(
  root: string,
  broker: BrokerTarget,
  a: WebhookArgs,
): Promise<ExecResult> {
  const body = JSON.stringify(JSON.parse(await readFile(DISPATCH_TEMPLATE, 'utf8')));
  const url = a.url ?? `https://api.github.com/repos/${a.repository}/dispatches`;
  const args = [
    'create-or-update-webhook',
    url,
    '--uuid',
    webhookUuid(a.repository, a.provider),
    '--request',
    'POST',
    // One --header followed by every header: the CLI takes the values as a list and refuses a second flag.
    '--header',
    'Content-Type: application/json',
    'Accept: application/vnd.github+json',
    ...(a.token ? [`Authorization: Bearer ${a.token}`] : []),
    '--data',
    body,
    '--description',
    `GitHub ${a.repository}: verify changed pacts${a.provider ? ` of ${a.provider}` : ''}`,
    '--contract-requiring-verification-published',
    ...(a.provider ? ['--provider', a.provider] : []),
    '--broker-base-url',
    broker.url,
  ];
  const r = await exec(pactBrokerBin(root), args, {
    cwd: root,
    env: { ...broker.env, PACT_BROKER_BASE_URL: broker.url },
    timeoutMs: 60_000,
  });
  // The command line is shown on failure: never with the token in it.
  return a.token ? { ...r, command: r.command.split(a.token).join('***') } : r;
}
