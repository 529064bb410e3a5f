// Small server-side HTML helpers: escaped templates, the page layout and relative times. No client-side JavaScript.

import { esc } from '../http/escape.js';

/** Markup built by `html`: interpolating it into another template does not escape it again. */
export class Raw {
  constructor(readonly html: string) {}
}

/** Builds HTML from a template: interpolated values are escaped, except `Raw` markup (and arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((x) => (x instanceof Raw ? x.html : esc(x))).join('')
      : v instanceof Raw
        ? v.html
        : esc(v);
    out += part + (strings[i + 1] ?? '');
  });
  return new Raw(out);
}

export function ago(date: Date, now = new Date()): string {
  const s = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'} ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:.8rem 1.5rem}header a{color:#fff;text-decoration:none;font-weight:600}
main{padding:1rem 1.5rem;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#eaeef2}.ok{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.none{color:#6e7781}
pre{background:#fff;border:1px solid #d0d7de;padding:.6rem;overflow:auto;font-size:.85rem}
.interaction{background:#fff;border:1px solid #d0d7de;margin:1rem 0;padding:.6rem 1rem}.muted{color:#6e7781;font-size:.9rem}
nav a{margin-right:1rem}
`;

export function page(title: string, body: Raw): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header><a href="/">Accord Pact Broker</a></header><main>${body.html}</main></body></html>
`;
}
