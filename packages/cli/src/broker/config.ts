// Where the Pact Broker is and how to authenticate, read once at the edge from a flag and the official client's variables.

export interface BrokerConfig {
  /** Base URL without a trailing slash. */
  url: string;
  /** `PACT_BROKER_TOKEN` (bearer) wins over `PACT_BROKER_USERNAME`/`PACT_BROKER_PASSWORD` (basic), as in the pact-broker CLI. */
  auth: { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string } | undefined;
  /** Per request. */
  timeoutMs: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

const set = (v: string | undefined): string | undefined =>
  v === undefined || v.trim() === '' ? undefined : v;

/**
 * `--broker URL`, else `PACT_BROKER_BASE_URL`; undefined when neither is set (an empty variable, as a workflow
 * passes for a missing secret, counts as unset).
 */
export function brokerConfig(flag: string | undefined, env: Env): BrokerConfig | undefined {
  const url = set(flag) ?? set(env.PACT_BROKER_BASE_URL);
  if (url === undefined) return undefined;
  const token = set(env.PACT_BROKER_TOKEN);
  const username = set(env.PACT_BROKER_USERNAME);
  const auth: BrokerConfig['auth'] =
    token !== undefined
      ? { kind: 'bearer', token }
      : username !== undefined
        ? { kind: 'basic', username, password: env.PACT_BROKER_PASSWORD ?? '' }
        : undefined;
  return { url: url.replace(/\/+$/, ''), auth, timeoutMs: 30_000 };
}
