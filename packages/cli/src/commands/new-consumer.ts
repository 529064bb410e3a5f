// `accord new consumer <name> --provider <p> (--http|--event) <Contract>`: scaffolds consumers/<name>/ with a
// typed tolerant client or event reader and a PactV4 test the provider's verification passes as generated.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkspaceRoot, parseFlags } from '@accord/args';
import {
  type ContractEntry,
  catalog,
  currentVersion,
  getValidator,
  loadSchema,
  PACKAGE_ROOT,
} from '@accord/contracts';
import { CliError } from '../errors.js';
import type { Io } from '../io.js';
import { matcherBody, patternDeclarations } from './new-consumer-body.js';
import { type Route, requestContract, responseRoutes, routeName } from './new-consumer-routes.js';
import {
  eventExample,
  httpExample,
  type ProviderState,
  type ProviderStates,
  readProviderStates,
} from './new-consumer-states.js';
import type { Command } from './types.js';

const HELP = `Usage:
  accord new consumer <name> --provider <provider> --http <Contract> [options]
  accord new consumer <name> --provider <provider> --event <Contract> [options]

Scaffolds consumers/<name>/: package.json (same scripts as the other consumers), tsconfig, README,
src/index.ts (a typed client on the tolerant reader, or an event reader) and a PactV4 consumer test
against the contract's current version. Each interaction asks only for what the provider always
returns: the contract's required fields (recursively), each with a type matcher (regex for patterns
and enums, integer or number, eachLike for arrays), example values from the contract's fixtures; and
it uses the provider state and request the provider declares for the route or event, so the
provider's verification passes as generated. turbo (workspace glob), the consumer workflow (service
discovery) and \`npm start\` pick the package up without further registration.

  --http <Contract>        an http-response contract of the provider (e.g. Order): one interaction per
                           route and status the catalog lists for it
  --event <Contract>       an event contract of the provider (e.g. OrderPlaced)
  --route "<METHOD path>"  only this route (repeatable or comma separated), e.g. "GET /orders/{id}"
  --with-optional <paths>  also expect these optional fields, comma separated, e.g. items[].name,notes
                           (the generated test lists the ones left out)
  --version <n>            contract version (default: the current one)
  --root <dir>             workspace root (default: the nearest folder above with turbo.json and a package.json declaring workspaces)
  -h, --help               this help

Provider states come from the provider's declaration ("accord": { "providerStates": "<file>" } in
providers/<provider>/package.json): for each route and status, the state, its params and the request.

Exit codes: 0 created, 2 bad input (unknown contract, provider or route, no declared provider state for a
route that needs one, existing folder, invalid name).
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
  /** `GET /orders/{id}`: restrict to these routes (HTTP only). */
  routes?: string[] | undefined;
  /** Optional fields to expect as well (`items[].name`). */
  withOptional?: string[] | undefined;
}

const list = (values: string[] | undefined) =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

function parseNewConsumerArgs(args: readonly string[]): NewConsumerArgs | 'help' {
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
  if (v.event !== undefined && v.route !== undefined)
    throw new CliError('USAGE', '--route applies to --http contracts');
  let version: number | undefined;
  if (v.version !== undefined) {
    version = Number(v.version);
    if (!Number.isInteger(version) || version < 1)
      throw new CliError('USAGE', '--version must be a positive integer');
  }
  const routes = list(v.route);
  const withOptional = list(v['with-optional']);
  return {
    name,
    provider: v.provider,
    kind: v.http !== undefined ? 'http' : 'event',
    contract: (v.http ?? v.event)!,
    version,
    root: v.root,
    ...(routes.length > 0 ? { routes } : {}),
    ...(withOptional.length > 0 ? { withOptional } : {}),
  };
}

/** The command's flags (`--help` is built in); any misuse is an ArgsError the caller reports as USAGE. */
function parse(args: readonly string[]) {
  const { help, flags, positionals } = parseFlags(
    args,
    {
      provider: { type: 'string' },
      http: { type: 'string' },
      event: { type: 'string' },
      route: { type: 'string', multiple: true },
      'with-optional': { type: 'string', multiple: true },
      version: { type: 'string' },
      root: { type: 'string' },
    },
    { positionals: true },
  );
  return { values: { ...flags, help }, positionals };
}

function findRoot(start: string): string {
  const root = findWorkspaceRoot(start);
  if (root === undefined)
    throw new CliError(
      'BAD_INPUT',
      `no workspace root (package.json with workspaces + turbo.json) above ${start}`,
    );
  return root;
}

const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** The valid fixtures of a contract version, each checked against the published artifact. */
async function fixturesFor(contract: string, version: number): Promise<unknown[]> {
  const file = join(PACKAGE_ROOT, 'fixtures', contract, `v${version}.json`);
  const validate = getValidator(contract, version);
  if (!existsSync(file)) return [];
  const fixture = JSON.parse(await readFile(file, 'utf8')) as { valid?: Array<{ value: unknown }> };
  return (fixture.valid ?? []).map((f) => f.value).filter((value) => validate(value));
}

/** The first valid fixture, for request bodies (sent as they are). */
async function requestExampleFor(contract: string, version: number): Promise<unknown> {
  const [first] = await fixturesFor(contract, version);
  if (first !== undefined) return first;
  throw new CliError(
    'BAD_INPUT',
    `${contract} v${version} has no valid example in contracts/fixtures/${contract}/v${version}.json to build the request from`,
  );
}

function json(value: unknown): string {
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
  /** What was generated, for the summary printed after scaffolding. */
  interactions: string[];
  optional: string[];
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

/** The JSON Schema artifact of a contract version as published. */
function artifactOf(name: string, version: number): Record<string, unknown> {
  return loadSchema(name, version) as Record<string, unknown>;
}

const givenCall = (g: ProviderState | undefined) =>
  g === undefined
    ? ''
    : `\n      .given(${JSON.stringify(g.state)}${g.params ? `, ${JSON.stringify(g.params)}` : ''})`;

/** `const { like, regex } = MatchersV3;` for the matchers a test uses (nothing when it uses none). */
function matcherDecl(names: ReadonlySet<string>): string {
  return names.size === 0 ? '' : `const { ${[...names].sort().join(', ')} } = MatchersV3;\n`;
}

function optionalComment(contract: string, version: number, optional: string[]): string {
  if (optional.length === 0) return '';
  return (
    `\n/*\n * Optional fields of ${contract} v${version} the provider may leave out, so not expected below; to rely on\n` +
    ` * one, add it to the body (or scaffold with --with-optional ${optional[0]}):\n * ${optional.join(', ')}\n */`
  );
}

/** Checks that every --with-optional path was taken in (a child of a left-out parent is not). */
function checkIncluded(requested: readonly string[], included: ReadonlySet<string>): void {
  const missing = requested.filter((p) => !included.has(p));
  if (missing.length > 0) {
    throw new CliError(
      'BAD_INPUT',
      `--with-optional ${missing.join(', ')}: its parent is optional too; add the parent as well (e.g. ${missing[0]!.replace(/(\[\])?\.[^.]+$/, '')})`,
    );
  }
}

function commonVars(a: NewConsumerArgs, entry: ContractEntry, version: number) {
  return {
    NAME: a.name,
    PROVIDER: a.provider,
    CONTRACT: entry.name,
    VERSION: String(version),
    TYPE: `${entry.name}V${version}`,
    TEST_FILE: `${kebab(entry.name)}.pact.test.ts`,
    KIND_FLAG: `--${a.kind}`,
  };
}

function files(kind: 'http' | 'event', testFile: string): Plan['files'] {
  return [
    { template: 'package.json.tmpl', target: 'package.json' },
    { template: 'tsconfig.json', target: 'tsconfig.json' },
    { template: 'tsconfig.build.json', target: 'tsconfig.build.json' },
    { template: 'vitest.config.ts', target: 'vitest.config.ts' },
    { template: 'README.md.tmpl', target: 'README.md' },
    { template: 'test/global-setup.ts', target: 'test/global-setup.ts' },
    { template: `${kind}/src/index.ts.tmpl`, target: 'src/index.ts' },
    { template: `${kind}/test/pact.test.ts.tmpl`, target: `test/${testFile}` },
  ];
}

async function planEvent(
  a: NewConsumerArgs,
  entry: ContractEntry,
  version: number,
  states: ProviderStates | undefined,
): Promise<Plan> {
  const common = commonVars(a, entry, version);
  const declared = eventExample(states, entry.name);
  if (declared?.given === undefined) {
    throw new CliError(
      'BAD_INPUT',
      `${a.provider} declares no provider state for ${entry.name} events (${states?.file ?? `no "accord.providerStates" in providers/${a.provider}/package.json`}); add { "event": "${entry.name}", "given": { "state": "…" } } there, with a handler in its verification`,
    );
  }
  const requested = a.withOptional ?? [];
  const patterns = new Map<string, string>();
  const body = matcherBody(artifactOf(entry.name, version), await fixturesFor(entry.name, version), {
    label: `${entry.name} v${version}`,
    withOptional: new Set(requested),
    patterns,
  });
  checkIncluded(requested, new Set(body.included));
  const description = `an ${entry.name} v${version} event`;
  return {
    files: files('event', common.TEST_FILE),
    interactions: [`${description} (given "${declared.given.state}")`],
    optional: body.optional,
    vars: {
      ...common,
      FUNC: `read${entry.name}`,
      SUMMARY: `reads ${entry.name} v${version} events`,
      MATCHERS: matcherDecl(body.matchers),
      OPTIONAL: optionalComment(entry.name, version, body.optional),
      PATTERNS: patternDeclarations(patterns),
      BODY: body.code,
      GIVEN: givenCall(declared.given),
      DESCRIPTION: description,
    },
  };
}

interface RouteCode {
  func: string;
  clientCode: string;
  interactions: string[];
  bodies: string[];
  tests: string[];
}

/** `GET /orders/{id}` → getOrdersById: the client function of a route. */
function functionName(route: Pick<Route, 'method' | 'path'>): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const param = /^\{(\w+)\}$/.exec(seg);
      return param ? `By${pascal(param[1]!)}` : pascal(seg);
    });
  return `${route.method.toLowerCase()}${words.join('')}`;
}

async function planHttp(
  a: NewConsumerArgs,
  entry: ContractEntry,
  version: number,
  states: ProviderStates | undefined,
): Promise<Plan> {
  const common = commonVars(a, entry, version);
  const all = responseRoutes(entry);
  if (all.length === 0) throw new CliError('BAD_INPUT', `${entry.name} has no HTTP route in the catalog`);
  const wanted = a.routes ?? [];
  const unknown = wanted.filter((w) => !all.some((r) => routeName(r) === w));
  if (unknown.length > 0) {
    throw new CliError(
      'BAD_INPUT',
      `${entry.name} is not the body of ${unknown.map((u) => `"${u}"`).join(', ')}; its routes: ${[...new Set(all.map(routeName))].join(', ')}`,
    );
  }
  const routes = wanted.length > 0 ? all.filter((r) => wanted.includes(routeName(r))) : all;
  const fixtures = await fixturesFor(entry.name, version);
  const requested = a.withOptional ?? [];
  const included = new Set<string>();
  const matchers = new Set<string>();
  let optional: string[] = [];
  const byRoute = new Map<string, RouteCode>();
  const requestTypes = new Set<string>();
  const patterns = new Map<string, string>();

  for (const route of routes) {
    const name = routeName(route);
    const declared = httpExample(states, route);
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const needsState = params.length > 0 || route.status >= 300;
    if (declared === undefined && needsState) {
      throw new CliError(
        'BAD_INPUT',
        `${a.provider} declares no provider state for ${name} → ${route.status} (${states?.file ?? `no "accord.providerStates" in providers/${a.provider}/package.json`}); declare one there (with a handler in its verification), or leave the route out with --route`,
      );
    }
    const values: Record<string, string> = {};
    for (const p of params) {
      const value = declared?.path?.[p] ?? declared?.given?.params?.[p];
      if (value === undefined)
        throw new CliError(
          'BAD_INPUT',
          `${states?.file}: ${name} → ${route.status} gives no value for the path parameter {${p}} (path.${p} or given.params.${p})`,
        );
      values[p] = value;
    }
    const concretePath = route.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(values[p]!));
    const request = requestContract(a.provider, route);
    const requestVersion = request ? (currentVersion(request.name)?.version ?? 1) : undefined;
    const requestType = request ? `${request.name}V${requestVersion}` : undefined;
    if (requestType) requestTypes.add(requestType);
    const requestBody =
      declared && 'body' in declared
        ? declared.body
        : request
          ? await requestExampleFor(request.name, requestVersion!)
          : undefined;

    const body = matcherBody(artifactOf(entry.name, version), [declared?.example, ...fixtures], {
      label: `${entry.name} v${version}`,
      withOptional: new Set(requested),
      patterns,
    });
    for (const m of body.matchers) matchers.add(m);
    for (const p of body.included) included.add(p);
    optional = body.optional;

    const func = functionName(route);
    let code = byRoute.get(name);
    if (code === undefined) {
      code = { func, clientCode: '', interactions: [], bodies: [], tests: [] };
      byRoute.set(name, code);
    }
    const bodyVar = `${func}${route.status}`;
    const requestVar = `${bodyVar}Request`;
    const query = declared?.query;
    code.interactions.push(
      `${name} → ${route.status}${declared?.given ? ` (given "${declared.given.state}")` : ''}`,
    );
    code.bodies.push(
      `/** What ${a.name} expects from ${name} → ${route.status}. */\nconst ${bodyVar} = ${body.code};`,
    );
    if (requestBody !== undefined) {
      const valid = request ? getValidator(request.name, requestVersion!)(requestBody) : true;
      code.bodies.push(
        valid
          ? `/** The ${request ? `${request.name} v${requestVersion}` : ''} body ${a.name} sends. */\nconst ${requestVar}${requestType ? `: ${requestType}` : ''} = ${json(requestBody)};`
          : `/** Not a valid ${request!.name} v${requestVersion}: ${a.provider} answers ${route.status}. */\nconst ${requestVar} = ${json(requestBody)} as unknown as ${requestType};`,
      );
    }
    const args = [
      'server.url',
      ...params.map((p) => JSON.stringify(values[p])),
      ...(requestType ? [requestVar] : []),
      ...(query ? [JSON.stringify(query)] : []),
    ];
    const requestHeaders =
      requestBody !== undefined
        ? `{ Accept: 'application/json', 'Content-Type': 'application/json' }`
        : `{ Accept: 'application/json' }`;
    code.tests.push(`  it(${JSON.stringify(`${name} → ${route.status}`)}, async () => {
    const example = exampleOf<${common.TYPE}>(${bodyVar});
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    await pact
      .addInteraction()${givenCall(declared?.given)}
      .uponReceiving(${JSON.stringify(`${name} → ${route.status}`)})
      .withRequest(${JSON.stringify(route.method)}, ${JSON.stringify(concretePath)}, (builder) => {
        builder${query ? `.query(${JSON.stringify(query)})` : ''}.headers(${requestHeaders})${requestBody !== undefined ? `.jsonBody(${requestVar})` : ''};
      })
      .willRespondWith(${route.status}, (builder) => {
        builder.headers({ 'Content-Type': JSON_TYPE }).jsonBody(${bodyVar});
      })
      .executeTest(async (server) => {
        const body = await ${func}(${args.join(', ')}, CLOSE);
        expect(body).toMatchObject(example);
      });
  });`);
  }
  checkIncluded(requested, included);

  // One client function per route; it accepts every status this contract is the body of on that route.
  let usesReadError = false;
  for (const [name, code] of byRoute) {
    const route = routes.find((r) => routeName(r) === name)!;
    const statuses = routes.filter((r) => routeName(r) === name).map((r) => r.status);
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const request = requestContract(a.provider, route);
    const requestType = request ? `${request.name}V${currentVersion(request.name)?.version ?? 1}` : undefined;
    const hasQuery = routes.some((r) => routeName(r) === name && httpExample(states, r)?.query !== undefined);
    const signature = [
      'baseUrl: string',
      ...params.map((p) => `${p}: string`),
      ...(requestType ? [`body: ${requestType}`] : []),
      ...(hasQuery ? ['query: Record<string, string> = {}'] : []),
      'headers: Record<string, string> = {}',
    ].join(', ');
    const pathExpr = route.path.replace(/\{(\w+)\}/g, (_, p: string) => `\${encodeURIComponent(${p})}`);
    const expect = statuses.length === 1 ? String(statuses[0]) : `[${statuses.join(', ')}]`;
    const errorStatuses = statuses.every((st) => st >= 400);
    if (!errorStatuses && statuses.some((st) => st >= 400))
      throw new CliError(
        'BAD_INPUT',
        `${entry.name} is the body of both success and error statuses of ${name}`,
      );
    if (errorStatuses) usesReadError = true;
    const call = `  const url = new URL(\`${pathExpr}\`, baseUrl);${hasQuery ? '\n  url.search = new URLSearchParams(query).toString();' : ''}
  const res = await fetch(url, {
    method: '${route.method}',
    headers: { accept: 'application/json',${requestType ? " 'content-type': 'application/json'," : ''} ...headers },${requestType ? '\n    body: JSON.stringify(body),' : ''}
  });`;
    code.clientCode = errorStatuses
      ? `/**
 * ${name}: reads the ${statuses.join('/')} error body as ${entry.name} v${version}. readResponse reports an error status as
 * a ReadError carrying the body it read; any other status or an unreadable body is thrown.
 */
export async function ${code.func}(${signature}): Promise<${common.TYPE}> {
${call}
  const contract = { contract: '${entry.name}', version: ${version} } as const;
  try {
    await readResponse(res, { ...contract, errorContract: contract });
  } catch (error) {
    const expected: readonly number[] = [${statuses.join(', ')}];
    if (error instanceof ReadError && error.code === 'HTTP_ERROR_BODY' && expected.includes(error.status ?? 0))
      return error.errorBody as ${common.TYPE};
    throw error;
  }
  throw new Error(\`${name}: expected status ${statuses.join(' or ')}, got \${res.status}\`);
}`
      : `/**
 * ${name}: reads the ${statuses.join('/')} body as ${entry.name} v${version}. Any other status, a body that is not
 * JSON or not a readable ${entry.name} raises the tolerant reader's ReadError.
 */
export async function ${code.func}(${signature}): Promise<${common.TYPE}> {
${call}
  return (await readResponse(res, { contract: '${entry.name}', version: ${version}, expectStatus: ${expect} })) as ${common.TYPE};
}`;
  }
  const codes = [...byRoute.values()];
  const types = [common.TYPE, ...requestTypes].sort();
  return {
    files: files('http', common.TEST_FILE),
    interactions: codes.flatMap((c) => c.interactions),
    optional,
    vars: {
      ...common,
      SUMMARY: `calls ${[...byRoute.keys()].join(', ')} and reads ${entry.name} v${version}`,
      FUNCS: codes.map((c) => c.func).join(', '),
      CLIENT_FUNCTIONS: codes.map((c) => c.clientCode).join('\n\n'),
      TYPE_IMPORTS: types.join(', '),
      READER_IMPORTS: usesReadError ? 'ReadError, readResponse' : 'readResponse',
      TYPE_IMPORTS_INLINE: types.map((t) => `type ${t}`).join(', '),
      MATCHERS: matcherDecl(matchers),
      OPTIONAL: optionalComment(entry.name, version, optional),
      PATTERNS: patternDeclarations(patterns),
      BODIES: codes.flatMap((c) => c.bodies).join('\n\n'),
      TESTS: codes.flatMap((c) => c.tests).join('\n\n'),
      ROUTES: [...byRoute.keys()].join(', '),
    },
  };
}

