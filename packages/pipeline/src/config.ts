// Parses accord-pipeline's command line and environment once into a typed configuration.
import { ArgsError, commaList, type FlagSpecs, parseFlags } from '@accord/args';
import { PipelineError } from './errors.js';
import { STEP_NAMES, type StepName } from './pipeline.js';

export const COMMANDS = [
  'run',
  'start',
  'contracts',
  'consumer-tests',
  'publish',
  'verify',
  'provider-contract',
  'deploy',
  'can-i-deploy',
  'record-deployment',
  'report',
  'version',
  'services',
  'webhook',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliConfig {
  command: CommandName;
  cwd: string;
  brokerUrl?: string | undefined;
  /** Credentials and other env passed to the pact-broker CLI and the verification. */
  env: NodeJS.ProcessEnv;
  only: string[];
  environments: string[];
  mainBranch: string;
  diffBase?: string | undefined;
  buildUrl?: string | undefined;
  useTurbo: boolean;
  verbose: boolean;
  /** `start`: stop after the pipeline instead of keeping the broker open. */
  exitAfterPipeline: boolean;
  port: number;
  dataDir?: string | undefined;
  role?: 'consumer' | 'provider' | undefined;
  json: boolean;
  /** can-i-deploy: poll while the answer is unknown (a verification has not arrived yet). */
  retryWhileUnknown: number;
  retryInterval: number;
  githubOutput?: string | undefined;
  /** webhook: `owner/name` and an optional URL replacing the GitHub dispatches endpoint. */
  repository?: string | undefined;
  dispatchUrl?: string | undefined;
  color: boolean;
}

export const usage = `Usage: accord-pipeline <command> [options]

Commands:
  start               start the embedded broker (or use $PACT_BROKER_BASE_URL), run every step, record
                      deployments to test and production, print the summary, keep the broker open
  run                 run every step against $PACT_BROKER_BASE_URL (or --broker-url)
  contracts           check the committed contract artifacts and generated types
  consumer-tests      run each consumer's pact tests (writes pacts/)
  publish             pact-broker publish each consumer's pacts with version and branch from git
  verify              run each provider's verify:pacts script (results published to the broker)
  provider-contract   run each provider's self-verification against its OpenAPI document and publish both
                      (pactflow publish-provider-contract); providers declare accord.providerContract
  deploy              can-i-deploy, then record-deployment, for each --environment
  can-i-deploy        can-i-deploy only, for each --environment (exit 1 when any answer is no)
  record-deployment   record-deployment only, for each --environment
  report              print the can-i-deploy table and the schema-diff verdict
  version             print the version and branch the pipeline publishes with
  services            list the services (for CI matrices: --json)
  webhook             create or update the broker webhook that dispatches contract-requiring-verification
                      to GitHub (--repository owner/name; token from $ACCORD_GITHUB_TOKEN)

Options:
  --broker-url <url>        broker to use (env PACT_BROKER_BASE_URL)
  --only <name>             restrict to a service (pacticipant, package or folder); repeatable or comma separated
  --environment <names>     environments, comma separated (default test,production; env ACCORD_ENVIRONMENTS)
  --main-branch <name>      the pacticipants' main branch (default main; env ACCORD_MAIN_BRANCH)
  --diff-base <ref>         also run \`accord diff --base <ref>\` in the report (env ACCORD_DIFF_BASE)
  --build-url <url>         build URL published with the pacts (default: the GitHub Actions run URL)
  --no-turbo                run scripts with npm directly instead of through turbo's cache
  --verbose                 stream every command's output
  --exit                    start: stop after the pipeline (env ACCORD_EXIT_AFTER_PIPELINE=1)
  --port <n>                start: embedded broker port (default 9292, a free one when taken)
  --data-dir <dir>          start: embedded broker data folder (default .accord/broker-data)
  --retry-while-unknown <n> can-i-deploy, deploy: ask again up to n times while the answer is unknown
  --retry-interval <s>      seconds between those retries (default 10)
  --repository <owner/name> webhook: repository to dispatch to (env GITHUB_REPOSITORY)
  --dispatch-url <url>      webhook: POST here instead of the GitHub API
  --role consumer|provider  services: filter by role
  --json                    services, version: print JSON
  --github-output           version, services: also append to $GITHUB_OUTPUT
  --help                    show this text

Environment: PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PASSWORD for an authenticated broker;
ACCORD_VERSION / ACCORD_BRANCH override the version and branch taken from git; PACT_DO_NOT_TRACK
(default true for every command the pipeline runs: no Pact telemetry).

Exit codes: 0 ok, 1 a step failed (or can-i-deploy said no), 2 usage or configuration error.
`;

type Env = Record<string, string | undefined>;

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
}

