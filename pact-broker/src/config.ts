// Parses command-line flags and PACT_BROKER_* environment variables once into a typed BrokerConfig.

import { BrokerError } from './errors.js';
import { type CleanSettings, parseCleanSettings } from './retention/settings.js';
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
  /** Anonymous heartbeat (default true: load balancers probe it without credentials). */
  publicHeartbeat: boolean;
}

export interface BrokerConfig {
  port: number;
  host: string;
  /** PGlite data folder; absent with no databaseUrl means an in-memory database. */
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  /** Fixed base for absolute links; otherwise built from the request's Host header. */
  baseUrl?: string | undefined;
  auth: AuthConfig;
  /** Largest accepted request body in bytes (413 beyond it). */
  bodyLimit: number;
  /** Database pool size for PostgreSQL. */
  poolSize: number;
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
}

export const usage = `Usage: accord-broker [options]

  --port <n>             port to listen on (default 9292; 0 picks a free port)
  --host <addr>          address to bind (default 127.0.0.1)
  --data-dir <dir>       embedded PGlite data folder (created and migrated on start)
  --database-url <url>   PostgreSQL URL instead of PGlite (env PACT_BROKER_DATABASE_URL)
  --base-url <url>       base of absolute links (env PACT_BROKER_BASE_URL)
  --body-limit <bytes>   largest request body (default 10485760; env PACT_BROKER_BODY_LIMIT)
  --log-level <level>    silent | error | warn | info | debug (default info; info logs one line per request)
  --help                 show this text

  accord-broker clean --help   deletes old data (see its own options)
`;

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;

function isLogLevel(value: string): value is BrokerConfig['logLevel'] {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return /^(1|true|yes|on)$/i.test(value.trim());
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
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

export function parseConfig(argv: string[], env: Env): BrokerConfig | 'help' {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new BrokerError('config', `unexpected argument "${arg}"\n\n${usage}`);
    const name = m[1]!;
    if (!['port', 'host', 'data-dir', 'database-url', 'base-url', 'body-limit', 'log-level'].includes(name)) {
      throw new BrokerError('config', `unknown option --${name}\n\n${usage}`);
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new BrokerError('config', `--${name} needs a value`);
    flags[name] = value;
  }
  const logLevel = flags['log-level'] ?? env.PACT_BROKER_LOG_LEVEL ?? 'info';
  if (!isLogLevel(logLevel)) {
    throw new BrokerError('config', `--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const baseUrl = flags['base-url'] ?? env.PACT_BROKER_BASE_URL;
  if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new BrokerError('config', `base URL must be an http(s) URL, got "${baseUrl}"`);
  }
  return {
    port: int('--port', flags.port ?? env.PACT_BROKER_PORT ?? '9292', 0),
    host: flags.host ?? env.PACT_BROKER_HOST ?? '127.0.0.1',
    dataDir: flags['data-dir'] ?? env.PACT_BROKER_DATA_DIR,
    databaseUrl: flags['database-url'] ?? env.PACT_BROKER_DATABASE_URL,
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    auth: {
      writeUser: credentials(
        env.PACT_BROKER_BASIC_AUTH_USERNAME,
        env.PACT_BROKER_BASIC_AUTH_PASSWORD,
        'PACT_BROKER_BASIC_AUTH_USERNAME/PASSWORD',
      ),
      readUser: credentials(
        env.PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME,
        env.PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD,
        'PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME/PASSWORD',
      ),
      writeTokens: list(env.PACT_BROKER_WRITE_TOKENS),
      readTokens: list(env.PACT_BROKER_READ_TOKENS),
      allowPublicRead: bool(env.PACT_BROKER_ALLOW_PUBLIC_READ, false),
      publicHeartbeat: bool(env.PACT_BROKER_PUBLIC_HEARTBEAT, true),
    },
    bodyLimit: int('--body-limit', flags['body-limit'] ?? env.PACT_BROKER_BODY_LIMIT ?? '10485760', 1),
    poolSize: int('PACT_BROKER_DATABASE_POOL_SIZE', env.PACT_BROKER_DATABASE_POOL_SIZE ?? '10', 1),
    webhookHostWhitelist: list(env.PACT_BROKER_WEBHOOK_HOST_WHITELIST),
    webhooks: parseWebhookConfig(env),
    allowDangerousContractModification: bool(env.PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION, false),
    logLevel,
    clean: parseCleanSettings(env),
  };
}

/** A config for embedding and tests: everything defaulted, in-memory storage, open auth. */
export function defaultConfig(overrides: Partial<BrokerConfig> = {}): BrokerConfig {
  const base = parseConfig([], {}) as BrokerConfig;
  return { ...base, port: 0, logLevel: 'silent', ...overrides, auth: { ...base.auth, ...overrides.auth } };
}
