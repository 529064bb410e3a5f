// The consumer-impact section of `accord diff` output: a PR-comment table, plain text, and JSON.
import type { ConsumerImpact, ContractImpact, Place } from '@accord/schema-diff/impact';
import { placeLabel } from '../broker/consumers.js';
import type { ReportChange } from '../diff/report.js';
import { type ImpactReport, MAIN_BRANCH } from './analyse.js';

type Verdict = 'breaks' | 'waived' | 'unaffected' | 'ahead';

interface Row {
  consumer: string;
  version: string;
  places: readonly Place[];
  verdict: Verdict;
  /** What it reads that changes, one entry per contract. */
  reads: Array<{ text: string; md: string }>;
}

const code = (s: string): string => `\`${s.replace(/`/g, 'ˋ').replace(/\|/g, '\\|')}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const list = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
const where = (places: readonly Place[]): string => places.map(placeLabel).join(', ');
const versionLabel = (v: number | undefined): string =>
  v === undefined ? 'the version served now' : `v${v}`;

function comparisonLabel(ci: ContractImpact, against: number | undefined): string {
  const to = ci.version === undefined ? 'new' : `v${ci.version}`;
  return against === undefined ? `${ci.contract} → ${to}` : `${ci.contract} v${against} → ${to}`;
}

const isWaived = (c: unknown): boolean => (c as ReportChange).waived !== undefined;

