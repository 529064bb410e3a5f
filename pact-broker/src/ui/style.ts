// The pages' one stylesheet, served as /ui/style.css (the CSP allows no inline styles). Colours are custom
// properties so the dark theme, chosen by the system's prefers-color-scheme, only swaps the palette.

import type { Handler } from '../route.js';

const STYLESHEET = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--head:#eaeef2;--link:#0550ae;
--ok:#1a7f37;--fail:#cf222e;--pending:#9a6700;--none:#59636e;--bar:#24292f;--bar-fg:#fff;--add:#dafbe1;--del:#ffebe9}
@media (prefers-color-scheme: dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#161b22;--line:#3d444d;
--head:#21262d;--link:#6cb6ff;--ok:#3fb950;--fail:#ff7b72;--pending:#d29922;--none:#9198a1;--bar:#010409;--bar-fg:#f0f6fc;
--add:#12361f;--del:#4a1619}}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg);line-height:1.45}
a{color:var(--link)}
header{background:var(--bar);color:var(--bar-fg);padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:center}
header a{color:var(--bar-fg);text-decoration:none}header .brand{font-weight:700}
header ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
header a[aria-current=page]{text-decoration:underline;text-underline-offset:.3em}
main{padding:1rem;max-width:1200px}
footer{padding:1rem;color:var(--muted);font-size:.9rem}
h1{font-size:1.5rem;margin:.4rem 0 1rem;overflow-wrap:anywhere}h2{font-size:1.2rem;margin-top:1.6rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;background:var(--card)}
th,td{border:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}
th{background:var(--head)}
.state{font-weight:600;white-space:nowrap}.state.passed{color:var(--ok)}.state.failed{color:var(--fail)}
.state.pending{color:var(--pending)}.state.unverified{color:var(--none)}
.verdict{font-size:1.2rem;padding:.6rem 1rem;border:2px solid var(--line);background:var(--card);display:inline-block}
.verdict.passed{border-color:var(--ok)}.verdict.failed{border-color:var(--fail)}.verdict.pending{border-color:var(--pending)}
pre{background:var(--card);border:1px solid var(--line);padding:.5rem;font-size:.85rem;margin:.3rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
code{font-size:.9em}
.muted{color:var(--muted);font-size:.9rem}
.card,.interaction{background:var(--card);border:1px solid var(--line);margin:1rem 0;padding:.6rem 1rem}
.interaction h3{margin:.2rem 0}
.pair{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:.6rem}
@media (max-width:700px){.pair{grid-template-columns:1fr}}
.rules{font-size:.85rem}.rules dt{font-family:monospace}.rules dd{margin:0 0 .3rem 1rem}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:flex-end;margin:0 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.9rem}
input,select,button{font:inherit;padding:.25rem .4rem;color:var(--fg);background:var(--card);border:1px solid var(--line);border-radius:4px}
button{cursor:pointer;background:var(--head)}
ul.plain{list-style:none;padding:0}
.diff .add{background:var(--add)}.diff .del{background:var(--del)}
.graph{background:var(--card);border:1px solid var(--line);overflow:auto}
.graph svg{display:block;max-width:100%;height:auto}
.graph .node rect{fill:var(--head);stroke:var(--line)}.graph .node text{fill:var(--fg);font-size:13px}
.graph .node a:focus rect,.graph .node a:hover rect{stroke:var(--link);stroke-width:2}
.graph .edge{fill:none;stroke-width:2}.graph .edge.passed{stroke:var(--ok)}.graph .edge.failed{stroke:var(--fail)}
.graph .edge.pending{stroke:var(--pending)}.graph .edge.unverified{stroke:var(--none)}.graph .edge.message{stroke-dasharray:6 4}
.graph marker path{fill:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:1rem;padding:0;list-style:none}
.legend svg{vertical-align:middle}
.legend line{stroke-width:3}
.legend .passed{stroke:var(--ok)}.legend .failed{stroke:var(--fail)}.legend .pending{stroke:var(--pending)}
.legend .unverified{stroke:var(--none)}.legend .http{stroke:var(--fg)}.legend .message{stroke:var(--fg);stroke-dasharray:6 4}
.pager{display:flex;gap:1rem;margin:.6rem 0}
.ok{color:var(--ok);font-weight:600}.fail{color:var(--fail);font-weight:600}.none{color:var(--none)}
`;

export const serveStylesheet: Handler = () => ({
  status: 200,
  body: STYLESHEET,
  headers: { 'Content-Type': 'text/css;charset=utf-8', 'Cache-Control': 'public, max-age=300' },
});
