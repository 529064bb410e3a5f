// Output of `accord usage`: who reads each field of a contract version, per environment (text, markdown, JSON).
import type { ConsumerVersion, FieldReader, Place, UsageReport } from '@accord/schema-diff/impact';
import { placeLabel } from '../broker/consumers.js';

export interface UsageView {
  report: UsageReport;
  broker: string;
  /** Every environment of the broker, production ones first. */
  environments: Array<{ name: string; production: boolean }>;
  /** The consumer versions read, for their unmatched interactions. */
  consumers: ConsumerVersion[];
  notes: string[];
  /** The version a removal would go into. */
  nextVersion: number;
}

const MAIN = 'main branch';
const code = (s: string): string => `\`${s.replace(/`/g, 'ˋ').replace(/\|/g, '\\|')}\``;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Column of a place: its environment, or "main branch" for a main-branch head (or latest version). */
const columnOf = (p: Place): string => (p.kind === 'main-branch' ? MAIN : p.environment);

function columns(view: UsageView): string[] {
  const envs = [...view.environments].sort(
    (a, b) => Number(b.production) - Number(a.production) || a.name.localeCompare(b.name),
  );
  return [...envs.map((e) => e.name), MAIN];
}

function readersIn(readers: readonly FieldReader[], column: string): string[] {
  const out: string[] = [];
  for (const r of readers) {
    for (const p of r.places) {
      if (columnOf(p) !== column) continue;
      const extra = p.kind === 'environment' && p.how === 'released' ? ' (released)' : '';
      const label = `${r.consumer} ${r.version}${extra}`;
      if (!out.includes(label)) out.push(label);
    }
  }
  return out.sort();
}

const production = (view: UsageView) => view.environments.filter((e) => e.production).map((e) => e.name);

interface Summary {
  unread: string[];
  notInProduction: Array<{ path: string; elsewhere: string }>;
}

function summary(view: UsageView): Summary {
  const prod = production(view);
  const cols = columns(view);
  const unread: string[] = [];
  const notInProduction: Summary['notInProduction'] = [];
  for (const f of view.report.fields) {
    if (f.readers.length === 0) {
      unread.push(f.path);
      continue;
    }
    if (prod.length > 0 && prod.every((env) => readersIn(f.readers, env).length === 0)) {
      const elsewhere = cols
        .map((c) => [c, readersIn(f.readers, c)] as const)
        .filter(([, r]) => r.length > 0)
        .map(([c, r]) => `${c}: ${r.join(', ')}`)
        .join('; ');
      notInProduction.push({ path: f.path, elsewhere });
    }
  }
  return { unread, notInProduction };
}

const verb = (view: UsageView) => (view.report.role === 'writes' ? 'sends' : 'reads');
const verbBase = (view: UsageView) => (view.report.role === 'writes' ? 'send' : 'read');

function intro(view: UsageView): string {
  const n = view.report.consumers.length;
  const who = view.report.consumers.map(
    (c) => `${c.consumer} ${c.version} (${c.places.map(placeLabel).join(', ')})`,
  );
  return n === 0
    ? `No consumer version the broker knows ${verb(view)} ${view.report.contract}.`
    : `${n} consumer version${n === 1 ? '' : 's'} ${n === 1 ? verb(view) : verbBase(view)} ${view.report.contract}: ${who.join(', ')}.`;
}

function unmatched(view: UsageView): string[] {
  return view.consumers.flatMap((v) =>
    v.unmatched.map(
      (u) => `${v.consumer} ${v.version}: "${u.interaction}"${u.via ? ` (${u.via})` : ''}: ${u.reason}`,
    ),
  );
}

