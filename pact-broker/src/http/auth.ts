// Authentication and authorisation: basic read-write / read-only users, bearer tokens with a scope, public read.

import { timingSafeEqual } from 'node:crypto';
import type { AuthConfig } from '../config.js';
import { BrokerError } from '../errors.js';
import type { Access, Identity } from './types.js';

function same(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Basic auth is on as PACT_BROKER_BASIC_AUTH_ENABLED says, else when the read-write user is configured. */
function basicAuthOn(auth: AuthConfig): boolean {
  return auth.basicAuthEnabled ?? Boolean(auth.writeUser);
}

export function authEnabled(auth: AuthConfig): boolean {
  return (
    (basicAuthOn(auth) && Boolean(auth.writeUser || auth.readUser)) ||
    auth.writeTokens.length > 0 ||
    auth.readTokens.length > 0
  );
}

/** Resolves the Authorization header; wrong credentials are a 401 even where anonymous access would do. */
export function identify(auth: AuthConfig, header: string | undefined): Identity {
  if (!header) return { kind: 'anonymous' };
  // Exactly `<scheme> <token68>` (RFC 7235): a token followed by other words is no credential at all.
  const credentials = /^([A-Za-z]+) ([A-Za-z0-9\-._~+/]+=*)$/.exec(header.trim());
  if (!credentials) throw unauthorized();
  const [, scheme, value = ''] = credentials;
  if (/^basic$/i.test(scheme ?? '')) {
    let decoded = '';
    try {
      decoded = Buffer.from(value, 'base64').toString('utf8');
    } catch {
      throw unauthorized();
    }
    const i = decoded.indexOf(':');
    const user = i < 0 ? decoded : decoded.slice(0, i);
    const pass = i < 0 ? '' : decoded.slice(i + 1);
    if (!basicAuthOn(auth)) throw unauthorized();
    if (auth.writeUser && same(user, auth.writeUser.username) && same(pass, auth.writeUser.password)) {
      return { kind: 'user', name: user, scope: 'write' };
    }
    if (auth.readUser && same(user, auth.readUser.username) && same(pass, auth.readUser.password)) {
      return { kind: 'user', name: user, scope: 'read' };
    }
    throw unauthorized();
  }
  if (/^bearer$/i.test(scheme ?? '')) {
    if (auth.writeTokens.some((t) => same(t, value))) return { kind: 'token', name: 'token', scope: 'write' };
    if (auth.readTokens.some((t) => same(t, value))) return { kind: 'token', name: 'token', scope: 'read' };
    throw unauthorized();
  }
  throw unauthorized();
}

function unauthorized(): BrokerError {
  return new BrokerError('unauthorized', 'Authentication required', {
    extra: { wwwAuthenticate: 'Basic realm="Restricted area"' },
  });
}

/**
 * The heartbeat's access follows PACT_BROKER_PUBLIC_HEARTBEAT, the badges' PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS;
 * every other level is as declared.
 */
export function effectiveAccess(auth: AuthConfig, access: Access): Exclude<Access, 'heartbeat' | 'badge'> {
  if (access === 'heartbeat') return auth.publicHeartbeat ? 'public' : 'read';
  if (access === 'badge') return auth.publicBadges ? 'public' : 'read';
  return access;
}

/**
 * The access an unmatched path needs before it may learn that the path does not exist: reads for read methods,
 * writes for the rest (the official broker authenticates in a Rack middleware, ahead of routing).
 */
export function accessForMethod(method: string): Access {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/** Throws 401/403 unless `identity` may perform an operation of kind `access`. */
export function authorize(auth: AuthConfig, identity: Identity, declared: Access): void {
  const access = effectiveAccess(auth, declared);
  if (access === 'public' || !authEnabled(auth)) return;
  if (identity.kind === 'anonymous') {
    if (access === 'read' && auth.allowPublicRead) return;
    throw unauthorized();
  }
  if (access === 'write' && identity.scope !== 'write') {
    // The official broker's write app accepts only the write user: read-only basic credentials get a challenge.
    if (identity.kind === 'user') throw unauthorized();
    throw new BrokerError('forbidden', 'This token may only read');
  }
}
