// How a badge reaches the client, per the official badge settings: a 307 to shields.io (the default), the shields
// image fetched and served (proxy), or the broker's own SVG when shields.io is not configured or not reachable.

import type { HttpResponse } from '../http/types.js';
import type { BadgeSettings } from '../settings.js';
import { type Badge, badgeSvg, shieldsUrl } from './decorate.js';

const SVG = 'image/svg+xml;charset=utf-8';

/** Shields answers by URL, cached while this process lives (only 200s), as upstream. */
const fetched = new Map<string, string>();

async function fromShields(url: string): Promise<string | undefined> {
  const hit = fetched.get(url);
  if (hit !== undefined) return hit;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
    if (res.status !== 200) return undefined;
    const body = await res.text();
    fetched.set(url, body);
    return body;
  } catch {
    return undefined;
  }
}

/**
 * A pact or matrix badge: redirect when the mode is `redirect` and shields.io is configured; otherwise an SVG
 * (shields' in proxy mode, else `offline`) after the comment naming the versions it reports on.
 */
export async function pactBadgeResponse(
  settings: BadgeSettings,
  badge: Badge,
  offline: Badge,
  comment: string,
): Promise<HttpResponse> {
  const base = settings.shieldsIoBaseUrl;
  if (base && settings.providerMode === 'redirect') {
    return { status: 307, headers: { Location: shieldsUrl(base, badge), 'Cache-Control': 'no-cache' } };
  }
  const svg = (base ? await fromShields(shieldsUrl(base, badge)) : undefined) ?? badgeSvg(offline);
  return { status: 200, body: comment + svg, headers: { 'Content-Type': SVG, 'Cache-Control': 'no-cache' } };
}

/**
 * A can-i-deploy or can-i-merge badge: always a redirect when shields.io is configured (as upstream, in every mode);
 * without shields.io, the broker's own SVG with the same texts.
 */
export function deployBadgeResponse(
  settings: BadgeSettings,
  badge: Badge,
  cacheControl = 'no-cache',
): HttpResponse {
  const base = settings.shieldsIoBaseUrl;
  if (base)
    return { status: 307, headers: { Location: shieldsUrl(base, badge), 'Cache-Control': cacheControl } };
  return {
    status: 200,
    body: badgeSvg(badge),
    headers: { 'Content-Type': SVG, 'Cache-Control': cacheControl },
  };
}