export function usageText(view: UsageView): string {
  const { report } = view;
  const cols = columns(view);
  const out = [
    `${report.contract} v${report.version}: who ${verb(view)} each field — from the Pact Broker at ${view.broker}`,
    intro(view),
    '',
  ];
  const rows = report.fields.map((f) => [
    f.path,
    f.required ? 'yes' : 'no',
    ...cols.map((c) => readersIn(f.readers, c).join(', ') || '—'),
  ]);
  const header = ['field', 'required', ...cols];
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) =>
    r
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  out.push(line(header), ...rows.map(line), '');
  const s = summary(view);
  const prod = production(view);
  if (s.unread.length > 0)
    out.push(
      `Nobody ${verb(view)} ${s.unread.join(', ')}: safe to remove in v${view.nextVersion} as far as the pacts tell.`,
    );
  if (s.notInProduction.length > 0) {
    out.push(`Nobody in ${prod.join(', ')} ${verb(view)}:`);
    for (const f of s.notInProduction) out.push(`  ${f.path} (still: ${f.elsewhere})`);
  }
  if (report.undeclared.length > 0) {
    out.push(`Relied on but not declared by v${report.version} (a tolerant reader drops them):`);
    for (const u of report.undeclared)
      out.push(`  ${u.path} (${u.readers.map((r) => `${r.consumer} ${r.version}`).join(', ')})`);
  }
  const um = unmatched(view);
  if (um.length > 0)
    out.push('Interactions not mapped to a contract (not counted):', ...um.map((l) => `  ${l}`));
  for (const n of view.notes) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}

export function usageMarkdown(view: UsageView): string {
  const { report } = view;
  const cols = columns(view);
  const out = [
    `### Who ${verb(view)} ${report.contract} v${report.version}`,
    '',
    `${cell(intro(view))} From the Pact Broker at ${view.broker}.`,
    '',
  ];
  out.push(
    `| Field | Required | ${cols.map(cell).join(' | ')} |`,
    `|---|---|${cols.map(() => '---').join('|')}|`,
  );
  for (const f of report.fields) {
    const cells = cols.map((c) => readersIn(f.readers, c).map(cell).join('<br>') || '—');
    out.push(`| ${code(f.path)} | ${f.required ? 'yes' : 'no'} | ${cells.join(' | ')} |`);
  }
  out.push('');
  const s = summary(view);
  const prod = production(view);
  if (s.unread.length > 0)
    out.push(
      `- **Nobody ${verb(view)}** ${s.unread.map(code).join(', ')}: safe to remove in v${view.nextVersion} as far as the pacts tell.`,
    );
  if (s.notInProduction.length > 0) {
    out.push(
      `- **Nobody in ${prod.join(', ')} ${verb(view)}** ${s.notInProduction.map((f) => `${code(f.path)} (still: ${cell(f.elsewhere)})`).join(', ')}.`,
    );
  }
  if (report.undeclared.length > 0) {
    out.push(
      `- Relied on but not declared by v${report.version} (a tolerant reader drops them): ${report.undeclared.map((u) => `${code(u.path)} (${u.readers.map((r) => `${r.consumer} ${r.version}`).join(', ')})`).join(', ')}.`,
    );
  }
  const um = unmatched(view);
  if (um.length > 0)
    out.push('', '**Not mapped to a contract** (not counted):', '', ...um.map((l) => `- ${cell(l)}`));
  if (view.notes.length > 0) out.push('', `<sub>${view.notes.map(cell).join(' · ')}</sub>`);
  return `${out.join('\n')}\n`;
}

export function usageJson(view: UsageView): string {
  const places = (ps: readonly Place[]) => ps.map((p) => ({ ...p, label: placeLabel(p) }));
  const s = summary(view);
  return `${JSON.stringify(
    {
      contract: view.report.contract,
      version: view.report.version,
      role: view.report.role,
      broker: view.broker,
      environments: view.environments,
      fields: view.report.fields.map((f) => ({
        path: f.path,
        required: f.required,
        readers: f.readers.map((r) => ({
          ...r,
          readsVersion: r.readsVersion ?? null,
          places: places(r.places),
        })),
      })),
      unread: s.unread,
      notReadInProduction: s.notInProduction.map((f) => f.path),
      undeclared: view.report.undeclared.map((u) => ({
        path: u.path,
        readers: u.readers.map((r) => ({ consumer: r.consumer, version: r.version })),
      })),
      consumers: view.report.consumers.map((c) => ({
        ...c,
        readsVersions: c.readsVersions.map((v) => v ?? null),
        places: places(c.places),
      })),
      unmatched: view.consumers.flatMap((v) =>
        v.unmatched.map((u) => ({ consumer: v.consumer, version: v.version, ...u })),
      ),
      notes: view.notes,
    },
    null,
    2,
  )}\n`;
}
