// Parses command-line flags and PACT_BROKER_* environment variables once into a typed BrokerConfig.

import { ArgsError, type FlagSpecs, parseFlags } from '@accord/args';
import { BrokerError } from './errors.js';
import { type CleanSettings, parseCleanSettings } from './retention/settings.js';
import { type BrokerSettings, officialBool, officialList, parseSettings } from './settings.js';
import { brokerVersion } from './version.js';
import { parseWebhookConfig, type WebhookConfig } from './webhooks/config.js';

export interface Credentials {
  username: string;
  password: string;
}

export interface AuthConfig {
  /** Read-write basic-auth user (PACT_BROKER_BASIC_AUTH_USERNAME/PASSWORD). */
  writeUser?: Credentials | undefined;
  /** Read-only basic-auth user (PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME/PASSWORD). */
  readUser?: Credentials | undefined;
  /** Bearer tokens with write scope (PACT_BROKER_WRITE_TOKENS, comma separated). */
  writeTokens: string[];
  /** Bearer tokens with read scope (PACT_BROKER_READ_TOKENS, comma separated). */
  readTokens: string[];
  /** Anonymous reads (GET/HEAD/OPTIONS and POST for-verification) when credentials are configured. */
  allowPublicRead: boolean;
  /** Anonymous heartbeat (PACT_BROKER_PUBLIC_HEARTBEAT, default false as upstream). */
  publicHeartbeat: boolean;
  /** Badges without credentials (PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS, default true as in the official image). */
  publicBadges: boolean;
  /**
   * PACT_BROKER_BASIC_AUTH_ENABLED when set; otherwise basic auth is on exactly when the read-write user is
   * configured (the official Docker image's rule: read-only credentials alone do not switch it on).
   */
  basicAuthEnabled?: boolean | undefined;
}

export interface RequestLimits {
  /** Contracts in one POST /contracts/publish (PACT_BROKER_MAX_CONTRACTS_PER_PUBLISH). */
  maxContractsPerPublish: number;
  /** Interactions plus messages in one pact (PACT_BROKER_MAX_INTERACTIONS_PER_PACT). */
  maxInteractionsPerPact: number;
}

export interface BrokerConfig {
  port: number;
  host: string;
  /** PGlite data folder; absent with no databaseUrl means an in-memory database. */
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  /** Fixed base for absolute links (the first of baseUrls); otherwise built from the request's Host header. */
  baseUrl?: string | undefined;
  /**
   * Every configured base URL (PACT_BROKER_BASE_URL and PACT_BROKER_BASE_URLS, space separated): with several, a
   * request gets the one matching its own base URL, else the first.
   */
  baseUrls?: string[] | undefined;
  auth: AuthConfig;
  /** Largest accepted request body in bytes (413 beyond it). */
  bodyLimit: number;
  /** How much one request may carry beyond its size (413 beyond it), so one client cannot hold everyone up. */
  limits: RequestLimits;
  /** Database pool size for PostgreSQL (per worker process). */
  poolSize: number;
  /** Broker processes sharing the port (node:cluster); more than 1 needs PostgreSQL. */
  workers: number;
  /** Hosts webhooks may call (used by the webhooks module); empty means none outside the defaults. */
  webhookHostWhitelist: string[];
  /** Webhook delivery settings (PACT_BROKER_WEBHOOK_*, src/webhooks/config.ts). */
  webhooks: WebhookConfig;
  /** Let a publish replace different content for an existing consumer version (official allow_dangerous_contract_modification). */
  allowDangerousContractModification: boolean;
  /** silent, error, warn, info (one line per request) or debug. */
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** The data clean and its optional schedule (PACT_BROKER_DATABASE_CLEAN_*, src/retention/settings.ts). */
  clean: CleanSettings;
  /** The official broker's behaviour settings, with their official names and defaults (src/settings.ts). */
  settings: BrokerSettings;
}

