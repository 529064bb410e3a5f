// What a badge says, after the official badge service: titles (with label and initials), the status text and
// colour of a pact badge, shields.io URLs, and a self-contained flat SVG for when the broker cannot redirect.

import { esc } from '../http/escape.js';

export type Colour = 'brightgreen' | 'red' | 'orange' | 'lightgrey';

export interface Badge {
  left: string;
  right: string;
  colour: Colour;
}

/** A pact's verification status, as upstream's pseudo-branch status. */
export type PactStatus = 'success' | 'failed' | 'failed_pending' | 'stale' | 'never';

const HEX: Record<Colour, string> = {
  brightgreen: '#4c1',
  red: '#e05d44',
  orange: '#fe7d37',
  lightgrey: '#9f9f9f',
};

const STATUS_TEXT: Record<PactStatus, [string, Colour]> = {
  success: ['verified', 'brightgreen'],
  failed: ['failed', 'red'],
  failed_pending: ['failed (pending)', 'red'],
  stale: ['changed', 'orange'],
  never: ['unknown', 'lightgrey'],
};

/** The status of the latest pact from its newest relevant verification. */
export function pactStatus(
  latestSha: string | undefined,
  verification: { sha: string; success: boolean; pact_pending: boolean | null } | undefined,
): PactStatus {
  if (latestSha === undefined || !verification) return 'never';
  if (verification.success) return verification.sha === latestSha ? 'success' : 'stale';
  return verification.pact_pending ? 'failed_pending' : 'failed';
}

/** `initials=true`: a multi-word name (space, -, _ or camelCase) becomes its lower-case first letters. */
export function prepareName(name: string, initials: boolean, tag?: string): string {
  const suffix = tag ? ` (${tag})` : '';
  if (initials) {
    let parts = name.split(/[\s_-]/);
    if (parts.length === 1)
      parts = name
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .replace(/([a-z\d])([A-Z])/g, '$1_$2')
        .replace(/-/g, '_')
        .split('_');
    if (parts.length > 1)
      return (
        parts
          .map((p) => p[0] ?? '')
          .join('')
          .toLowerCase() + suffix
      );
  }
  return name.toLowerCase() + suffix;
}

/** The pact badge: `consumer/provider pact` (or one side with `label=consumer|provider`), and its status. */
export function pactBadge(
  pact: { consumer: string; provider: string } | undefined,
  status: PactStatus,
  options: { label?: string | undefined; initials: boolean; consumerTag?: string; providerTag?: string },
): Badge {
  const [right, colour] = STATUS_TEXT[status];
  if (!pact) return { left: 'pact not found', right, colour };
  const c = prepareName(pact.consumer, options.initials, options.consumerTag);
  const p = prepareName(pact.provider, options.initials, options.providerTag);
  const which = (options.label ?? '').toLowerCase();
  const title = which === 'consumer' ? c : which === 'provider' ? p : `${c}/${p}`;
  return { left: `${title} pact`.toLowerCase(), right, colour };
}

/** ERB::Util.url_encode of the text after shields.io's escaping of - and _. */
function escapeText(text: string): string {
  return encodeURIComponent(text.replace(/-/g, '--').replace(/_/g, '__')).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function shieldsUrl(base: string, b: Badge): string {
  return `${base}/badge/${escapeText(b.left)}-${escapeText(b.right)}-${b.colour}.svg`;
}

/** Rough text width for Verdana 11px, enough to size a flat badge. */
function width(text: string): number {
  return Math.round(text.length * 6.5) + 10;
}

/** A flat, shields-style SVG badge with no external references. */
export function badgeSvg(b: Badge): string {
  const lw = width(b.left);
  const rw = width(b.right);
  const label = `${esc(b.left)}: ${esc(b.right)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + rw}" height="20" role="img" aria-label="${label}">
<title>${label}</title>
<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${rw}" height="20" fill="${HEX[b.colour]}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${esc(b.left)}</text><text x="${lw + rw / 2}" y="14">${esc(b.right)}</text></g>
</svg>
`;
}
