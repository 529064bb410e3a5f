// Webhook settings, parsed once from the official PACT_BROKER_WEBHOOK_* variables (and ours) at the edge (see README).

import { readFileSync } from 'node:fs';
import { BrokerError } from '../errors.js';
import { officialBool, officialList } from '../settings.js';

export interface WebhookConfig {
  /** Run the delivery relay in this process (PACT_BROKER_WEBHOOK_RELAY, default true). */
  relay: boolean;
  /** Schemes a webhook URL may use (PACT_BROKER_WEBHOOK_SCHEME_WHITELIST, default "https"). */
  schemes: string[];
  /** HTTP methods a webhook may use (PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST, default "POST"). */
  methods: string[];
  /**
   * Wait in ms before each retry (PACT_BROKER_WEBHOOK_RETRY_SCHEDULE in seconds, default 10 60 120 300 600 1200):
   * a delivery is tried once and then once per entry, so `maxAttempts` = entries + 1.
   */
  retryScheduleMs: number[];
  /** Tries per delivery before it is dead (retryScheduleMs.length + 1: 7 by default). */
  maxAttempts: number;
  /** Response codes that count as delivered (PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS, default 200–206). */
  successCodes: number[];
  /** Request timeout in ms (PACT_BROKER_WEBHOOK_TIMEOUT_MS, default 15000: the official open and read timeouts). */
  timeoutMs: number;
  /** How often the relay polls the outbox in ms (PACT_BROKER_WEBHOOK_POLL_MS, default 1000). */
  pollMs: number;
  /** How long a claimed delivery stays leased to one process in ms (PACT_BROKER_WEBHOOK_LEASE_MS, default 60000). */
  leaseMs: number;
  /** User-Agent of webhook requests (PACT_BROKER_USER_AGENT). */
  userAgent: string;
  /** Skip TLS certificate checks of webhook targets (PACT_BROKER_DISABLE_SSL_VERIFICATION, default false). */
  disableSslVerification: boolean;
  /** Extra trusted CA certificates, PEM (PACT_BROKER_WEBHOOK_CERTIFICATES__<i>__CONTENT or __PATH). */
  certificates: string[];
  /** Show Authorization/token headers as ********** in execution logs (PACT_BROKER_WEBHOOK_REDACT_SENSITIVE_DATA). */
  redactSensitiveData: boolean;
}

type Env = Record<string, string | undefined>;

function int(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new BrokerError('config', `${name}: expected an integer >= ${min}, got "${value}"`);
  return n;
}

function ints(name: string, value: string | undefined, fallback: number[]): number[] {
  const items = officialList(value);
  if (!items) return fallback;
  return items.map((i) => int(name, i, 0, 0));
}

/**
 * The retry schedule: the official variable, or (deprecated, ours) a try limit with doubling delays from
 * PACT_BROKER_WEBHOOK_MAX_ATTEMPTS / _BACKOFF_MS / _BACKOFF_MAX_MS.
 */
function retrySchedule(env: Env): number[] {
  if (env.PACT_BROKER_WEBHOOK_MAX_ATTEMPTS || env.PACT_BROKER_WEBHOOK_BACKOFF_MS) {
    const tries = int('PACT_BROKER_WEBHOOK_MAX_ATTEMPTS', env.PACT_BROKER_WEBHOOK_MAX_ATTEMPTS, 7, 1);
    const base = int('PACT_BROKER_WEBHOOK_BACKOFF_MS', env.PACT_BROKER_WEBHOOK_BACKOFF_MS, 10_000, 1);
    const cap = int(
      'PACT_BROKER_WEBHOOK_BACKOFF_MAX_MS',
      env.PACT_BROKER_WEBHOOK_BACKOFF_MAX_MS,
      1_200_000,
      1,
    );
    return Array.from({ length: tries - 1 }, (_, i) => Math.min(cap, base * 2 ** i));
  }
  return ints(
    'PACT_BROKER_WEBHOOK_RETRY_SCHEDULE',
    env.PACT_BROKER_WEBHOOK_RETRY_SCHEDULE,
    [10, 60, 120, 300, 600, 1200],
  ).map((s) => s * 1000);
}

/** PACT_BROKER_WEBHOOK_CERTIFICATES__0__CONTENT / __PATH …, in index order; an unreadable path stops the start. */
function certificates(env: Env): string[] {
  const found = new Map<number, string>();
  for (const [key, value] of Object.entries(env)) {
    const m = /^PACT_BROKER_WEBHOOK_CERTIFICATES__(\d+)__(CONTENT|PATH)$/.exec(key);
    if (!m || !value) continue;
    let pem = value;
    if (m[2] === 'PATH') {
      try {
        pem = readFileSync(value, 'utf8');
      } catch (err) {
        throw new BrokerError('config', `${key}: cannot read ${value}: ${(err as Error).message}`);
      }
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      throw new BrokerError('config', `${key}: not a PEM certificate`);
    found.set(Number(m[1]), pem);
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, pem]) => pem);
}

export function parseWebhookConfig(env: Env, version = '0.0.0'): WebhookConfig {
  const timeoutMs = int('PACT_BROKER_WEBHOOK_TIMEOUT_MS', env.PACT_BROKER_WEBHOOK_TIMEOUT_MS, 15_000, 1);
  const schedule = retrySchedule(env);
  const methods = officialList(env.PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST) ??
    officialList(env.PACT_BROKER_WEBHOOK_METHOD_WHITELIST) ?? ['POST'];
  return {
    relay: officialBool(env, 'PACT_BROKER_WEBHOOK_RELAY', true),
    schemes: (officialList(env.PACT_BROKER_WEBHOOK_SCHEME_WHITELIST) ?? ['https']).map((s) =>
      s.toLowerCase(),
    ),
    methods: methods.map((m) => m.toUpperCase()),
    retryScheduleMs: schedule,
    maxAttempts: schedule.length + 1,
    successCodes: ints(
      'PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS',
      env.PACT_BROKER_WEBHOOK_HTTP_CODE_SUCCESS,
      [200, 201, 202, 203, 204, 205, 206],
    ),
    timeoutMs,
    pollMs: int('PACT_BROKER_WEBHOOK_POLL_MS', env.PACT_BROKER_WEBHOOK_POLL_MS, 1000, 10),
    leaseMs: Math.max(
      int('PACT_BROKER_WEBHOOK_LEASE_MS', env.PACT_BROKER_WEBHOOK_LEASE_MS, 60_000, 100),
      timeoutMs + 1000,
    ),
    // Receivers filter on the official prefix.
    userAgent: env.PACT_BROKER_USER_AGENT?.trim() || `Pact Broker v${version} (accord-broker)`,
    disableSslVerification: officialBool(env, 'PACT_BROKER_DISABLE_SSL_VERIFICATION', false),
    certificates: certificates(env),
    redactSensitiveData: officialBool(env, 'PACT_BROKER_WEBHOOK_REDACT_SENSITIVE_DATA', true),
  };
}
