// Webhook settings, parsed once from PACT_BROKER_WEBHOOK_* environment variables at the edge (see README).

export interface WebhookConfig {
  /** Run the delivery relay in this process (PACT_BROKER_WEBHOOK_RELAY, default true). */
  relay: boolean;
  /** Schemes a webhook URL may use (PACT_BROKER_WEBHOOK_SCHEME_WHITELIST, default "https"). */
  schemes: string[];
  /** HTTP methods a webhook may use (PACT_BROKER_WEBHOOK_METHOD_WHITELIST, default "POST"). */
  methods: string[];
  /** Tries per delivery before it is dead (PACT_BROKER_WEBHOOK_MAX_ATTEMPTS, default 7: the first try and 6 retries). */
  maxAttempts: number;
  /** First retry delay in ms, doubled per try, with jitter (PACT_BROKER_WEBHOOK_BACKOFF_MS, default 10000). */
  backoffMs: number;
  /** Longest retry delay in ms (PACT_BROKER_WEBHOOK_BACKOFF_MAX_MS, default 1200000). */
  backoffMaxMs: number;
  /** Request timeout in ms (PACT_BROKER_WEBHOOK_TIMEOUT_MS, default 10000). */
  timeoutMs: number;
  /** How often the relay polls the outbox in ms (PACT_BROKER_WEBHOOK_POLL_MS, default 1000). */
  pollMs: number;
  /** How long a claimed delivery stays leased to one process in ms (PACT_BROKER_WEBHOOK_LEASE_MS, default 60000). */
  leaseMs: number;
}

import { BrokerError } from '../errors.js';

type Env = Record<string, string | undefined>;

function list(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined || value.trim() === '') return fallback;
  return value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function int(value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new BrokerError('config', `PACT_BROKER_WEBHOOK_*: expected an integer >= ${min}, got "${value}"`);
  return n;
}

export function parseWebhookConfig(env: Env): WebhookConfig {
  const timeoutMs = int(env.PACT_BROKER_WEBHOOK_TIMEOUT_MS, 10_000, 1);
  return {
    relay: !/^(0|false|no|off)$/i.test(env.PACT_BROKER_WEBHOOK_RELAY ?? 'true'),
    schemes: list(env.PACT_BROKER_WEBHOOK_SCHEME_WHITELIST, ['https']).map((s) => s.toLowerCase()),
    methods: list(env.PACT_BROKER_WEBHOOK_METHOD_WHITELIST, ['POST']).map((m) => m.toUpperCase()),
    maxAttempts: int(env.PACT_BROKER_WEBHOOK_MAX_ATTEMPTS, 7, 1),
    backoffMs: int(env.PACT_BROKER_WEBHOOK_BACKOFF_MS, 10_000, 1),
    backoffMaxMs: int(env.PACT_BROKER_WEBHOOK_BACKOFF_MAX_MS, 1_200_000, 1),
    timeoutMs,
    pollMs: int(env.PACT_BROKER_WEBHOOK_POLL_MS, 1000, 10),
    leaseMs: Math.max(int(env.PACT_BROKER_WEBHOOK_LEASE_MS, 60_000, 100), timeoutMs + 1000),
  };
}
