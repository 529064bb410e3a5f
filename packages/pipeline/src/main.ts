// accord-pipeline's commands: run steps against a broker, or `start` (embedded broker, whole pipeline, stay open).
import { appendFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { connectBroker, type RunningBroker, startEmbeddedBroker } from './broker.js';
import { type CliConfig, parseArgs, stepsFor, usage } from './config.js';
import { PipelineError } from './errors.js';
import { terminateChildren } from './exec.js';
import { resolveGitVersion } from './git.js';
import type { BrokerTarget } from './pact-cli.js';
import { type PipelineResult, runPipeline } from './pipeline.js';
import { textReporter } from './progress.js';
import { publishProviderContracts } from './provider-contract.js';
import { createDispatchWebhook } from './webhook.js';
import { findWorkspaceRoot, loadWorkspace, selectServices } from './workspace.js';

export interface MainIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by `start` to keep the broker open. */
  untilSignal(): Promise<string>;
}

function processIo(): MainIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    untilSignal: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      }),
  };
}

function brokerTarget(config: CliConfig, url: string): BrokerTarget {
  return { url, env: config.env };
}

async function pipelineFor(config: CliConfig, io: MainIo, broker: BrokerTarget): Promise<PipelineResult> {
  const root = findWorkspaceRoot(config.cwd);
  const workspace = await loadWorkspace(root);
  const git = await resolveGitVersion(root, config.env);
  return runPipeline({
    workspace,
    broker,
    git,
    mainBranch: config.mainBranch,
    environments: config.environments,
    steps: stepsFor(config.command),
    only: config.only,
    // Without a base, compare the working tree with the last commit: shows uncommitted contract edits.
    diffBase: config.diffBase ?? (git.commit ? 'HEAD' : undefined),
    buildUrl: config.buildUrl,
    useTurbo: config.useTurbo,
    verbose: config.verbose,
    deployMode:
      config.command === 'can-i-deploy'
        ? 'check'
        : config.command === 'record-deployment'
          ? 'record'
          : 'both',
    retry: { whileUnknown: config.retryWhileUnknown, interval: config.retryInterval },
    reporter: textReporter(io.stdout, config.color),
  });
}

async function commandVersion(config: CliConfig, io: MainIo): Promise<number> {
  const v = await resolveGitVersion(findWorkspaceRoot(config.cwd), config.env);
  io.stdout(config.json ? `${JSON.stringify(v)}\n` : `version=${v.version}\nbranch=${v.branch}\n`);
  if (config.githubOutput)
    await appendFile(config.githubOutput, `version=${v.version}\nbranch=${v.branch}\n`);
  return 0;
}

async function commandServices(config: CliConfig, io: MainIo): Promise<number> {
  const ws = await loadWorkspace(findWorkspaceRoot(config.cwd));
  const list = selectServices(ws.services, config.only)
    .filter((s) => config.role === undefined || s.role === config.role)
    .map((s) => ({ pacticipant: s.pacticipant, package: s.packageName, role: s.role, dir: s.relDir }));
  io.stdout(
    config.json
      ? `${JSON.stringify(list)}\n`
      : `${list.map((s) => `${s.pacticipant}\t${s.role}\t${s.dir}`).join('\n')}\n`,
  );
  if (config.githubOutput) await appendFile(config.githubOutput, `services=${JSON.stringify(list)}\n`);
  return 0;
}

async function commandWebhook(config: CliConfig, io: MainIo): Promise<number> {
  if (!config.brokerUrl)
    throw new PipelineError('CONFIG', 'webhook needs a broker: set PACT_BROKER_BASE_URL or --broker-url');
  if (!config.repository) throw new PipelineError('CONFIG', 'webhook needs --repository owner/name');
  const root = findWorkspaceRoot(config.cwd);
  const r = await createDispatchWebhook(root, brokerTarget(config, config.brokerUrl), {
    repository: config.repository,
    url: config.dispatchUrl,
    provider: config.only[0],
    token: config.env.ACCORD_GITHUB_TOKEN,
  });
  if (r.exitCode !== 0)
    throw new PipelineError('STEP_FAILED', `creating the webhook failed: ${r.command}`, r.output);
  io.stdout(r.output);
  return 0;
}

