// `accord new consumer <name> --provider <p> (--http|--event) <Contract>`: scaffolds consumers/<name>/ with a
// typed tolerant client or event reader and a passing PactV4 test built from the contract's fixtures.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ContractEntry, catalog, currentVersion, getValidator, PACKAGE_ROOT } from '@accord/contracts';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import type { Command } from './types.js';

const HELP = `Usage:
  accord new consumer <name> --provider <provider> --http <Contract> [options]
  accord new consumer <name> --provider <provider> --event <Contract> [options]

Scaffolds consumers/<name>/: package.json (same scripts as the other consumers), tsconfig, README,
src/index.ts (a typed client on the tolerant reader, or an event reader) and a PactV4 consumer test
against the contract's current version that passes as generated. turbo (workspace glob), the consumer
workflow (service discovery) and \`npm start\` pick it up without further registration.

  --http <Contract>     an http-response contract of the provider (e.g. Order); the request is the
                        contract's endpoint from the catalog, with the matching request contract as body
  --event <Contract>    an event contract of the provider (e.g. OrderPlaced)
  --version <n>         contract version (default: the current one)
  --root <dir>          workspace root (default: the nearest folder above with a workspaces package.json)
  -h, --help            this help

Exit codes: 0 created, 2 bad input (unknown contract or provider, existing folder, invalid name).
`;

/** Where the templates live: packages/cli/templates, beside src/ and dist/. */
const TEMPLATES = fileURLToPath(new URL('../../templates/consumer/', import.meta.url));

export interface NewConsumerArgs {
  name: string;
  provider: string;
  kind: 'http' | 'event';
  contract: string;
  version?: number | undefined;
  root?: string | undefined;
}

