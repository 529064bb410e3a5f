// A self-contained SVG status badge for the can-i-deploy shortcuts (no call to shields.io from the broker).

import { esc } from '../http/escape.js';

/** Rough text width for Verdana 11px, enough to size a flat badge. */
function width(text: string): number {
  return Math.round(text.length * 6.5) + 10;
}

export function badgeSvg(label: string, deployable: boolean | null | 'error'): string {
  const message =
    deployable === true ? 'yes' : deployable === false ? 'no' : deployable === null ? 'unknown' : 'error';
  const color = deployable === true ? '#4c1' : deployable === false ? '#e05d44' : '#9f9f9f';
  const lw = width(label);
  const mw = width(message);
  const w = lw + mw;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${esc(label)}: ${message}">
<title>${esc(label)}: ${message}</title>
<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${color}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${esc(label)}</text><text x="${lw + mw / 2}" y="14">${message}</text></g>
</svg>
`;
}
