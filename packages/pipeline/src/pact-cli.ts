// Thin wrappers over the official `pact-broker` CLI (from @pact-foundation/pact-cli): every broker write and
// every can-i-deploy question goes through it, so the same commands work against any Pact Broker or PactFlow.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PipelineError } from './errors.js';
import { type ExecResult, exec } from './exec.js';

export interface BrokerTarget {
  url: string;
  /** Environment passed to the CLI (credentials: PACT_BROKER_TOKEN / _USERNAME / _PASSWORD). */
  env: NodeJS.ProcessEnv;
}

/** Pact's clients send usage telemetry unless PACT_DO_NOT_TRACK is true: off unless the user turned it on. */
export function doNotTrack(env: NodeJS.ProcessEnv): string {
  return env.PACT_DO_NOT_TRACK ?? 'true';
}

export function pactBrokerBin(root: string): string {
  const bin = join(root, 'node_modules', '.bin', 'pact-broker');
  if (!existsSync(bin)) {
    throw new PipelineError('WORKSPACE', `${bin} not found: @pact-foundation/pact-cli is not installed`);
  }
  return bin;
}

function cli(root: string, broker: BrokerTarget, args: string[]): Promise<ExecResult> {
  return exec(pactBrokerBin(root), [...args, '--broker-base-url', broker.url], {
    cwd: root,
    env: { ...broker.env, PACT_DO_NOT_TRACK: doNotTrack(broker.env), PACT_BROKER_BASE_URL: broker.url },
    timeoutMs: 30 * 60_000,
  });
}

export interface PublishArgs {
  pactDir: string;
  version: string;
  branch: string;
  buildUrl?: string | undefined;
}

/** `pact-broker publish <dir> --consumer-app-version <v> --branch <b>`. */
export function publishPacts(root: string, broker: BrokerTarget, a: PublishArgs): Promise<ExecResult> {
  const args = ['publish', a.pactDir, '--consumer-app-version', a.version, '--branch', a.branch];
  if (a.buildUrl) args.push('--build-url', a.buildUrl);
  return cli(root, broker, args);
}

/** Declares the pacticipant's main branch so the `mainBranch` consumer version selector finds its pacts. */
export function ensurePacticipant(
  root: string,
  broker: BrokerTarget,
  name: string,
  mainBranch: string,
): Promise<ExecResult> {
  return cli(root, broker, ['create-or-update-pacticipant', '--name', name, '--main-branch', mainBranch]);
}

export function recordDeployment(
  root: string,
  broker: BrokerTarget,
  pacticipant: string,
  version: string,
  environment: string,
): Promise<ExecResult> {
  return cli(root, broker, [
    'record-deployment',
    '--pacticipant',
    pacticipant,
    '--version',
    version,
    '--environment',
    environment,
  ]);
}

export interface CanIDeployRow {
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
  success: boolean | null;
  /** The verification result in the broker, when there is one. */
  url?: string | undefined;
}

export interface CanIDeployAnswer {
  pacticipant: string;
  version: string;
  environment: string;
  /** true / false / null (unknown) as the broker's `summary.deployable`. */
  deployable: boolean | null;
  reason: string;
  rows: CanIDeployRow[];
  notices: string[];
  exitCode: number;
  /** The CLI's own output (JSON) for display on failure. */
  output: string;
}

interface MatrixJson {
  summary?: { deployable?: boolean | null; reason?: string };
  matrix?: Array<{
    consumer?: { name?: string; version?: { number?: string } };
    provider?: { name?: string; version?: { number?: string } | null };
    verificationResult?: { success?: boolean; _links?: { self?: { href?: string } } } | null;
  }>;
  notices?: Array<{ type?: string; text?: string }>;
}

/** Parses the matrix JSON the CLI prints with `--output json`. */
export function parseCanIDeploy(
  stdout: string,
): Pick<CanIDeployAnswer, 'deployable' | 'reason' | 'rows' | 'notices'> | undefined {
  const start = stdout.indexOf('{');
  if (start < 0) return undefined;
  let json: MatrixJson;
  try {
    json = JSON.parse(stdout.slice(start)) as MatrixJson;
  } catch {
    return undefined;
  }
  const rows = (json.matrix ?? []).map((r) => ({
    consumer: r.consumer?.name ?? '?',
    consumerVersion: r.consumer?.version?.number ?? '?',
    provider: r.provider?.name ?? '?',
    providerVersion: r.provider?.version?.number ?? '-',
    success: r.verificationResult ? (r.verificationResult.success ?? null) : null,
    url: r.verificationResult?._links?.self?.href,
  }));
  return {
    deployable: json.summary?.deployable ?? null,
    reason: json.summary?.reason ?? '',
    rows,
    notices: (json.notices ?? []).map((n) => n.text ?? '').filter(Boolean),
  };
}

/** `pact-broker can-i-deploy --pacticipant X --version V --to-environment E --output json`. */
export async function canIDeploy(
  root: string,
  broker: BrokerTarget,
  pacticipant: string,
  version: string,
  environment: string,
  retry: { whileUnknown: number; interval: number } = { whileUnknown: 0, interval: 10 },
): Promise<CanIDeployAnswer> {
  const polling =
    retry.whileUnknown > 0
      ? ['--retry-while-unknown', String(retry.whileUnknown), '--retry-interval', String(retry.interval)]
      : [];
  const r = await cli(root, broker, [
    'can-i-deploy',
    '--pacticipant',
    pacticipant,
    '--version',
    version,
    '--to-environment',
    environment,
    '--output',
    'json',
    ...polling,
  ]);
  const parsed = parseCanIDeploy(r.stdout);
  return {
    pacticipant,
    version,
    environment,
    deployable: parsed?.deployable ?? r.exitCode === 0,
    reason: parsed?.reason ?? r.output.trim().split('\n').slice(-3).join(' '),
    rows: parsed?.rows ?? [],
    notices: parsed?.notices ?? [],
    exitCode: r.exitCode,
    output: r.output,
  };
}
