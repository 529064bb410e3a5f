// URL builders for pact resources, shared by the pacts, verifications and for-verification modules.

import { path } from '../http/hal.js';

export function pactPath(provider: string, consumer: string, version: string): string {
  return path`/pacts/provider/${provider}/consumer/${consumer}/version/${version}`;
}

export function pactVersionPath(provider: string, consumer: string, sha: string, metadata?: string): string {
  const base = path`/pacts/provider/${provider}/consumer/${consumer}/pact-version/${sha}`;
  return metadata ? `${base}/metadata/${metadata}` : base;
}

/** Base64url JSON metadata carried in verifiable pact URLs (selectors matched, pending, wip). */
export function encodeMetadata(data: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

export function decodeMetadata(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