function rows(impact: ImpactReport): Row[] {
  const byKey = new Map<string, Row>();
  const rank: Record<Verdict, number> = { breaks: 0, waived: 1, unaffected: 2, ahead: 3 };
  const worse = (a: Verdict, b: Verdict): Verdict => (rank[a] <= rank[b] ? a : b);
  for (const ci of impact.contracts) {
    for (const c of ci.consumers) {
      const key = `${c.consumer}\u0000${c.version}`;
      let row = byKey.get(key);
      if (!row) {
        row = { consumer: c.consumer, version: c.version, places: c.places, verdict: 'ahead', reads: [] };
        byKey.set(key, row);
      }
      const verdict = verdictOf(c);
      row.verdict = row.reads.length === 0 ? verdict : worse(row.verdict, verdict);
      row.reads.push(readsCell(ci, c));
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      rank[a.verdict] - rank[b.verdict] ||
      a.consumer.localeCompare(b.consumer) ||
      a.version.localeCompare(b.version),
  );
}

function verdictOf(c: ConsumerImpact): Verdict {
  if (c.verdict !== 'breaks') return c.verdict;
  return c.hits.every((h) => isWaived(h.change)) ? 'waived' : 'breaks';
}

function readsCell(ci: ContractImpact, c: ConsumerImpact): { text: string; md: string } {
  const reads = c.readsVersions.filter((v): v is number => v !== undefined);
  const asReader =
    reads.length > 0
      ? ` (reads v${reads.join(', v')}${c.views.includes('tolerant-reader') ? ' through the tolerant reader' : ''})`
      : '';
  if (c.verdict === 'ahead') {
    const t = `${ci.contract}: already written against ${versionLabel(reads.at(-1))}`;
    return { text: t, md: cell(t) };
  }
  if (c.hits.length === 0) {
    const t = `nothing that changes: relies on ${plural(c.reliedPaths, 'path')} of ${ci.contract}${reads.length > 0 ? ` v${reads.join(', v')}` : ''}`;
    return { text: t, md: cell(t) };
  }
  const text: string[] = [];
  const md: string[] = [];
  for (const h of c.hits) {
    const waived = isWaived(h.change) ? ', waived' : '';
    text.push(
      `${comparisonLabel(ci, h.against)}${asReader}: ${h.paths.join(', ')} (${h.change.rule}${waived})`,
    );
    md.push(
      `${cell(comparisonLabel(ci, h.against))}${cell(asReader)}: ${h.paths.map(code).join(', ')} (${code(h.change.rule)}${waived})`,
    );
  }
  return { text: text.join('; '), md: md.join('<br>') };
}

const VERDICT_MD: Record<Verdict, string> = {
  breaks: '❌ breaks',
  waived: '⚠️ breaks (waived)',
  unaffected: '✅ not affected',
  ahead: '✅ already on the new version',
};
const VERDICT_TEXT: Record<Verdict, string> = {
  breaks: 'BREAKS',
  waived: 'breaks (waived)',
  unaffected: 'not affected',
  ahead: 'already on the new version',
};

function headline(impact: ImpactReport, all: Row[]): { ok: boolean; text: string } {
  if (impact.error !== undefined) return { ok: false, text: `could not be judged: ${impact.error}` };
  if (impact.contracts.length === 0 && impact.unbound.length > 0)
    return { ok: false, text: `could not be judged: ${impact.unbound.join('; ')}` };
  const broken = all.filter((r) => r.verdict === 'breaks');
  if (broken.length === 0) {
    const readers = all.length;
    const waived = all.filter((r) => r.verdict === 'waived').length;
    const contracts = list(impact.contracts.map((c) => c.contract));
    const why =
      readers === 0
        ? `no consumer version the broker knows reads ${contracts || 'the changed contracts'}`
        : readers === 1
          ? `the one consumer version reading ${contracts} does not rely on what changes`
          : `none of the ${readers} consumer versions reading ${contracts} relies on what changes`;
    return {
      ok: true,
      text: `no consumer is hit — ${why}${waived ? ` (${waived} hit only by waived changes)` : ''}`,
    };
  }
  const byConsumer = new Map<string, Set<string>>();
  for (const r of broken) {
    const set = byConsumer.get(r.consumer) ?? new Set<string>();
    for (const p of r.places) set.add(placeLabel(p));
    byConsumer.set(r.consumer, set);
  }
  return {
    ok: false,
    text: `breaks ${list([...byConsumer].map(([c, places]) => `${c} (${[...places].join(', ')})`))}`,
  };
}

function failOnLine(impact: ImpactReport): string | undefined {
  if (impact.failOn !== 'impact') return undefined;
  const scope =
    impact.impactIn === undefined
      ? 'on its main branch or in any environment'
      : list(impact.impactIn.map((p) => (p === MAIN_BRANCH ? 'on its main branch' : `in ${p}`)));
  const verdict =
    impact.error !== undefined || impact.unbound.length > 0
      ? 'the impact could not be judged: the check fails'
      : impact.failing.length > 0
        ? `${plural(impact.failing.length, 'hit')} there: the check fails`
        : 'none: a schema break that hits nobody there passes';
  return `--fail-on impact: fails only when a consumer ${scope} is hit — ${verdict}.`;
}

function sourceLine(impact: ImpactReport): string {
  const providers = impact.providers.map(
    (p) =>
      `${p.provider} has ${plural(p.consumers.length, 'consumer')}, ${plural(p.versions, 'version')} at the head of a main branch${p.environments.length ? ` or in ${list(p.environments)}` : ''}`,
  );
  const readers = impact.contracts.map((ci) => `${ci.contract} is read by ${ci.consumers.length}`);
  return `From the Pact Broker at ${impact.broker}: ${providers.join('; ') || 'no provider asked'}${readers.length ? `; ${readers.join(', ')} of them` : ''}.`;
}

function perChange(impact: ImpactReport, md: boolean): string[] {
  const out: string[] = [];
  const c = md ? code : (s: string) => s;
  for (const ci of impact.contracts) {
    for (const ch of ci.changes) {
      const waived = isWaived(ch.change) ? ' (waived)' : '';
      const head = `${md ? '**' : ''}${comparisonLabel(ci, ch.against)}${md ? '**' : ''} ${c(ch.change.rule)}${waived} at ${ch.at.map(c).join(', ')}`;
      let body: string;
      if (!ch.breaksConsumers) {
        body = `breaks ${ci.direction === 'forward' ? 'backward' : 'forward'} only: ${ci.role === 'reads' ? 'readers of the new version reading older data' : 'writers of the new version'} — no current consumer`;
      } else if (ch.hits.length === 0) {
        body = 'hits no consumer';
      } else {
        body = `hits ${ch.hits.map((h) => `${h.consumer} ${c(h.version)} (${where(h.places)})`).join(', ')}`;
      }
      if (ch.unaffected.length > 0) {
        const names = ch.unaffected.slice(0, 12).map((u) => `${u.consumer} ${c(u.version)}`);
        if (ch.unaffected.length > 12) names.push(`${ch.unaffected.length - 12} more`);
        body += `; reads ${ci.contract} but not ${ch.at.length === 1 ? 'this path' : 'these paths'}: ${names.join(', ')}`;
      }
      if (!ch.located) body += ' (location not mapped to instance paths: treated as the whole body)';
      out.push(`${head}: ${body}`);
    }
  }
  return out;
}

/** One line per consumer interaction that maps to no contract; versions sharing the same pact share a line. */
function unmatchedLines(impact: ImpactReport, md: boolean): string[] {
  const c = md ? code : (s: string) => s;
  const t = md ? cell : (s: string) => s;
  const groups = new Map<string, { consumer: string; what: string; versions: string[] }>();
  for (const v of impact.consumers) {
    for (const u of v.unmatched) {
      const what = `"${t(u.interaction)}"${u.via ? ` (${t(u.via)})` : ''}: ${t(u.reason)}`;
      const key = `${v.consumer}\u0000${what}`;
      const g = groups.get(key) ?? { consumer: v.consumer, what, versions: [] };
      g.versions.push(`${c(v.version)} (${where(v.places)})`);
      groups.set(key, g);
    }
  }
  const lines = [...groups.values()].map((g) => `${g.consumer} ${g.versions.join(', ')}: ${g.what}`);
  const whole = unmappedPacts(impact).map((u) => {
    const what = 'the whole pact maps to no contract';
    return `${u.consumer} ${c(u.version)}: ${md ? `**${what}**` : what} (${plural(u.interactions, 'interaction')})`;
  });
  return [...whole, ...lines];
}

/** Consumer versions whose pact has interactions but none of them maps to a contract. */
function unmappedPacts(
  impact: ImpactReport,
): Array<{ consumer: string; version: string; interactions: number }> {
  return impact.consumers
    .filter((v) => v.reads.length === 0 && v.unmatched.length > 0)
    .map((v) => ({ consumer: v.consumer, version: v.version, interactions: v.unmatched.length }));
}

/** GitHub comments are limited in size: long lists end with a count. */
const capped = (lines: string[], max: number): string[] =>
  lines.length <= max
    ? lines
    : [...lines.slice(0, max), `… and ${lines.length - max} more (see --format json)`];

function impactMarkdown(impact: ImpactReport): string {
  if (impact.nothingToCheck) return '#### Consumer impact: ✅ no breaking change, so no consumer to check\n';
  const all = rows(impact);
  const head = headline(impact, all);
  const out = [`#### Consumer impact: ${head.ok ? '✅' : '❌'} ${head.text}`, ''];
  if (impact.error === undefined) out.push(sourceLine(impact), '');
  if (all.length > 0) {
    out.push('| Consumer | Where it runs | What it reads that changes | Verdict |', '|---|---|---|---|');
    for (const r of all) {
      out.push(
        `| ${cell(r.consumer)} ${code(r.version)} | ${cell(where(r.places))} | ${r.reads.map((x) => x.md).join('<br>')} | ${VERDICT_MD[r.verdict]} |`,
      );
    }
    out.push('');
  }
  const changes = perChange(impact, true);
  if (changes.length > 0) out.push('**Per breaking change**', '', ...changes.map((l) => `- ${l}`), '');
  for (const u of impact.unbound) out.push(`- ⚠️ ${cell(u)}`);
  if (impact.unbound.length > 0) out.push('');
  const unmatched = capped(unmatchedLines(impact, true), 25);
  if (unmatched.length > 0) {
    out.push(
      '**Not mapped to a contract** — what these interactions rely on is not checked:',
      '',
      ...unmatched.map((l) => `- ${l}`),
      '',
    );
  }
  if (impact.notes.length > 0) out.push(`<sub>${impact.notes.map(cell).join(' · ')}</sub>`, '');
  const fail = failOnLine(impact);
  if (fail !== undefined) out.push(`_${fail}_`, '');
  return `${out.join('\n')}`;
}

function impactText(impact: ImpactReport): string {
  if (impact.nothingToCheck) return 'Consumer impact: no breaking change, so no consumer to check\n';
  const all = rows(impact);
  const head = headline(impact, all);
  const out = [`Consumer impact: ${head.ok ? 'ok' : 'BREAKS'} — ${head.text}`];
  if (impact.error === undefined) out.push(`  ${sourceLine(impact)}`);
  for (const r of all) {
    out.push(`  ${VERDICT_TEXT[r.verdict].padEnd(26)} ${r.consumer} ${r.version} [${where(r.places)}]`);
    for (const x of r.reads) out.push(`      ${x.text}`);
  }
  const changes = perChange(impact, false);
  if (changes.length > 0) out.push('  Per breaking change:', ...changes.map((l) => `    - ${l}`));
  for (const u of impact.unbound) out.push(`  ! ${u}`);
  const unmatched = unmatchedLines(impact, false);
  if (unmatched.length > 0)
    out.push('  Not mapped to a contract (not checked):', ...unmatched.map((l) => `    - ${l}`));
  for (const n of impact.notes) out.push(`  note: ${n}`);
  const fail = failOnLine(impact);
  if (fail !== undefined) out.push(`  ${fail}`);
  return `${out.join('\n')}\n`;
}

const placeJson = (p: Place) => ({ ...p, label: placeLabel(p) });

function impactJson(impact: ImpactReport): unknown {
  return {
    broker: impact.broker,
    failOn: impact.failOn,
    impactIn: impact.impactIn ?? null,
    ...(impact.error !== undefined ? { error: impact.error } : {}),
    providers: impact.providers,
    contracts: impact.contracts.map((ci) => ({
      contract: ci.contract,
      version: ci.version ?? null,
      role: ci.role,
      direction: ci.direction,
      changes: ci.changes.map((ch) => ({
        against: ch.against ?? null,
        rule: ch.change.rule,
        path: ch.change.path,
        at: ch.at,
        waived: isWaived(ch.change),
        breaksConsumers: ch.breaksConsumers,
        hits: ch.hits.map((h) => ({ ...h, places: h.places.map(placeJson) })),
        unaffected: ch.unaffected.map((u) => ({ ...u, places: u.places.map(placeJson) })),
      })),
      consumers: ci.consumers.map((c) => ({
        consumer: c.consumer,
        version: c.version,
        places: c.places.map(placeJson),
        verdict: c.verdict,
        readsVersions: c.readsVersions.map((v) => v ?? null),
        views: c.views,
        reliedPaths: c.reliedPaths,
        hits: c.hits.map((h) => ({
          rule: h.change.rule,
          path: h.change.path,
          against: h.against ?? null,
          paths: h.paths,
          waived: isWaived(h.change),
        })),
      })),
    })),
    unmatched: impact.consumers.flatMap((v) =>
      v.unmatched.map((u) => ({
        consumer: v.consumer,
        version: v.version,
        places: v.places.map(placeJson),
        ...u,
      })),
    ),
    unmappedPacts: unmappedPacts(impact),
    unbound: impact.unbound,
    notes: impact.notes,
    failing: impact.failing,
  };
}

/**
 * Adds the impact section to a diff output: in markdown right after the verdict heading (so the PR comment
 * says who breaks before the details), in text at the end, in JSON as an `impact` key.
 */
export function withImpact(
  format: 'text' | 'markdown' | 'json',
  output: string,
  impact: ImpactReport | undefined,
): string {
  if (impact === undefined) return output;
  if (format === 'json') {
    const doc = JSON.parse(output) as Record<string, unknown>;
    return `${JSON.stringify({ ...doc, impact: impactJson(impact) }, null, 2)}\n`;
  }
  if (format === 'text') return `${output}\n${impactText(impact)}`;
  const lines = output.split('\n');
  const heading = lines.findIndex((l) => l.startsWith('### '));
  if (heading === -1) return `${output}\n${impactMarkdown(impact)}`;
  return [
    ...lines.slice(0, heading + 1),
    '',
    impactMarkdown(impact).trimEnd(),
    ...lines.slice(heading + 1),
  ].join('\n');
}
