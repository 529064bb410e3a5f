// Waivers: a reviewed file that accepts known breaking changes until an expiry date.
import { readFileSync } from 'node:fs';
import { type RuleId, rules } from '@accord/schema-diff';
import { parse } from 'yaml';
import { CliError } from '../errors.js';
import type { Comparison, Problem, Waiver } from './report.js';

/** Reads a waiver file (JSON or YAML: `{ waivers: [...] }`). Throws CliError BAD_WAIVERS with the entry at fault. */
export function loadWaivers(file: string): Waiver[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError('BAD_WAIVERS', `cannot read waiver file ${file}: ${(e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new CliError('BAD_WAIVERS', `${file} is not valid JSON/YAML: ${(e as Error).message}`);
  }
  const list = (doc as { waivers?: unknown } | null)?.waivers;
  if (!Array.isArray(list))
    throw new CliError('BAD_WAIVERS', `${file}: expected an object with a "waivers" array`);
  return list.map((raw, i) => parseWaiver(raw, i + 1, file));
}

function parseWaiver(raw: unknown, index: number, file: string): Waiver {
  const fail = (why: string): never => {
    throw new CliError('BAD_WAIVERS', `${file}: waiver #${index} ${why}`);
  };
  if (typeof raw !== 'object' || raw === null) return fail('must be an object');
  const w = raw as Record<string, unknown>;
  if (typeof w.rule !== 'string' || !(w.rule in rules))
    return fail(`has an unknown "rule" ${JSON.stringify(w.rule)}`);
  if (typeof w.path !== 'string' || (w.path !== '' && !w.path.startsWith('/'))) {
    return fail('needs "path", a JSON Pointer such as "/properties/data/properties/note"');
  }
  if (typeof w.reason !== 'string' || w.reason.trim() === '') return fail('needs a non-empty "reason"');
  const expires = w.expires instanceof Date ? w.expires.toISOString().slice(0, 10) : w.expires;
  if (
    typeof expires !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(expires) ||
    Number.isNaN(Date.parse(expires))
  ) {
    return fail('needs "expires" as a YYYY-MM-DD date');
  }
  if (w.contract !== undefined && typeof w.contract !== 'string') return fail('"contract" must be a string');
  if (w.version !== undefined && (!Number.isInteger(w.version) || (w.version as number) < 1)) {
    return fail('"version" must be a positive integer');
  }
  if (w.approvedBy !== undefined && typeof w.approvedBy !== 'string')
    return fail('"approvedBy" must be a string');
  const out: Waiver = { rule: w.rule as RuleId, path: w.path, reason: w.reason, expires, index };
  if (w.contract !== undefined) out.contract = w.contract as string;
  if (w.version !== undefined) out.version = w.version as number;
  if (w.approvedBy !== undefined) out.approvedBy = w.approvedBy as string;
  return out;
}

const isExpired = (w: Waiver, now: Date): boolean =>
  now.getTime() >= Date.parse(`${w.expires}T00:00:00Z`) + 24 * 60 * 60 * 1000;

const describeWaiver = (w: Waiver): string =>
  `waiver #${w.index} (${w.rule} at ${w.path || '(root)'}${w.contract ? `, ${w.contract}${w.version ? ` v${w.version}` : ''}` : ''})`;

/**
 * Marks breaking changes covered by a valid waiver as waived and recomputes each comparison's verdict.
 * Expired waivers never apply and are returned as problems (a waiver must be renewed by review or removed).
 */
export function applyWaivers(
  comparisons: Comparison[],
  waivers: readonly Waiver[],
  now: Date,
): { problems: Problem[]; unused: Waiver[] } {
  const used = new Set<Waiver>();
  const problems: Problem[] = [];
  for (const w of waivers) {
    if (isExpired(w, now)) {
      problems.push({
        kind: 'waiver-expired',
        message: `${describeWaiver(w)} expired on ${w.expires}: fix the break or renew the waiver after a new review ("${w.reason}")`,
      });
    }
  }
  for (const cmp of comparisons) {
    for (const change of cmp.changes) {
      if (!change.breaking) continue;
      const w = waivers.find(
        (x) =>
          x.rule === change.rule &&
          (x.path === change.path || x.path === change.oldPath || x.path === change.newPath) &&
          (x.contract === undefined || x.contract === cmp.contract) &&
          (x.version === undefined || x.version === cmp.version),
      );
      if (w === undefined) continue;
      used.add(w);
      if (isExpired(w, now)) continue;
      change.waived = {
        reason: w.reason,
        expires: w.expires,
        ...(w.approvedBy ? { approvedBy: w.approvedBy } : {}),
      };
    }
    cmp.compatible = !cmp.changes.some((c) => c.breaking && c.waived === undefined);
  }
  return { problems, unused: waivers.filter((w) => !used.has(w) && !isExpired(w, now)) };
}
