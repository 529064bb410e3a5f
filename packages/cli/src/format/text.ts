// Plain-text output for terminals and CI logs: one block per comparison, breaking changes first.
import {
  comparisonTitle,
  isFailing,
  type Report,
  type ReportChange,
  witnessCaption,
  witnessesOf,
} from '../diff/report.js';

const value = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? '—' : s.length > 120 ? `${s.slice(0, 117)}…` : s;
};

/** Witnesses are shown whole when short; a long one is cut (the JSON output always has it whole). */
const witnessText = (v: unknown): string => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 400 ? `${s.slice(0, 397)}…` : s;
};

function line(c: ReportChange): string[] {
  const tag = isFailing(c) ? 'BREAKING' : c.waived ? 'WAIVED  ' : 'ok      ';
  const out = [`  ${tag} ${c.rule} at ${c.path || '/'}: ${c.message}`];
  if (c.breaking) {
    for (const d of ['backward', 'forward'] as const) {
      const r = c.reasons[d];
      if (c.breaks[d] && r) out.push(`           ${d}: ${r}`);
    }
    if (c.before !== undefined || c.after !== undefined)
      out.push(`           before: ${value(c.before)}  after: ${value(c.after)}`);
    for (const w of witnessesOf(c)) {
      out.push(`           witness (${witnessCaption(w)}): ${witnessText(w.instance)}`);
    }
    for (const d of ['backward', 'forward'] as const) {
      const kw = c.undecidableKeyword?.[d];
      if (kw !== undefined && c.breaks[d])
        out.push(`           ${d}: undecidable (${kw}), treated as breaking`);
    }
  }
  if (c.waived) out.push(`           waived until ${c.waived.expires}: ${c.waived.reason}`);
  return out;
}

export function formatText(report: Report): string {
  const out: string[] = [];
  for (const p of report.problems) {
    out.push(`✖ [${p.kind}] ${p.message}`);
    for (const c of p.changes ?? []) out.push(`    ${c.rule} at ${c.path || '/'}: ${c.message}`);
  }
  for (const cmp of report.comparisons) {
    const failing = cmp.changes.filter(isFailing);
    const mode = cmp.mode ? `${cmp.mode}` : cmp.direction;
    const head = cmp.note
      ? `• ${comparisonTitle(cmp)}: ${cmp.note}`
      : `${cmp.compatible ? '✔' : '✖'} ${comparisonTitle(cmp)} (${mode}): ${
          failing.length === 0 ? 'compatible' : `${failing.length} breaking`
        }, ${cmp.changes.length} change${cmp.changes.length === 1 ? '' : 's'}`;
    out.push(head);
    const ordered = [
      ...failing,
      ...cmp.changes.filter((c) => c.waived),
      ...cmp.changes.filter((c) => !c.breaking),
    ];
    for (const c of ordered) out.push(...line(c));
  }
  for (const w of report.unusedWaivers)
    out.push(`note: waiver #${w.index} (${w.rule} at ${w.path}) matched nothing`);
  out.push(report.compatible ? 'Result: compatible' : 'Result: BREAKING');
  return `${out.join('\n')}\n`;
}
