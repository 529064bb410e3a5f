// `accord-pipeline provider-contract`: for each provider that declares a provider contract, run its
// self-verification (the tests that check the service against its OpenAPI document), then publish the document
// with that result through the official `pactflow publish-provider-contract` — whatever the result, so the broker
// knows a failed self-verification and consumers' can-i-deploy says no.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { PipelineError } from './errors.js';
import { type ExecResult, exec } from './exec.js';
import type { GitVersion } from './git.js';
import type { BrokerTarget } from './pact-cli.js';
import type { Reporter } from './progress.js';
import { shortVersion } from './table.js';
import type { Service } from './workspace.js';

/** `"accord": { "providerContract": { … } }` in a provider's package.json. */
export interface ProviderContractManifest {
  /** The OpenAPI document, relative to the package (e.g. the one @accord/contracts generates). */
  document: string;
  /** npm script of the self-verification; run with `-- --outputFile.json=<report>` (vitest's JSON reporter). */
  selfVerification: string;
  /** Sent as --content-type (default application/yaml). */
  contentType?: string;
  /** Sent as --verifier (default vitest). */
  verifier?: string;
}

export interface ProviderContractOptions {
  root: string;
  broker: BrokerTarget;
  git: GitVersion;
  buildUrl?: string | undefined;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  verbose: boolean;
}

export interface ProviderContractOutcome {
  pacticipant: string;
  selfVerified: boolean;
  published: boolean;
}

/** The provider-contract block of a service, or undefined when it does not publish one. */
export async function providerContractOf(service: Service): Promise<ProviderContractManifest | undefined> {
  const pkg = JSON.parse(await readFile(join(service.dir, 'package.json'), 'utf8')) as {
    accord?: { providerContract?: Partial<ProviderContractManifest> };
  };
  const m = pkg.accord?.providerContract;
  if (m === undefined) return undefined;
  if (typeof m.document !== 'string' || typeof m.selfVerification !== 'string') {
    throw new PipelineError(
      'WORKSPACE',
      `${service.relDir}/package.json: accord.providerContract needs "document" and "selfVerification"`,
    );
  }
  if (service.scripts[m.selfVerification] === undefined) {
    throw new PipelineError(
      'WORKSPACE',
      `${service.relDir}/package.json: accord.providerContract.selfVerification names no script ("${m.selfVerification}")`,
    );
  }
  return m as ProviderContractManifest;
}

function pactflowBin(root: string): string {
  const bin = join(root, 'node_modules', '.bin', 'pactflow');
  if (!existsSync(bin)) {
    throw new PipelineError('WORKSPACE', `${bin} not found: @pact-foundation/pact-cli is not installed`);
  }
  return bin;
}

/** The `pactflow publish-provider-contract` arguments for one provider (exported for the tests and the README). */
export function publishArgs(
  pacticipant: string,
  document: string,
  o: {
    version: string;
    branch: string;
    exitCode: number;
    report: string | undefined;
    buildUrl?: string | undefined;
  },
  manifest: Pick<ProviderContractManifest, 'contentType' | 'verifier'>,
): string[] {
  return [
    'publish-provider-contract',
    document,
    '--provider',
    pacticipant,
    '--provider-app-version',
    o.version,
    '--branch',
    o.branch,
    '--content-type',
    manifest.contentType ?? 'application/yaml',
    '--verification-exit-code',
    String(o.exitCode),
    ...(o.report
      ? [
          '--verification-results',
          o.report,
          '--verification-results-content-type',
          'application/json',
          '--verification-results-format',
          'json',
        ]
      : []),
    // The CLI sends the result only with --verification-results, --verifier or --verifier-version.
    '--verifier',
    manifest.verifier ?? 'vitest',
    ...(o.buildUrl ? ['--build-url', o.buildUrl] : []),
  ];
}

function check(r: ExecResult, what: string): ExecResult {
  if (r.exitCode !== 0)
    throw new PipelineError('STEP_FAILED', `${what} failed (exit ${r.exitCode}): ${r.command}`, r.output);
  return r;
}

/** Self-verifies and publishes each provider's contract; fails when a self-verification failed (after publishing it). */
export async function publishProviderContracts(
  services: Service[],
  o: ProviderContractOptions,
): Promise<ProviderContractOutcome[]> {
  const outcomes: ProviderContractOutcome[] = [];
  const failed: string[] = [];
  for (const s of services.filter((x) => x.role === 'provider')) {
    const manifest = await providerContractOf(s);
    if (!manifest) continue;
    const document = resolve(s.dir, manifest.document);
    if (!existsSync(document)) {
      throw new PipelineError(
        'WORKSPACE',
        `${s.pacticipant}: provider contract ${relative(o.root, document)} does not exist`,
      );
    }
    const dir = await mkdtemp(join(tmpdir(), 'accord-self-verification-'));
    try {
      const report = join(dir, 'report.json');
      const self = await exec(
        'npm',
        ['run', manifest.selfVerification, '--workspace', s.relDir, '--', `--outputFile.json=${report}`],
        {
          cwd: o.root,
          env: o.env,
          timeoutMs: 10 * 60_000,
          onOutput: o.verbose ? (chunk) => process.stdout.write(chunk) : undefined,
        },
      );
      const published = await exec(
        pactflowBin(o.root),
        [
          ...publishArgs(
            s.pacticipant,
            document,
            {
              version: o.git.version,
              branch: o.git.branch,
              exitCode: self.exitCode,
              report: existsSync(report) ? report : undefined,
              buildUrl: o.buildUrl,
            },
            manifest,
          ),
          '--broker-base-url',
          o.broker.url,
        ],
        { cwd: o.root, env: { ...o.broker.env, PACT_BROKER_BASE_URL: o.broker.url }, timeoutMs: 10 * 60_000 },
      );
      check(published, `publishing the provider contract of ${s.pacticipant}`);
      outcomes.push({ pacticipant: s.pacticipant, selfVerified: self.exitCode === 0, published: true });
      o.reporter.detail(
        `${s.pacticipant} ${shortVersion(o.git.version)}: ${relative(o.root, document)} published with ${self.exitCode === 0 ? 'a passing' : 'a FAILED'} self-verification`,
      );
      if (self.exitCode !== 0) failed.push(`${s.pacticipant}:\n${self.output}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (outcomes.length === 0)
    o.reporter.detail('no provider declares accord.providerContract: nothing to publish');
  if (failed.length > 0) {
    throw new PipelineError(
      'STEP_FAILED',
      'a provider failed its self-verification (published as failed)',
      failed.join('\n'),
    );
  }
  return outcomes;
}
