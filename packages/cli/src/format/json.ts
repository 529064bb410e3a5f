// JSON output: `{ compatible, changes: [...] }` with every change flattened, plus comparisons and problems.
import type { Report } from '../diff/report.js';

export function formatJson(report: Report): string {
  const changes = report.comparisons.flatMap((cmp) =>
    cmp.changes.map((c) => ({
      ...(cmp.contract !== undefined
        ? { contract: cmp.contract, version: cmp.version, against: cmp.against }
        : {}),
      rule: c.rule,
      path: c.path,
      oldPath: c.oldPath,
      newPath: c.newPath,
      breaking: c.breaking && c.waived === undefined,
      breaks: c.breaks,
      undecidable: c.undecidable,
      message: c.message,
      reasons: c.reasons,
      ...(c.before !== undefined ? { before: c.before } : {}),
      ...(c.after !== undefined ? { after: c.after } : {}),
      ...(c.witness !== undefined ? { witness: c.witness } : {}),
      ...(c.undecidableKeyword !== undefined ? { undecidableKeyword: c.undecidableKeyword } : {}),
      ...(c.waived ? { waived: c.waived } : {}),
    })),
  );
  const comparisons = report.comparisons.map(({ changes: cs, ...rest }) => ({
    ...rest,
    changeCount: cs.length,
  }));
  const problems = report.problems.map(({ changes: cs, ...rest }) => ({
    ...rest,
    ...(cs ? { changes: cs.map((c) => ({ rule: c.rule, path: c.path, message: c.message })) } : {}),
  }));
  return `${JSON.stringify(
    {
      compatible: report.compatible,
      strictReaders: report.strictReaders,
      changes,
      comparisons,
      problems,
      unusedWaivers: report.unusedWaivers,
    },
    null,
    2,
  )}\n`;
}
