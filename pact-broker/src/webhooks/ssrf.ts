// Guards webhook targets against SSRF: scheme/method allow-lists, a host allow-list, and no loopback, private,
// link-local or metadata addresses unless the allow-list names them. The checked address is the one connected to.

import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { isPublicAddress } from './addresses.js';

export { isPublicAddress } from './addresses.js';

import type { WebhookConfig } from './config.js';

export interface TargetPolicy {
  schemes: string[];
  methods: string[];
  /** Host names (`api.example.com`, `*.example.com`), IPs or CIDRs (`10.0.0.0/8`); empty allows public hosts. */
  hosts: string[];
}

/** The policy the broker's configuration sets (the scheme and method allow-lists and the host allow-list). */
export function targetPolicy(config: {
  webhooks: WebhookConfig;
  webhookHostWhitelist: string[];
}): TargetPolicy {
  return {
    schemes: config.webhooks.schemes,
    methods: config.webhooks.methods,
    hosts: config.webhookHostWhitelist,
  };
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Whether an allow-list entry names this host (exact or wildcard) — an explicit name also vouches for its addresses. */
function hostNamed(entries: string[], host: string): boolean {
  const h = host.toLowerCase();
  return entries.some((e) => {
    const entry = e.toLowerCase();
    if (entry.startsWith('*.')) return h.endsWith(entry.slice(1)) && h.length > entry.length - 1;
    return entry === h;
  });
}

function addressAllowed(entries: string[], ip: string): boolean {
  for (const e of entries) {
    const [net, bits] = e.split('/');
    if (!net || isIP(net) === 0) continue;
    if (bits === undefined) {
      if (net === ip) return true;
      continue;
    }
    const list = new BlockList();
    list.addSubnet(net, Number(bits), family(net));
    if (isIP(ip) && family(ip) === family(net) && list.check(ip, family(ip))) return true;
  }
  return false;
}

/** Static checks done when a webhook is saved: a readable reason or undefined. */
export function checkTarget(policy: TargetPolicy, method: string, rawUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(rawUrl.replace(/\$\{pactbroker\.\w+\}/g, 'x'));
  } catch {
    return 'is not a valid URL';
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!policy.schemes.includes(scheme)) return `scheme must be one of ${policy.schemes.join(', ')}`;
  if (!policy.methods.includes(method.toUpperCase()))
    return `method must be one of ${policy.methods.join(', ')}`;
  const host = stripBrackets(url.hostname);
  const named = hostNamed(policy.hosts, host);
  if (isIP(host)) {
    if (!addressAllowed(policy.hosts, host) && (!isPublicAddress(host) || policy.hosts.length > 0))
      return `host ${host} is not in the webhook host allow-list`;
    return undefined;
  }
  if (policy.hosts.length > 0 && !named) return `host ${host} is not in the webhook host allow-list`;
  const bare = host.toLowerCase().replace(/\.+$/, '');
  if (policy.hosts.length === 0 && (bare === 'localhost' || bare.endsWith('.localhost')))
    return `host ${host} is not in the webhook host allow-list`;
  return undefined;
}

/**
 * Resolves the URL's host and returns the address to connect to, or throws with the reason. Names resolving to
 * non-public addresses (DNS rebinding) are refused unless the name itself or the address is allow-listed.
 */
export type Lookup = (host: string) => Promise<Array<{ address: string; family: number }>>;

const systemLookup: Lookup = (host) => lookup(host, { all: true });

export async function resolveTarget(
  policy: TargetPolicy,
  method: string,
  rawUrl: string,
  resolve: Lookup = systemLookup,
): Promise<{ address: string; family: 4 | 6 }> {
  const problem = checkTarget(policy, method, rawUrl);
  if (problem) throw new Error(`Webhook URL refused: ${problem}`);
  const host = stripBrackets(new URL(rawUrl).hostname);
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  // Only an exact name (not a wildcard) vouches for private addresses, so *.example.com cannot be rebound to 127.0.0.1.
  const named = !isIP(host) && policy.hosts.some((e) => e.toLowerCase() === host.toLowerCase());
  // Every address the name resolves to must pass, so a rebinding answer that mixes in 127.0.0.1 is refused.
  const refused = addresses.find(
    (a) => !(isPublicAddress(a.address) || named || addressAllowed(policy.hosts, a.address)),
  );
  const first = addresses[0];
  if (refused || !first) {
    throw new Error(
      `Webhook URL refused: ${host} resolves to ${refused ? `a non-public address (${refused.address})` : 'no address'} that is not allow-listed`,
    );
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