async function commandProviderContract(config: CliConfig, io: MainIo): Promise<number> {
  if (!config.brokerUrl)
    throw new PipelineError(
      'CONFIG',
      'provider-contract needs a broker: set PACT_BROKER_BASE_URL or --broker-url',
    );
  const root = findWorkspaceRoot(config.cwd);
  const workspace = await loadWorkspace(root);
  const reporter = textReporter(io.stdout, config.color);
  const title = 'self-verification + publish provider contract';
  const started = Date.now();
  reporter.stepStart(1, 1, title);
  try {
    await publishProviderContracts(selectServices(workspace.services, config.only), {
      root,
      broker: brokerTarget(config, (await connectBroker(config.brokerUrl)).url),
      git: await resolveGitVersion(root, config.env),
      buildUrl: config.buildUrl,
      env: config.env,
      reporter,
      verbose: config.verbose,
    });
  } catch (err) {
    reporter.stepEnd(1, 1, title, false, Date.now() - started);
    throw err;
  }
  reporter.stepEnd(1, 1, title, true, Date.now() - started);
  return 0;
}

async function commandStart(config: CliConfig, io: MainIo): Promise<number> {
  const root = findWorkspaceRoot(config.cwd);
  let broker: RunningBroker;
  const signal = io.untilSignal();
  if (config.brokerUrl) {
    broker = await connectBroker(config.brokerUrl);
    io.stdout(`using the broker at ${broker.url} (PACT_BROKER_BASE_URL)\n`);
  } else {
    const dataDir = config.dataDir
      ? isAbsolute(config.dataDir)
        ? config.dataDir
        : join(config.cwd, config.dataDir)
      : join(root, '.accord', 'broker-data');
    io.stdout(`starting the embedded broker (PGlite in ${dataDir}) …\n`);
    broker = await startEmbeddedBroker({ root, dataDir, port: config.port });
    io.stdout(`broker ready at ${broker.url}\n`);
  }
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    io.stdout(`${why}: stopping …\n`);
    terminateChildren();
    await broker.stop();
  };
  try {
    // A signal during the run stops it: children are terminated, their steps fail, the broker stops.
    const interrupted = signal.then(async (s) => {
      await stop(s);
      return 'signal' as const;
    });
    const outcome = await Promise.race([
      pipelineFor(config, io, brokerTarget(config, broker.url)),
      interrupted,
    ]);
    if (outcome === 'signal') return 0;
    if (config.exitAfterPipeline) {
      await stop('pipeline finished (--exit)');
      return outcome.ok ? 0 : 1;
    }
    io.stdout(
      `\n${outcome.ok ? 'pipeline passed' : 'pipeline FAILED'} · broker page: ${broker.url}/ · press Ctrl-C to stop\n`,
    );
    const ended = await Promise.race([interrupted, broker.exited.then(() => 'broker-exited' as const)]);
    // The broker also exits when we stop it on a signal: only an exit nobody asked for is a failure.
    if (ended === 'broker-exited' && !stopping) {
      io.stderr('the broker exited unexpectedly\n');
      return 1;
    }
    return 0;
  } finally {
    await stop('done').catch(() => {});
  }
}

/** Runs accord-pipeline with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], io: MainIo = processIo()): Promise<number> {
  try {
    const config = parseArgs(argv, io.env, io.cwd);
    if (config === 'help') {
      io.stdout(usage);
      return argv.length === 0 ? 2 : 0;
    }
    switch (config.command) {
      case 'version':
        return await commandVersion(config, io);
      case 'services':
        return await commandServices(config, io);
      case 'start':
        return await commandStart(config, io);
      case 'webhook':
        return await commandWebhook(config, io);
      case 'provider-contract':
        return await commandProviderContract(config, io);
      default: {
        if (!config.brokerUrl && config.command !== 'contracts' && config.command !== 'consumer-tests') {
          throw new PipelineError(
            'CONFIG',
            `${config.command} needs a broker: set PACT_BROKER_BASE_URL or --broker-url`,
          );
        }
        const broker = config.brokerUrl ? (await connectBroker(config.brokerUrl)).url : '(none)';
        const result = await pipelineFor(config, io, brokerTarget(config, broker));
        return result.ok ? 0 : 1;
      }
    }
  } catch (err) {
    if (err instanceof PipelineError) {
      io.stderr(`accord-pipeline: ${err.message}\n${err.output ? `${err.output}\n` : ''}`);
      return err.exitCode;
    }
    throw err;
  }
}
