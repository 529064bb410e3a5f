// Where provider verification gets its pacts and versions from: a pact URL, the broker, or consumers' pacts/ dirs on disk.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VerifierOptions } from '@pact-foundation/pact';

export const PROVIDER = 'orders-service';
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

type Env = Record<string, string | undefined>;
type Sources = Pick<
  VerifierOptions,
  | 'pactUrls'
  | 'pactBrokerUrl'
  | 'pactBrokerToken'
  | 'pactBrokerUsername'
  | 'pactBrokerPassword'
  | 'consumerVersionSelectors'
  | 'enablePending'
  | 'includeWipPactsSince'
  | 'publishVerificationResult'
  | 'providerVersion'
  | 'providerVersionBranch'
  | 'failIfNoPactsFound'
>;

/** Pact files for this provider in each consumer's pacts/ folder (PACT_DIRS, comma-separated, overrides). */
export function localPactFiles(env: Env): string[] {
  const dirs =
    env.PACT_DIRS?.split(',')
      .map((d) => d.trim())
      .filter(Boolean) ??
    readdirSync(join(REPO_ROOT, 'consumers'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(REPO_ROOT, 'consumers', d.name, 'pacts'));
  return dirs
    .filter((dir) => existsSync(dir))
    .flatMap((dir) =>
      readdirSync(dir)
        .filter((file) => file.endsWith(`-${PROVIDER}.json`))
        .map((file) => join(dir, file)),
    )
    .sort();
}

function git(args: string[]): string | undefined {
  try {
    return (
      execFileSync('git', args, {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/**
 * - PACT_URL: verify just that pact (the broker's contract_requiring_verification_published webhook passes it).
 * - PACT_BROKER_BASE_URL: pacts selected by consumer version selectors (main branch, deployed or released),
 *   pending and WIP pacts on.
 * - neither: the pact files on disk.
 * Results are published only with PACT_PUBLISH_VERIFICATION_RESULTS=true, as PACT_PROVIDER_VERSION (default
 * the git sha) on PACT_PROVIDER_BRANCH (default the git branch).
 */
export function pactSources(env: Env): Sources & { description: string } {
  const publish = env.PACT_PUBLISH_VERIFICATION_RESULTS === 'true';
  const brokerUrl = env.PACT_BROKER_BASE_URL;
  const providerVersion = env.PACT_PROVIDER_VERSION ?? git(['rev-parse', 'HEAD']);
  const providerVersionBranch = env.PACT_PROVIDER_BRANCH ?? git(['branch', '--show-current']);
  const versions = {
    ...(providerVersion === undefined ? {} : { providerVersion }),
    ...(providerVersionBranch === undefined ? {} : { providerVersionBranch }),
  };
  const auth = {
    ...(env.PACT_BROKER_TOKEN ? { pactBrokerToken: env.PACT_BROKER_TOKEN } : {}),
    ...(env.PACT_BROKER_USERNAME ? { pactBrokerUsername: env.PACT_BROKER_USERNAME } : {}),
    ...(env.PACT_BROKER_PASSWORD ? { pactBrokerPassword: env.PACT_BROKER_PASSWORD } : {}),
  };
  if (publish && providerVersion === undefined) {
    throw new Error('PACT_PUBLISH_VERIFICATION_RESULTS=true needs PACT_PROVIDER_VERSION (or a git checkout)');
  }
  if (env.PACT_URL) {
    return {
      description: `pact ${env.PACT_URL}`,
      pactUrls: [env.PACT_URL],
      ...auth,
      publishVerificationResult: publish,
      ...versions,
    };
  }
  if (brokerUrl) {
    return {
      description: `broker ${brokerUrl}`,
      pactBrokerUrl: brokerUrl,
      ...auth,
      consumerVersionSelectors: [
        { mainBranch: true },
        { deployedOrReleased: true },
        { matchingBranch: true },
      ],
      enablePending: true,
      includeWipPactsSince: env.PACT_INCLUDE_WIP_PACTS_SINCE ?? '2026-01-01',
      publishVerificationResult: publish,
      ...versions,
    };
  }
  const files = localPactFiles(env);
  if (files.length === 0) {
    throw new Error(
      `no pact files for ${PROVIDER} in consumers/*/pacts: run the consumers' tests first (npx turbo run test --filter='./consumers/*')`,
    );
  }
  return {
    description: `${files.length} local pact file(s)`,
    pactUrls: files,
    publishVerificationResult: false,
    ...versions,
  };
}
