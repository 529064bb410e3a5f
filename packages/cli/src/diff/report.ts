// The report of one `accord diff` run: comparisons with their changes, waivers applied, and repository problems.
import type { Change, CompatibilityMode, Direction, DirectionOption, Witness } from '@accord/schema-diff';

export interface Waiver {
  rule: string;
  path: string;
  contract?: string;
  version?: number;
  reason: string;
  /** YYYY-MM-DD; the waiver is valid through the end of that day (UTC). */
  expires: string;
  approvedBy?: string;
  /** Position in the file (1-based), for messages. */
  index: number;
}

export interface ReportChange extends Change {
  /** Set when a valid waiver accepts this breaking change; `breaking` then no longer fails the check. */
  waived?: { reason: string; expires: string; approvedBy?: string };
}

export interface Comparison {
  contract?: string;
  /** The version under check (base mode). */
  version?: number;
  /** The earlier version it was checked against; absent for a first version. */
  against?: number;
  oldLabel: string;
  newLabel: string;
  direction: DirectionOption;
  mode?: CompatibilityMode;
  /** No breaking change left after waivers. */
  compatible: boolean;
  changes: ReportChange[];
  note?: string;
}

export type ProblemKind = 'published-edited' | 'published-removed' | 'waiver-expired';

export interface Problem {
  kind: ProblemKind;
  message: string;
  contract?: string;
  version?: number;
  file?: string;
  changes?: Change[];
}

export interface Report {
  compatible: boolean;
  strictReaders: boolean;
  comparisons: Comparison[];
  problems: Problem[];
  unusedWaivers: Waiver[];
}

export function makeReport(
  comparisons: Comparison[],
  problems: Problem[],
  unusedWaivers: Waiver[],
  strictReaders: boolean,
): Report {
  return {
    compatible: problems.length === 0 && comparisons.every((c) => c.compatible),
    strictReaders,
    comparisons,
    problems,
    unusedWaivers,
  };
}

export const isFailing = (c: ReportChange): boolean => c.breaking && c.waived === undefined;

export function comparisonTitle(c: Comparison): string {
  if (c.contract !== undefined) {
    const against = c.against === undefined ? '' : ` vs v${c.against}`;
    return `${c.contract} v${c.version}${against}`;
  }
  return `${c.oldLabel} → ${c.newLabel}`;
}

/** "backward", "forward", "backward + forward" for the directions a change breaks. */
export function brokenDirections(c: Change): string {
  const dirs = (['backward', 'forward'] as const).filter((d) => c.breaks[d]);
  return dirs.join(' + ');
}

/** The witnesses of a change for the directions it breaks, asked direction first. */
export function witnessesOf(c: Change): Witness[] {
  const out: Witness[] = [];
  for (const d of ['backward', 'forward'] as const satisfies readonly Direction[]) {
    const w = c.witness?.[d];
    if (w !== undefined && c.breaks[d]) out.push(w);
  }
  return out;
}

/** "OLD accepts it, NEW rejects it at /path" for a witness. */
export function witnessCaption(w: Witness): string {
  const at = w.instancePath === '' ? '' : ` at ${w.instancePath}`;
  return `${w.direction}: accepted by ${w.writer}, rejected by ${w.reader}${at}`;
}