const FLAGS = {
  'broker-url': { type: 'string' },
  only: { type: 'string', multiple: true },
  environment: { type: 'string', aliases: ['environments'] },
  'main-branch': { type: 'string' },
  'diff-base': { type: 'string' },
  'build-url': { type: 'string' },
  'no-turbo': { type: 'boolean' },
  verbose: { type: 'boolean' },
  exit: { type: 'boolean' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  role: { type: 'string' },
  json: { type: 'boolean' },
  repository: { type: 'string' },
  'dispatch-url': { type: 'string' },
  'retry-while-unknown': { type: 'string' },
  'retry-interval': { type: 'string' },
  'github-output': { type: 'boolean' },
} as const satisfies FlagSpecs;

function wholeNumber(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new PipelineError('USAGE', `--${name} must be a whole number`);
  return n;
}

export function parseArgs(argv: readonly string[], env: Env, cwd: string): CliConfig | 'help' {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return 'help';
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new PipelineError('USAGE', `unknown command "${first}"\n\n${usage}`);
  }
  const githubRun =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const config: CliConfig = {
    command: first as CommandName,
    cwd,
    brokerUrl: env.PACT_BROKER_BASE_URL || undefined,
    env: { ...env },
    only: [],
    environments: commaList(env.ACCORD_ENVIRONMENTS ?? 'test,production'),
    mainBranch: env.ACCORD_MAIN_BRANCH || 'main',
    diffBase: env.ACCORD_DIFF_BASE || undefined,
    buildUrl: githubRun,
    useTurbo: !truthy(env.ACCORD_NO_TURBO),
    verbose: truthy(env.ACCORD_VERBOSE),
    exitAfterPipeline: truthy(env.ACCORD_EXIT_AFTER_PIPELINE),
    port: Number(env.ACCORD_BROKER_PORT ?? 9292),
    dataDir: env.ACCORD_BROKER_DATA_DIR || undefined,
    json: false,
    repository: env.GITHUB_REPOSITORY || undefined,
    retryWhileUnknown: 0,
    retryInterval: 10,
    color: Boolean(process.stdout.isTTY) && !env.NO_COLOR,
  };
  let parsed: ReturnType<typeof parseFlags<typeof FLAGS>>;
  try {
    parsed = parseFlags(rest, FLAGS);
  } catch (e) {
    if (!(e instanceof ArgsError)) throw e;
    throw new PipelineError('USAGE', e.code === 'UNKNOWN_OPTION' ? `${e.message}\n\n${usage}` : e.message);
  }
  if (parsed.help) return 'help';
  const f = parsed.flags;
  if (f['broker-url'] !== undefined) config.brokerUrl = f['broker-url'];
  if (f.only !== undefined) config.only = commaList(f.only);
  if (f.environment !== undefined) config.environments = commaList(f.environment);
  if (f['main-branch'] !== undefined) config.mainBranch = f['main-branch'];
  if (f['diff-base'] !== undefined) config.diffBase = f['diff-base'];
  if (f['build-url'] !== undefined) config.buildUrl = f['build-url'];
  if (f['no-turbo']) config.useTurbo = false;
  if (f.verbose) config.verbose = true;
  if (f.exit) config.exitAfterPipeline = true;
  if (f.port !== undefined) config.port = Number(f.port);
  if (f['data-dir'] !== undefined) config.dataDir = f['data-dir'];
  if (f.role !== undefined) {
    if (f.role !== 'consumer' && f.role !== 'provider')
      throw new PipelineError('USAGE', '--role is consumer or provider');
    config.role = f.role;
  }
  if (f.json) config.json = true;
  if (f.repository !== undefined) config.repository = f.repository;
  if (f['dispatch-url'] !== undefined) config.dispatchUrl = f['dispatch-url'];
  if (f['retry-while-unknown'] !== undefined)
    config.retryWhileUnknown = wholeNumber('retry-while-unknown', f['retry-while-unknown']);
  if (f['retry-interval'] !== undefined)
    config.retryInterval = wholeNumber('retry-interval', f['retry-interval']);
  if (f['github-output']) {
    config.githubOutput = env.GITHUB_OUTPUT;
    if (!config.githubOutput) throw new PipelineError('CONFIG', '--github-output: $GITHUB_OUTPUT is not set');
  }
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new PipelineError('USAGE', '--port must be an integer between 0 and 65535');
  }
  if (config.environments.length === 0)
    throw new PipelineError('USAGE', '--environment needs at least one name');
  return config;
}

/** The steps a command runs. */
export function stepsFor(command: CommandName): StepName[] {
  switch (command) {
    case 'run':
    case 'start':
      return [...STEP_NAMES];
    case 'can-i-deploy':
    case 'record-deployment':
      return ['deploy'];
    case 'contracts':
    case 'consumer-tests':
    case 'publish':
    case 'verify':
    case 'deploy':
    case 'report':
      return [command];
    default:
      return [];
  }
}