async function plan(a: NewConsumerArgs, root: string): Promise<Plan> {
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
  const states = readProviderStates(root, a.provider);
  return a.kind === 'event' ? planEvent(a, entry, version, states) : planHttp(a, entry, version, states);
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

export interface Scaffolded {
  dir: string;
  /** One line per interaction of the pact test. */
  interactions: string[];
  /** Optional fields left out of the expected bodies. */
  optional: string[];
}

/** Writes the package; returns the created folder and what its pact test asks for. */
async function scaffoldConsumer(a: NewConsumerArgs, cwd: string): Promise<Scaffolded> {
  const root = a.root ? resolve(cwd, a.root) : findRoot(cwd);
  const target = join(root, 'consumers', a.name);
  if (existsSync(target))
    throw new CliError('BAD_INPUT', `${relative(cwd, target) || target} already exists`);
  if (existsSync(join(root, 'providers')) && !existsSync(join(root, 'providers', a.provider))) {
    const known = (await readdir(join(root, 'providers'))).join(', ');
    throw new CliError('BAD_INPUT', `unknown provider "${a.provider}" (providers/: ${known})`);
  }
  const p = await plan(a, root);
  for (const f of p.files) {
    const text = render(await readFile(join(TEMPLATES, f.template), 'utf8'), p.vars);
    await mkdir(dirname(join(target, f.target)), { recursive: true });
    await writeFile(join(target, f.target), text);
  }
  formatWithBiome(root, target);
  return { dir: target, interactions: p.interactions, optional: p.optional };
}

export const newConsumerCommand: Command = {
  summary: 'scaffold a consumer package whose pact test the provider verifies (accord new consumer <name> …)',
  async run(args: readonly string[], io: Io): Promise<number> {
    const a = parseNewConsumerArgs(args);
    if (a === 'help') {
      io.stdout(HELP);
      return 0;
    }
    const made = await scaffoldConsumer(a, io.cwd);
    const rel = relative(io.cwd, made.dir) || '.';
    const workspace = relative(findRootSafe(made.dir), made.dir);
    io.stdout(
      `created ${rel}/ (${a.kind === 'http' ? 'HTTP' : 'event'} consumer of ${a.provider}, contract ${a.contract})\n` +
        `pact interactions (required fields only, type matchers):\n${made.interactions.map((i) => `  ${i}\n`).join('')}` +
        (made.optional.length > 0
          ? `optional fields not expected (add with --with-optional): ${made.optional.join(', ')}\n`
          : '') +
        `\nnext:\n  npm install                      # links the new workspace\n` +
        `  npm run pact -w ${workspace}   # runs its pact test, writes pacts/\n` +
        `  npm start -- --exit              # publishes it, ${a.provider} verifies it, can-i-deploy\n`,
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
