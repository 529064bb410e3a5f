// Plain-text tables for the can-i-deploy summary and the schema-diff verdict.
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Shortens a 40-hex commit sha (keeping any -dirty suffix) so tables stay readable. */
export function shortVersion(version: string): string {
  return version.replace(/^([0-9a-f]{12})[0-9a-f]{28}/, '$1');
}
