// Markdown output: a pull-request comment a reviewer can judge in ten seconds.
import {
  brokenDirections,
  comparisonTitle,
  isFailing,
  type Report,
  type ReportChange,
  witnessCaption,
  witnessesOf,
} from '../diff/report.js';

/** Hidden marker the workflow uses to find and update its one comment. */
export const COMMENT_MARKER = '<!-- accord-schema-diff -->';

const code = (v: unknown): string => {
  if (v === undefined) return '—';
  let s = JSON.stringify(v);
  if (s.length > 100) s = `${s.slice(0, 97)}…`;
  return `\`${s.replace(/`/g, 'ˋ').replace(/\|/g, '\\|')}\``;
};
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const who = {
  backward: 'new readers cannot read old data',
  forward: 'old readers cannot read new data',
};

function bullet(where: string, c: ReportChange): string {
  const dirs = (['backward', 'forward'] as const).filter((d) => c.breaks[d]).map((d) => `${d} (${who[d]})`);
  const undecidable = c.undecidable ? ' · _undecidable, treated as breaking_' : '';
  const lines = [
    `- **${where}** \`${c.rule}\` at \`${c.path || '/'}\`: ${cell(c.message)}\n  before ${code(c.before)} → after ${code(c.after)} · breaks ${dirs.join(', ')}${undecidable}`,
  ];
  for (const w of witnessesOf(c)) {
    lines.push(`\n  Witness (${cell(witnessCaption(w))}):\n\n  \`\`\`json\n${fenced(w.instance)}\n  \`\`\``);
  }
  return lines.join('');
}

/** A witness as indented, pretty JSON inside a fenced block of a list item (cut when very long). */
function fenced(v: unknown): string {
  let s = JSON.stringify(v, null, 2) ?? 'null';
  if (s.length > 4000) s = `${s.slice(0, 3990)}\n…(cut; the JSON output has it whole)`;
  return s
    .replace(/```/g, 'ˋˋˋ')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

export function formatMarkdown(report: Report): string {
  const out: string[] = [COMMENT_MARKER];
  const breaking = report.comparisons.flatMap((cmp) =>
    cmp.changes.filter(isFailing).map((c) => ({ cmp, c })),
  );
  const waived = report.comparisons.flatMap((cmp) =>
    cmp.changes.filter((c) => c.waived).map((c) => ({ cmp, c })),
  );
  const additive = report.comparisons.flatMap((cmp) =>
    cmp.changes.filter((c) => !c.breaking).map((c) => ({ cmp, c })),
  );
  const checked = report.comparisons.filter((c) => !c.note).length;
  if (report.compatible) {
    out.push(
      `### ✅ Schema diff: compatible — ${checked} comparison${checked === 1 ? '' : 's'}, ${additive.length} non-breaking change${additive.length === 1 ? '' : 's'}${waived.length ? `, ${waived.length} waived` : ''}`,
    );
  } else {
    const parts = [];
    if (breaking.length) parts.push(`${breaking.length} breaking change${breaking.length === 1 ? '' : 's'}`);
    if (report.problems.length)
      parts.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`);
    out.push(`### ❌ Schema diff: ${parts.join(', ')}`);
  }
  if (report.problems.length) {
    out.push('', '**Problems**', '');
    for (const p of report.problems) out.push(`- \`${p.kind}\` ${cell(p.message)}`);
  }
  if (breaking.length) {
    out.push('', '**Breaking changes**', '');
    for (const { cmp, c } of breaking) out.push(bullet(comparisonTitle(cmp), c));
    out.push(
      '',
      '_To accept a reviewed break, add a waiver (rule, path, contract, version, reason, expiry) to `contracts/schema-waivers.json`; otherwise publish the change as a new version that is compatible._',
    );
  }
  if (waived.length) {
    out.push('', '**Waived**', '');
    for (const { cmp, c } of waived) {
      out.push(
        `- ${comparisonTitle(cmp)} \`${c.rule}\` at \`${c.path || '/'}\` — until ${c.waived?.expires}: ${cell(c.waived?.reason ?? '')}`,
      );
    }
  }
  if (additive.length) {
    out.push('', '**Non-breaking changes**', '');
    for (const { cmp, c } of additive.slice(0, 20)) {
      out.push(`- ${comparisonTitle(cmp)} \`${c.rule}\` at \`${c.path || '/'}\`: ${cell(c.message)}`);
    }
    if (additive.length > 20) out.push(`- … and ${additive.length - 20} more (see details)`);
  }
  out.push('', '<details><summary>Details: every comparison and change</summary>', '');
  out.push('| Contract | Checked against | Mode | Result |', '|---|---|---|---|');
  for (const cmp of report.comparisons) {
    const result =
      cmp.note ?? (cmp.compatible ? '✅ compatible' : `❌ ${cmp.changes.filter(isFailing).length} breaking`);
    out.push(
      `| ${cell(cmp.contract !== undefined ? `${cmp.contract} v${cmp.version}` : cmp.newLabel)} | ${cell(cmp.against !== undefined ? `v${cmp.against}` : cmp.oldLabel)} | ${cmp.mode ?? cmp.direction} | ${cell(result)} |`,
    );
  }
  const all = report.comparisons.flatMap((cmp) => cmp.changes.map((c) => ({ cmp, c })));
  if (all.length) {
    out.push('', '| Where | Rule | Path | Breaks | Before | After |', '|---|---|---|---|---|---|');
    for (const { cmp, c } of all) {
      const verdict = c.waived ? `waived (${brokenDirections(c)})` : brokenDirections(c) || '—';
      out.push(
        `| ${cell(comparisonTitle(cmp))} | \`${c.rule}\` | \`${cell(c.path || '/')}\` | ${verdict} | ${code(c.before)} | ${code(c.after)} |`,
      );
    }
  }
  out.push(
    '',
    `Readers judged as ${report.strictReaders ? 'written (--strict-readers)' : 'tolerant (unknown properties ignored)'}. backward = readers on the new version read data written with the old one; forward = the reverse.`,
    '</details>',
  );
  return `${out.join('\n')}\n`;
}

/** The comment body when the diff could not run at all (bad input: exit code 2). */
export function formatMarkdownError(message: string): string {
  return `${COMMENT_MARKER}\n### ⚠️ Schema diff could not run\n\n\`\`\`\n${message.replace(/```/g, 'ˋˋˋ')}\n\`\`\`\n`;
}
