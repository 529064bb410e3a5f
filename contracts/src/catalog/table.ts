// Renders the catalog as an aligned text table (contract, kind, owner, versions, compatibility, HTTP).
import { catalog } from './catalog.js';
import type { ContractEntry } from './types.js';

function versions(entry: ContractEntry): string {
  return entry.versions.map((v) => `v${v.version} (${v.status})`).join(', ');
}

function http(entry: ContractEntry): string {
  // One cell per operation; response statuses of the same operation are joined ("404/409").
  const byOperation = new Map<string, string[]>();
  for (const e of entry.endpoints ?? []) {
    const key = `${e.method} ${e.path}`;
    byOperation.set(key, [...(byOperation.get(key) ?? []), ...(e.status ? [String(e.status)] : [])]);
  }
  return [...byOperation]
    .map(([op, statuses]) => [op, statuses.join('/')].filter(Boolean).join(' '))
    .join('; ');
}

/** One row per contract, columns padded to the widest cell. */
export function renderCatalogTable(entries: readonly ContractEntry[] = catalog.contracts): string {
  const header = ['CONTRACT', 'KIND', 'OWNER', 'VERSIONS', 'COMPATIBILITY', 'HTTP'];
  const rows = entries.map((e) => [e.name, e.kind, e.owner, versions(e), e.compatibility, http(e)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