export const usage = `Usage: accord-broker [options]

  --port <n>             port to listen on (default 9292; 0 picks a free port)
  --host <addr>          address to bind (default 127.0.0.1)
  --data-dir <dir>       embedded PGlite data folder (created and migrated on start)
  --database-url <url>   PostgreSQL URL instead of PGlite (env PACT_BROKER_DATABASE_URL)
  --base-url <url>       base of absolute links (env PACT_BROKER_BASE_URL)
  --body-limit <bytes>   largest request body (default 10485760; env PACT_BROKER_BODY_LIMIT)
  --log-level <level>    silent | error | warn | info | debug (default info; info logs one line per request)
  --workers <n>          broker processes sharing the port, PostgreSQL only (default 1; env PACT_BROKER_WORKERS)
  --help                 show this text

  accord-broker clean --help   deletes old data (see its own options)
`;

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;

function isLogLevel(value: string): value is BrokerConfig['logLevel'] {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function list(value: string | undefined): string[] {
  return officialList(value) ?? [];
}

/** PACT_BROKER_DATABASE_URL, or one built from the official parts (_HOST, _PORT, _NAME, _USERNAME, _PASSWORD). */
function databaseUrl(env: Env): string | undefined {
  // The official image can read the URL from another variable (Heroku's DATABASE_URL).
  const indirect = env.PACT_BROKER_DATABASE_URL_ENVIRONMENT_VARIABLE_NAME;
  const url = indirect ? env[indirect] : env.PACT_BROKER_DATABASE_URL;
  if (url) return url;
  const adapter = env.PACT_BROKER_DATABASE_ADAPTER?.trim();
  if (adapter && !/^postgres(ql)?$/i.test(adapter))
    throw new BrokerError(
      'config',
      `PACT_BROKER_DATABASE_ADAPTER=${adapter} is not supported: use PostgreSQL, or --data-dir for embedded storage`,
    );
  const host = env.PACT_BROKER_DATABASE_HOST;
  const name = env.PACT_BROKER_DATABASE_NAME;
  if (!host && !name) return undefined;
  const user = env.PACT_BROKER_DATABASE_USERNAME;
  const password = env.PACT_BROKER_DATABASE_PASSWORD;
  const auth = user
    ? `${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@`
    : '';
  const port = env.PACT_BROKER_DATABASE_PORT ? `:${env.PACT_BROKER_DATABASE_PORT}` : '';
  const ssl = env.PACT_BROKER_DATABASE_SSLMODE
    ? `?sslmode=${encodeURIComponent(env.PACT_BROKER_DATABASE_SSLMODE)}`
    : '';
  return `postgres://${auth}${host ?? 'localhost'}${port}/${encodeURIComponent(name ?? '')}${ssl}`;
}

function int(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new BrokerError('config', `${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function credentials(
  user: string | undefined,
  pass: string | undefined,
  what: string,
): Credentials | undefined {
  if (!user && !pass) return undefined;
  if (!user || !pass) throw new BrokerError('config', `${what}: set both the username and the password`);
  return { username: user, password: pass };
}

/** accord-broker's flags (all take a value); the rest of its configuration is PACT_BROKER_* variables. */
const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'base-url': { type: 'string' },
  'body-limit': { type: 'string' },
  'log-level': { type: 'string' },
  workers: { type: 'string' },
} as const satisfies FlagSpecs;

export function parseConfig(argv: string[], env: Env): BrokerConfig | 'help' {
  let parsed: ReturnType<typeof parseFlags<typeof FLAGS>>;
  try {
    parsed = parseFlags(argv, FLAGS);
  } catch (err) {
    if (!(err instanceof ArgsError)) throw err;
    throw new BrokerError(
      'config',
      err.code === 'MISSING_VALUE' ? err.message : `${err.message}\n\n${usage}`,
    );
  }
  if (parsed.help) return 'help';
  const flags: Record<string, string | undefined> = parsed.flags;
  // The official levels, any case; `fatal` is logged as `error`, `silent` is ours.
  const givenLevel = (flags['log-level'] ?? env.PACT_BROKER_LOG_LEVEL ?? 'info').toLowerCase();
  const logLevel = givenLevel === 'fatal' ? 'error' : givenLevel;
  if (!isLogLevel(logLevel)) {
    throw new BrokerError('config', `--log-level must be one of ${LOG_LEVELS.join(', ')}, fatal`);
  }
  const baseUrls = [
    ...new Set(
      [...list(flags['base-url'] ?? env.PACT_BROKER_BASE_URL), ...list(env.PACT_BROKER_BASE_URLS)].map((u) =>
        u.replace(/\/+$/, ''),
      ),
    ),
  ];
  for (const u of baseUrls) {
    if (!/^https?:\/\/[^/]+/.test(u))
      throw new BrokerError('config', `base URL must be an http(s) URL, got "${u}"`);
  }
  const portVariable = env.PACT_BROKER_PORT_ENVIRONMENT_VARIABLE_NAME ?? 'PACT_BROKER_PORT';
  const writeUser = credentials(
    env.PACT_BROKER_BASIC_AUTH_USERNAME,
    env.PACT_BROKER_BASIC_AUTH_PASSWORD,
    'PACT_BROKER_BASIC_AUTH_USERNAME/PASSWORD',
  );
  const explicitBasicAuth = env.PACT_BROKER_BASIC_AUTH_ENABLED?.trim()
    ? officialBool(env, 'PACT_BROKER_BASIC_AUTH_ENABLED', false)
    : undefined;
  const workers = int('--workers', flags.workers ?? (env.PACT_BROKER_WORKERS?.trim() || '1'), 1);
  const chosenDatabaseUrl = flags['database-url'] ?? databaseUrl(env);
  if (workers > 1 && !chosenDatabaseUrl)
    throw new BrokerError(
      'config',
      '--workers above 1 needs PostgreSQL (--database-url): a PGlite data folder belongs to one process',
    );
  return {
    port: int('--port', flags.port ?? env[portVariable] ?? '9292', 0),
    host: flags.host ?? env.PACT_BROKER_HOST ?? '127.0.0.1',
    dataDir: flags['data-dir'] ?? env.PACT_BROKER_DATA_DIR,
    databaseUrl: chosenDatabaseUrl,
    baseUrl: baseUrls[0],
    baseUrls,
    auth: {
      writeUser,
      basicAuthEnabled: explicitBasicAuth,
      readUser: credentials(
        env.PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME,
        env.PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD,
        'PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME/PASSWORD',
      ),
      writeTokens: list(env.PACT_BROKER_WRITE_TOKENS),
      readTokens: list(env.PACT_BROKER_READ_TOKENS),
      allowPublicRead: officialBool(env, 'PACT_BROKER_ALLOW_PUBLIC_READ', false),
      publicHeartbeat: officialBool(env, 'PACT_BROKER_PUBLIC_HEARTBEAT', false),
      publicBadges: officialBool(env, 'PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS', true),
    },
    bodyLimit: int('--body-limit', flags['body-limit'] ?? env.PACT_BROKER_BODY_LIMIT ?? '10485760', 1),
    limits: {
      maxContractsPerPublish: int(
        'PACT_BROKER_MAX_CONTRACTS_PER_PUBLISH',
        env.PACT_BROKER_MAX_CONTRACTS_PER_PUBLISH?.trim() || '5000',
        1,
      ),
      maxInteractionsPerPact: int(
        'PACT_BROKER_MAX_INTERACTIONS_PER_PACT',
        env.PACT_BROKER_MAX_INTERACTIONS_PER_PACT?.trim() || '10000',
        1,
      ),
    },
    poolSize: int(
      'PACT_BROKER_DATABASE_MAX_CONNECTIONS',
      env.PACT_BROKER_DATABASE_MAX_CONNECTIONS ?? env.PACT_BROKER_DATABASE_POOL_SIZE ?? '10',
      1,
    ),
    workers,
    webhookHostWhitelist: list(env.PACT_BROKER_WEBHOOK_HOST_WHITELIST),
    webhooks: parseWebhookConfig(env, brokerVersion),
    allowDangerousContractModification: officialBool(
      env,
      'PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION',
      false,
    ),
    logLevel,
    clean: parseCleanSettings(env),
    settings: parseSettings(env),
  };
}

/**
 * A config for embedding and tests: everything defaulted, in-memory storage, open auth, and no example data
 * (the `accord-broker` command seeds it by default, as the official broker does).
 */
export function defaultConfig(overrides: Partial<BrokerConfig> = {}): BrokerConfig {
  const base = parseConfig([], {}) as BrokerConfig;
  return {
    ...base,
    port: 0,
    logLevel: 'silent',
    ...overrides,
    auth: { ...base.auth, ...overrides.auth },
    limits: { ...base.limits, ...overrides.limits },
    settings: { ...base.settings, seedExampleData: false, ...overrides.settings },
  };
}
