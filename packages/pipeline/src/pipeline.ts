// The pipeline: the steps CI runs for every service, in order, with progress and a stop at the first failure.
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineError } from './errors.js';
import { type ExecResult, exec } from './exec.js';
import type { GitVersion } from './git.js';
import {
  type BrokerTarget,
  type CanIDeployAnswer,
  canIDeploy,
  doNotTrack,
  ensurePacticipant,
  publishPacts,
  recordDeployment,
} from './pact-cli.js';
import { formatDuration, type Reporter } from './progress.js';
import { baseVerdict, contractPairVerdicts, type SchemaVerdict } from './schema-verdict.js';
import { renderTable, shortVersion } from './table.js';
import {
  formatVerifications,
  type PactVerification,
  readVerifications,
  verificationRows,
} from './verification.js';
import {
  consumerPactScript,
  providerVerifyScript,
  type Service,
  selectServices,
  type Workspace,
} from './workspace.js';

export const STEP_NAMES = ['contracts', 'consumer-tests', 'publish', 'verify', 'deploy', 'report'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface PipelineConfig {
  workspace: Workspace;
  broker: BrokerTarget;
  git: GitVersion;
  /** Branch the `mainBranch` selector means for every pacticipant (ACCORD_MAIN_BRANCH, default `main`). */
  mainBranch: string;
  /** Environments to check and record deployments to, in order. */
  environments: string[];
  /** Steps to run (default all, in STEP_NAMES order). */
  steps: StepName[];
  /** Restrict to these services (pacticipant, package name or folder). */
  only: string[];
  /** Git ref for `accord diff --base` in the report (skipped when undefined). */
  diffBase?: string | undefined;
  buildUrl?: string | undefined;
  /** Use turbo (and its cache) for the contract check and consumer pact tests. */
  useTurbo: boolean;
  /** Stream child output live instead of showing it only on failure. */
  verbose: boolean;
  /** `check`: can-i-deploy only; `record`: record-deployment only; `both`: ask, then record when allowed. */
  deployMode: 'check' | 'record' | 'both';
  /** can-i-deploy polling while the answer is unknown. */
  retry?: { whileUnknown: number; interval: number } | undefined;
  reporter: Reporter;
}

export interface ServiceResult {
  pacticipant: string;
  role: Service['role'];
  published?: string[];
  /** The provider's verification passed (pending pacts that failed do not fail it). */
  verified?: boolean;
  /** Per pact, what the provider's verification run published. */
  verifications?: PactVerification[];
  canIDeploy: Record<string, CanIDeployAnswer>;
  deployedTo: string[];
}

export interface PipelineResult {
  ok: boolean;
  version: string;
  branch: string;
  services: ServiceResult[];
  schema?: SchemaVerdict;
  /** The step that failed, when ok is false. */
  failedStep?: StepName;
  /** The rendered can-i-deploy table and schema verdict (also printed). */
  summary: string;
}

interface Ctx {
  config: PipelineConfig;
  services: Service[];
  results: Map<string, ServiceResult>;
}

/** Turns a failed command into a step failure carrying its output. */
function check(r: ExecResult, what: string): ExecResult {
  if (r.exitCode !== 0) {
    throw new PipelineError('STEP_FAILED', `${what} failed (exit ${r.exitCode}): ${r.command}`, r.output);
  }
  return r;
}

function childEnv(ctx: Ctx): NodeJS.ProcessEnv {
  const { broker, git } = ctx.config;
  return {
    ...broker.env,
    // No usage telemetry from the Pact clients and verifier the steps run (a team expects none from CI).
    PACT_DO_NOT_TRACK: doNotTrack(broker.env),
    PACT_BROKER_BASE_URL: broker.url,
    ACCORD_VERSION: git.version,
    ACCORD_BRANCH: git.branch,
    // Names the provider verification reads (pact-js examples and our services use these).
    PACT_PROVIDER_VERSION: git.version,
    PACT_PROVIDER_BRANCH: git.branch,
    PACT_PUBLISH_VERIFICATION_RESULTS: 'true',
    GIT_COMMIT: git.version,
    GIT_BRANCH: git.branch,
  };
}

function run(ctx: Ctx, file: string, args: string[]): Promise<ExecResult> {
  const { config } = ctx;
  return exec(file, args, {
    cwd: config.workspace.root,
    env: childEnv(ctx),
    timeoutMs: 10 * 60_000,
    onOutput: config.verbose ? (chunk) => process.stdout.write(chunk) : undefined,
  });
}

function npm(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

function turbo(root: string): string {
  return join(root, 'node_modules', '.bin', 'turbo');
}

function resultFor(ctx: Ctx, s: Service): ServiceResult {
  let r = ctx.results.get(s.pacticipant);
  if (!r) {
    r = { pacticipant: s.pacticipant, role: s.role, canIDeploy: {}, deployedTo: [] };
    ctx.results.set(s.pacticipant, r);
  }
  return r;
}

async function pactFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
}

/** Consumers: services in consumers/ plus any provider that also writes pacts (a `pact` script). */
function consumers(ctx: Ctx): Service[] {
  return ctx.services.filter(
    (s) => consumerPactScript(s) !== undefined && (s.role === 'consumer' || s.scripts.pact !== undefined),
  );
}

function providers(ctx: Ctx): Service[] {
  return ctx.services.filter((s) => s.role === 'provider');
}

// ── steps ────────────────────────────────────────────────────────────────────────────────────────

async function stepContracts(ctx: Ctx): Promise<void> {
  const { root } = ctx.config.workspace;
  const pkg = join(root, 'contracts', 'package.json');
  if (!existsSync(pkg)) {
    ctx.config.reporter.detail('no contracts/ package: nothing to check');
    return;
  }
  const r = ctx.config.useTurbo
    ? await run(ctx, turbo(root), [
        'run',
        'check:artifacts',
        '--filter=@accord/contracts',
        '--output-logs=errors-only',
      ])
    : await run(ctx, npm(), ['run', 'check:artifacts', '--workspace', 'contracts']);
  check(r, 'contract artifact check (fix: npm run generate -w contracts)');
  ctx.config.reporter.detail('committed JSON Schema artifacts and generated types are up to date');
}

async function stepConsumerTests(ctx: Ctx): Promise<void> {
  const { root } = ctx.config.workspace;
  const list = consumers(ctx);
  if (list.length === 0) throw new PipelineError('STEP_FAILED', 'no consumer with a pact test script found');
  for (const s of list) await rm(s.pactDir, { recursive: true, force: true });
  // Consumers with a `pact` script run through turbo's `pact` task (cached; pacts/ restored from the cache).
  const viaTurbo = ctx.config.useTurbo ? list.filter((s) => s.scripts.pact !== undefined) : [];
  if (viaTurbo.length > 0) {
    const r = await run(ctx, turbo(root), [
      'run',
      'pact',
      ...viaTurbo.map((s) => `--filter=${s.packageName}`),
      '--output-logs=errors-only',
    ]);
    check(r, 'consumer pact tests');
  }
  for (const s of list) {
    const started = Date.now();
    if (!viaTurbo.includes(s)) {
      const script = consumerPactScript(s)!;
      check(await run(ctx, npm(), ['run', script, '--workspace', s.relDir]), `${s.pacticipant} pact tests`);
    }
    const files = await pactFiles(s.pactDir);
    if (files.length === 0) {
      throw new PipelineError(
        'STEP_FAILED',
        `${s.pacticipant}: its pact tests passed but wrote no pact file to ${s.pactDir}`,
      );
    }
    resultFor(ctx, s).published = files;
    ctx.config.reporter.detail(
      `${s.pacticipant}: ${files.join(', ')}${viaTurbo.includes(s) ? '' : ` (${formatDuration(Date.now() - started)})`}`,
    );
  }
}

async function stepPublish(ctx: Ctx): Promise<void> {
  const { root } = ctx.config.workspace;
  const { broker, git, mainBranch, buildUrl } = ctx.config;
  for (const s of ctx.services) {
    check(await ensurePacticipant(root, broker, s.pacticipant, mainBranch), `declaring ${s.pacticipant}`);
  }
  for (const s of consumers(ctx)) {
    const files = await pactFiles(s.pactDir);
    if (files.length === 0) {
      throw new PipelineError(
        'STEP_FAILED',
        `${s.pacticipant}: no pact files in ${s.pactDir}; run consumer-tests first`,
      );
    }
    check(
      await publishPacts(root, broker, {
        pactDir: s.pactDir,
        version: git.version,
        branch: git.branch,
        buildUrl,
      }),
      `publishing ${s.pacticipant}`,
    );
    resultFor(ctx, s).published = files;
    ctx.config.reporter.detail(
      `${s.pacticipant} ${shortVersion(git.version)} (${git.branch}): ${files.length} pact${files.length === 1 ? '' : 's'}`,
    );
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Runs each provider's verification and reads back, per pact, what it published: passed, FAILED, or FAILED
 * while pending (the verifier passes then, but the consumer cannot deploy). Hard failures fail the step;
 * pending ones are the step's warning.
 */
async function stepVerify(ctx: Ctx): Promise<string | undefined> {
  const { broker, git, reporter } = ctx.config;
  const list = providers(ctx).filter((s) => providerVerifyScript(s) !== undefined);
  if (list.length === 0)
    throw new PipelineError('STEP_FAILED', 'no provider with a verify:pacts script found');
  const failures: string[] = [];
  const warnings: string[] = [];
  for (const s of list) {
    const started = Date.now();
    const script = providerVerifyScript(s)!;
    // Results already there (an earlier run of this version) are not this run's.
    const before = await verificationRows(broker, s.pacticipant, git.version)
      .then((rows) => new Set(rows.keys()))
      .catch(() => undefined);
    const r = await run(ctx, npm(), ['run', script, '--workspace', s.relDir]);
    const results =
      before === undefined
        ? undefined
        : await readVerifications(
            broker,
            s.pacticipant,
            git.version,
            before,
            r.output,
            r.exitCode === 0,
          ).catch(() => undefined);
    const took = formatDuration(Date.now() - started);
    const who = `${s.pacticipant} ${shortVersion(git.version)}`;
    const failed = results?.filter((v) => !v.success) ?? [];
    const hard = failed.filter((v) => !v.pending);
    const soft = failed.filter((v) => v.pending);
    const result = resultFor(ctx, s);
    result.verified = r.exitCode === 0 && hard.length === 0;
    if (results !== undefined) result.verifications = results;
    if (results === undefined || results.length === 0 || (r.exitCode !== 0 && hard.length === 0)) {
      // Nothing this run published explains the outcome: the verifier's own output does.
      check(r, `${s.pacticipant} provider verification`);
      reporter.detail(
        `${who}: verified${results === undefined ? ' (its results could not be read back from the broker)' : ', no pact to verify'} (${took})`,
      );
      continue;
    }
    reporter.detail(`${who}: ${plural(results.length, 'pact')} verified, results published (${took})`);
    reporter.detail(formatVerifications(results).replace(/^/gm, '  '));
    const names = (l: PactVerification[]) => [...new Set(l.map((v) => v.consumer))].join(', ');
    if (hard.length > 0)
      failures.push(`${s.pacticipant}: ${plural(hard.length, 'pact')} FAILED (${names(hard)})`);
    if (soft.length > 0) warnings.push(`${plural(soft.length, 'pending pact')} FAILED (${names(soft)})`);
  }
  if (failures.length > 0) {
    throw new PipelineError(
      'STEP_FAILED',
      `provider verification FAILED: ${failures.join('; ')} (the mismatches are above; --verbose shows the verifier's whole output)`,
    );
  }
  return warnings.length > 0 ? warnings.join('; ') : undefined;
}

/** Providers go first: a consumer can only deploy next to a provider version that verified its pact. */
function deployOrder(ctx: Ctx): Service[] {
  const known = new Set([...consumers(ctx), ...providers(ctx)].map((s) => s.pacticipant));
  return [...providers(ctx), ...consumers(ctx).filter((s) => s.role === 'consumer')].filter((s) =>
    known.has(s.pacticipant),
  );
}

/** The integrations that keep a version from deploying: consumer version → provider version, and why. */
function blocking(a: CanIDeployAnswer): string[] {
  return a.rows
    .filter((r) => r.success !== true)
    .map(
      (r) =>
        `${r.consumer} ${shortVersion(r.consumerVersion)} → ${r.provider} ${shortVersion(r.providerVersion)}: ${
          r.success === false ? 'verification FAILED' : 'not verified yet'
        }${r.url ? ` (${r.url})` : ''}`,
    );
}

/** A refused can-i-deploy, once: the broker's reason, the blocking integrations, and notices that add to them. */
function describeRefusal(a: CanIDeployAnswer): string {
  const reasonLines = a.reason.split('\n').map((l) => l.trim());
  const notices = [...new Set(a.notices)].filter((n) => !reasonLines.includes(n.trim()));
  return [
    `${a.pacticipant} ${shortVersion(a.version)} → ${a.environment}: ${a.deployable === false ? 'no' : 'unknown'}`,
    ...reasonLines.filter(Boolean).map((l) => `  reason: ${l}`),
    ...blocking(a).map((b) => `  blocking: ${b}`),
    ...notices.map((n) => `  notice: ${n}`),
  ].join('\n');
}

async function stepDeploy(ctx: Ctx, environment: string): Promise<void> {
  const { root } = ctx.config.workspace;
  const { broker, git, reporter } = ctx.config;
  const refused: CanIDeployAnswer[] = [];
  for (const s of deployOrder(ctx)) {
    const mode = ctx.config.deployMode;
    if (mode === 'record') {
      check(
        await recordDeployment(root, broker, s.pacticipant, git.version, environment),
        'record-deployment',
      );
      resultFor(ctx, s).deployedTo.push(environment);
      reporter.detail(
        `${s.pacticipant}: deployment of ${shortVersion(git.version)} to ${environment} recorded`,
      );
      continue;
    }
    const answer = await canIDeploy(root, broker, s.pacticipant, git.version, environment, ctx.config.retry);
    resultFor(ctx, s).canIDeploy[environment] = answer;
    if (answer.deployable !== true) {
      // The others are still asked: each service deploys on its own.
      refused.push(answer);
      reporter.detail(`${s.pacticipant}: can-i-deploy ${answer.deployable === false ? 'NO' : 'unknown'}`);
      continue;
    }
    if (mode === 'both') {
      check(
        await recordDeployment(root, broker, s.pacticipant, git.version, environment),
        'record-deployment',
      );
      resultFor(ctx, s).deployedTo.push(environment);
    }
    reporter.detail(
      `${s.pacticipant}: can-i-deploy yes${mode === 'both' ? ', deployment recorded' : ''} — ${answer.reason}`,
    );
  }
  if (refused.length > 0) {
    throw new PipelineError(
      'STEP_FAILED',
      `can-i-deploy → ${environment}: ${refused.map((a) => a.pacticipant).join(', ')} may not deploy`,
      refused.map(describeRefusal).join('\n'),
    );
  }
}

async function stepReport(ctx: Ctx): Promise<{ summary: string; schema: SchemaVerdict }> {
  const { root } = ctx.config.workspace;
  const { broker, git, environments } = ctx.config;
  const rows: string[][] = [];
  for (const s of deployOrder(ctx)) {
    const row = [s.pacticipant, s.role, shortVersion(git.version)];
    for (const env of environments) {
      const a = await canIDeploy(root, broker, s.pacticipant, git.version, env);
      resultFor(ctx, s).canIDeploy[env] = a;
      const deployed = resultFor(ctx, s).deployedTo.includes(env) ? ' (deployed)' : '';
      row.push(`${a.deployable === true ? 'yes' : a.deployable === false ? 'NO' : 'unknown'}${deployed}`);
    }
    rows.push(row);
  }
  const table = renderTable(
    ['service', 'role', 'version', ...environments.map((e) => `can-i-deploy ${e}`)],
    rows,
  );
  // Each refusing service once: its environments together when the broker gives the same reason.
  const reasons: string[] = [];
  for (const r of ctx.results.values()) {
    const byReason = new Map<string, string[]>();
    for (const a of Object.values(r.canIDeploy)) {
      if (a.deployable === true) continue;
      byReason.set(a.reason, [...(byReason.get(a.reason) ?? []), a.environment]);
    }
    for (const [reason, envs] of byReason) reasons.push(`${r.pacticipant} → ${envs.join(', ')}: ${reason}`);
  }

  const pairs = await contractPairVerdicts(root);
  const base = ctx.config.diffBase ? await baseVerdict(root, ctx.config.diffBase) : undefined;
  const diffRows = pairs.map((p) => [
    p.contract,
    `v${p.from} → v${p.to}`,
    p.direction,
    p.error ? 'error' : p.compatible ? 'compatible' : 'BREAKING',
    p.error
      ? p.error.split('\n')[0]!
      : p.compatible
        ? `${p.additive} non-breaking change${p.additive === 1 ? '' : 's'}`
        : p.breaking.map((b) => `${b.rule} ${b.path}`).join('; '),
  ]);
  const parts = ['can-i-deploy', table];
  if (reasons.length > 0) parts.push('', ...reasons);
  parts.push('', 'schema-diff (consecutive contract versions)');
  parts.push(
    diffRows.length > 0
      ? renderTable(['contract', 'versions', 'direction', 'verdict', 'details'], diffRows)
      : '(no contract has more than one version)',
  );
  if (base) {
    // The diff's own output ends with its verdict ("Result: …"): the heading does not repeat it.
    parts.push(
      '',
      base.compatible === null
        ? `accord diff --base ${base.base}: error (exit ${base.exitCode})`
        : `accord diff --base ${base.base}`,
    );
    if (base.output) parts.push(base.output);
  }
  return { summary: parts.join('\n'), schema: { pairs, base } };
}

// ── runner ───────────────────────────────────────────────────────────────────────────────────────

interface PlannedStep {
  name: StepName;
  title: string;
  /** Resolves to a warning (a string) when the step passed with something to look at, e.g. a pending pact that failed. */
  run: () => Promise<unknown>;
}

export async function runPipeline(config: PipelineConfig): Promise<PipelineResult> {
  const ctx: Ctx = {
    config,
    services: selectServices(config.workspace.services, config.only),
    results: new Map(),
  };
  const { reporter, git } = config;
  let summary = '';
  let schema: SchemaVerdict | undefined;
  const plan: PlannedStep[] = [];
  const wanted = (n: StepName) => config.steps.includes(n);
  if (wanted('contracts'))
    plan.push({ name: 'contracts', title: 'check contract artifacts', run: () => stepContracts(ctx) });
  if (wanted('consumer-tests'))
    plan.push({ name: 'consumer-tests', title: 'consumer pact tests', run: () => stepConsumerTests(ctx) });
  if (wanted('publish')) plan.push({ name: 'publish', title: 'publish pacts', run: () => stepPublish(ctx) });
  if (wanted('verify'))
    plan.push({ name: 'verify', title: 'provider verification', run: () => stepVerify(ctx) });
  if (wanted('deploy')) {
    for (const env of config.environments) {
      plan.push({
        name: 'deploy',
        title: `${{ check: 'can-i-deploy', record: 'record-deployment', both: 'can-i-deploy + record-deployment' }[config.deployMode]} → ${env}`,
        run: () => stepDeploy(ctx, env),
      });
    }
  }
  if (wanted('report')) {
    plan.push({
      name: 'report',
      title: 'can-i-deploy table and schema-diff verdict',
      run: async () => {
        ({ summary, schema } = await stepReport(ctx));
      },
    });
  }

  reporter.line(
    `accord pipeline · version ${git.version}${git.dirty ? ' (uncommitted changes)' : ''} · branch ${git.branch} · broker ${config.broker.url}`,
  );
  const finish = (ok: boolean, failedStep?: StepName): PipelineResult => ({
    ok,
    version: git.version,
    branch: git.branch,
    services: [...ctx.results.values()],
    ...(schema ? { schema } : {}),
    ...(failedStep ? { failedStep } : {}),
    summary,
  });
  for (const [i, step] of plan.entries()) {
    const started = Date.now();
    reporter.stepStart(i + 1, plan.length, step.title);
    let warning: string | undefined;
    try {
      const outcome = await step.run();
      if (typeof outcome === 'string' && outcome !== '') warning = outcome;
    } catch (err) {
      reporter.stepEnd(i + 1, plan.length, step.title, false, Date.now() - started);
      const e =
        err instanceof PipelineError
          ? err
          : new PipelineError('STEP_FAILED', String((err as Error)?.stack ?? err));
      reporter.failure(e.message);
      if (e.output) reporter.failure(e.output);
      return finish(false, step.name);
    }
    reporter.stepEnd(i + 1, plan.length, step.title, true, Date.now() - started, warning);
  }
  if (summary) reporter.line(`\n${summary}\n`);
  return finish(true);
}