export function parseNewConsumerArgs(args: readonly string[]): NewConsumerArgs | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    throw new CliError('USAGE', `${(e as Error).message}\n\n${HELP}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const [what, name, ...extra] = parsed.positionals;
  if (what !== 'consumer')
    throw new CliError('USAGE', `accord new: only "consumer" can be created\n\n${HELP}`);
  if (name === undefined || extra.length > 0)
    throw new CliError('USAGE', `give exactly one consumer name\n\n${HELP}`);
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new CliError('USAGE', `consumer name "${name}" must be kebab-case (a-z, 0-9, single dashes)`);
  }
  if (!v.provider) throw new CliError('USAGE', `--provider is required\n\n${HELP}`);
  if ((v.http === undefined) === (v.event === undefined)) {
    throw new CliError('USAGE', `give one of --http <Contract> or --event <Contract>\n\n${HELP}`);
  }
  let version: number | undefined;
  if (v.version !== undefined) {
    version = Number(v.version);
    if (!Number.isInteger(version) || version < 1)
      throw new CliError('USAGE', '--version must be a positive integer');
  }
  return {
    name,
    provider: v.provider,
    kind: v.http !== undefined ? 'http' : 'event',
    contract: (v.http ?? v.event)!,
    version,
    root: v.root,
  };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      provider: { type: 'string' },
      http: { type: 'string' },
      event: { type: 'string' },
      version: { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function findRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'turbo.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new CliError('BAD_INPUT', `no workspace root (package.json + turbo.json) above ${start}`);
    dir = parent;
  }
}

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The first valid fixture of a contract version, checked against the published artifact. */
async function exampleFor(contract: string, version: number): Promise<unknown> {
  const file = join(PACKAGE_ROOT, 'fixtures', contract, `v${version}.json`);
  const validate = getValidator(contract, version);
  if (existsSync(file)) {
    const fixture = JSON.parse(await readFile(file, 'utf8')) as { valid?: Array<{ value: unknown }> };
    const found = (fixture.valid ?? []).map((f) => f.value).find((value) => validate(value));
    if (found !== undefined) return found;
  }
  throw new CliError(
    'BAD_INPUT',
    `${contract} v${version} has no valid example in contracts/fixtures/${contract}/v${version}.json to build the pact from`,
  );
}

function indentJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

function render(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`template variable ${whole} has no value`);
    return value;
  });
}

interface Plan {
  vars: Record<string, string>;
  files: Array<{ template: string; target: string }>;
}

function entryFor(name: string): ContractEntry {
  const entry = catalog.contracts.find((c) => c.name === name);
  if (!entry) {
    throw new CliError(
      'BAD_INPUT',
      `unknown contract "${name}"; known: ${catalog.contracts.map((c) => c.name).join(', ')}`,
    );
  }
  return entry;
}

async function plan(a: NewConsumerArgs): Promise<Plan> {
  const entry = entryFor(a.contract);
  if (entry.owner !== a.provider) {
    throw new CliError('BAD_INPUT', `${entry.name} is owned by ${entry.owner}, not ${a.provider}`);
  }
  const wanted = a.kind === 'http' ? 'http-response' : 'event';
  if (entry.kind !== wanted) {
    throw new CliError(
      'BAD_INPUT',
      `${entry.name} is an ${entry.kind} contract; --${a.kind} needs an ${wanted} contract (${catalog.contracts
        .filter((c) => c.kind === wanted && c.owner === a.provider)
        .map((c) => c.name)
        .join(', ')})`,
    );
  }
  const version =
    a.version ?? currentVersion(entry.name)?.version ?? Math.max(...entry.versions.map((v) => v.version));
  if (!entry.versions.some((v) => v.version === version)) {
    throw new CliError('BAD_INPUT', `${entry.name} has no version ${version}`);
  }
  const example = await exampleFor(entry.name, version);
  const type = `${entry.name}V${version}`;
  const testFile = `${kebab(entry.name)}.pact.test.ts`;
  const common = {
    NAME: a.name,
    PROVIDER: a.provider,
    CONTRACT: entry.name,
    VERSION: String(version),
    TYPE: type,
    TEST_FILE: testFile,
    EXAMPLE: indentJson(example),
    KIND_FLAG: `--${a.kind}`,
  };
  const files = [
    { template: 'package.json.tmpl', target: 'package.json' },
    { template: 'tsconfig.json', target: 'tsconfig.json' },
    { template: 'tsconfig.build.json', target: 'tsconfig.build.json' },
    { template: 'vitest.config.ts', target: 'vitest.config.ts' },
    { template: 'README.md.tmpl', target: 'README.md' },
    { template: 'test/global-setup.ts', target: 'test/global-setup.ts' },
    { template: `${a.kind}/src/index.ts.tmpl`, target: 'src/index.ts' },
    { template: `${a.kind}/test/pact.test.ts.tmpl`, target: `test/${testFile}` },
  ];
  if (a.kind === 'event') {
    const func = `read${entry.name}`;
    return {
      files,
      vars: {
        ...common,
        FUNC: func,
        SUMMARY: `reads ${entry.name} v${version} events`,
        STATE: `${a.provider} publishes ${entry.name} events`,
        DESCRIPTION: `an ${entry.name} v${version} event`,
      },
    };
  }
  const http = entry.http;
  if (!http) throw new CliError('BAD_INPUT', `${entry.name} has no HTTP binding in the catalog`);
  // Path parameters take their value from the example body (`{id}` → example.id) so state and path agree.
  const params = [...http.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const record = example as Record<string, unknown>;
  const concrete = http.path.replace(/\{(\w+)\}/g, (_, p: string) => String(record[p] ?? `example-${p}`));
  const request = catalog.contracts.find(
    (c) =>
      c.kind === 'http-request' &&
      c.owner === a.provider &&
      c.http?.method === http.method &&
      c.http.path === http.path,
  );
  const requestVersion = request ? (currentVersion(request.name)?.version ?? 1) : undefined;
  const requestType = request ? `${request.name}V${requestVersion}` : undefined;
  const requestExample = request ? await exampleFor(request.name, requestVersion!) : undefined;
  const func = `${camel(`${http.method.toLowerCase()}-${kebab(entry.name)}`)}`;
  const stateParams = Object.fromEntries(params.map((p) => [p, String(record[p] ?? `example-${p}`)]));
  return {
    files,
    vars: {
      ...common,
      FUNC: func,
      SUMMARY: `calls ${http.method} ${http.path} and reads ${entry.name} v${version}`,
      METHOD: http.method,
      PATH_TEMPLATE: http.path,
      PATH: concrete,
      PATH_EXPR: http.path.replace(/\{(\w+)\}/g, (_, p: string) => `\${encodeURIComponent(${p})}`),
      STATUS: String(http.status ?? 200),
      TYPE_IMPORTS: requestType ? `${requestType}, ${type}` : type,
      TYPE_IMPORTS_INLINE: requestType ? `type ${requestType}, type ${type}` : `type ${type}`,
      FUNC_PARAMS: [
        ...params.map((p) => `, ${p}: string`),
        requestType ? `, request: ${requestType}` : '',
      ].join(''),
      CONTENT_TYPE: requestType ? `, 'content-type': 'application/json'` : '',
      FETCH_BODY: requestType ? '\n    body: JSON.stringify(request),' : '',
      REQUEST_DECL: requestType
        ? `\n/** The ${request!.name} v${requestVersion} body ${a.name} sends (from the contract's fixtures). */\nconst requestBody: ${requestType} = ${indentJson(requestExample)};\n`
        : '',
      REQUEST_BUILDER: requestType
        ? `, (builder) => {\n        builder.headers({ 'Content-Type': 'application/json' }).jsonBody(requestBody);\n      }`
        : '',
      CALL_ARGS: [
        ...params.map((p) => `, ${JSON.stringify(stateParams[p])}`),
        requestType ? ', requestBody' : '',
      ].join(''),
      GIVEN:
        params.length > 0
          ? `\n      .given('a ${kebab(entry.name).replace(/-/g, ' ')} with the ${params.join(' and ')} exists', ${JSON.stringify(stateParams)})`
          : '',
      DESCRIPTION: `${http.method} ${http.path} from ${a.name}`,
    },
  };
}

/** Formats the generated files with the workspace's biome (the examples are emitted as JSON), so `lint` passes. */
function formatWithBiome(root: string, target: string): void {
  const biome = join(root, 'node_modules', '.bin', 'biome');
  if (!existsSync(biome)) return;
  const r = spawnSync(biome, ['check', '--write', '--vcs-enabled=false', target], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new CliError('BAD_INPUT', `biome could not format ${target}:\n${r.stdout}${r.stderr}`);
}

/** Writes the package; returns the created folder. */
export async function scaffoldConsumer(a: NewConsumerArgs, cwd: string): Promise<string> {
  const root = a.root ? resolve(cwd, a.root) : findRoot(cwd);
  const target = join(root, 'consumers', a.name);
  if (existsSync(target))
    throw new CliError('BAD_INPUT', `${relative(cwd, target) || target} already exists`);
  if (existsSync(join(root, 'providers')) && !existsSync(join(root, 'providers', a.provider))) {
    const known = (await readdir(join(root, 'providers'))).join(', ');
    throw new CliError('BAD_INPUT', `unknown provider "${a.provider}" (providers/: ${known})`);
  }
  const p = await plan(a);
  for (const f of p.files) {
    const text = render(await readFile(join(TEMPLATES, f.template), 'utf8'), p.vars);
    await mkdir(dirname(join(target, f.target)), { recursive: true });
    await writeFile(join(target, f.target), text);
  }
  formatWithBiome(root, target);
  return target;
}

export const newConsumerCommand: Command = {
  summary: 'scaffold a consumer package with a passing pact test (accord new consumer <name> …)',
  async run(args: readonly string[], io: Io): Promise<number> {
    const a = parseNewConsumerArgs(args);
    if (a === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const dir = await scaffoldConsumer(a, io.cwd);
    const rel = relative(io.cwd, dir) || '.';
    io.stdout(
      `created ${rel}/ (${a.kind === 'http' ? 'HTTP' : 'event'} consumer of ${a.provider}, contract ${a.contract})\n\n` +
        `next:\n  npm install                      # links the new workspace\n` +
        `  npm run pact -w ${relative(findRootSafe(dir), dir)}   # runs its pact test, writes pacts/\n` +
        `  edit test/*.pact.test.ts         # the one edit: keep only the fields ${a.name} reads\n`,
    );
    return 0;
  },
};

function findRootSafe(dir: string): string {
  try {
    return findRoot(dir);
  } catch {
    return dirname(dirname(dir));
  }
}

/** `run(argv)` for callers outside the dispatcher. */
export const run = newConsumerCommand.run;
