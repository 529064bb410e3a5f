// The schema-diff verdict of a run: `accord diff --base <ref>` over the workspace, and every contract's
// consecutive versions compared in the contract's compatibility mode.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exec } from './exec.js';

interface CatalogEntry {
  name: string;
  compatibility?: string;
  versions: Array<{ version: number; status?: string; schema: string }>;
}

export interface PairVerdict {
  contract: string;
  from: number;
  to: number;
  direction: string;
  compatible: boolean | null;
  breaking: Array<{ rule: string; path: string; message: string }>;
  additive: number;
  /** Set when the diff could not be computed (exit code 2). */
  error?: string;
}

export interface BaseVerdict {
  base: string;
  exitCode: number;
  compatible: boolean | null;
  output: string;
}

export interface SchemaVerdict {
  pairs: PairVerdict[];
  base?: BaseVerdict | undefined;
}

/** `node <cli>/dist/bin/accord.js`: run through node, so it works before npm has linked (or chmod-ed) bins. */
function accordBin(root: string): string {
  const viaLink = join(root, 'node_modules', '@accord', 'cli', 'dist', 'bin', 'accord.js');
  return existsSync(viaLink) ? viaLink : join(root, 'packages', 'cli', 'dist', 'bin', 'accord.js');
}

/** Direction `accord diff` checks for a catalog compatibility mode (`none` is not checked). */
function directionFor(mode: string | undefined): string | undefined {
  const m = (mode ?? 'full').replace(/-transitive$/, '');
  return m === 'none' ? undefined : m;
}

interface DiffJson {
  compatible?: boolean;
  changes?: Array<{ rule?: string; path?: string; breaking?: boolean; message?: string }>;
}

async function diffPair(root: string, entry: CatalogEntry, from: number, to: number): Promise<PairVerdict> {
  const direction = directionFor(entry.compatibility)!;
  const file = (v: number) => join(root, 'contracts', entry.versions.find((x) => x.version === v)!.schema);
  const r = await exec(
    process.execPath,
    [accordBin(root), 'diff', file(from), file(to), '--direction', direction, '--format', 'json'],
    { cwd: root, timeoutMs: 60_000 },
  );
  const base: PairVerdict = {
    contract: entry.name,
    from,
    to,
    direction,
    compatible: null,
    breaking: [],
    additive: 0,
  };
  if (r.exitCode === 2) return { ...base, error: r.output.trim() };
  try {
    const json = JSON.parse(r.stdout) as DiffJson;
    const changes = json.changes ?? [];
    return {
      ...base,
      compatible: json.compatible ?? r.exitCode === 0,
      breaking: changes
        .filter((c) => c.breaking)
        .map((c) => ({ rule: c.rule ?? '?', path: c.path ?? '', message: c.message ?? '' })),
      additive: changes.filter((c) => !c.breaking).length,
    };
  } catch {
    return { ...base, compatible: r.exitCode === 0, error: r.exitCode === 0 ? undefined : r.output.trim() };
  }
}

/**
 * Compares consecutive versions of every contract with more than one version. `-transitive` modes are covered
 * by `accord diff --base`, which checks a new version against every earlier one; here each step is shown.
 */
export async function contractPairVerdicts(root: string): Promise<PairVerdict[]> {
  const catalogFile = join(root, 'contracts', 'catalog.json');
  if (!existsSync(catalogFile)) return [];
  const catalog = JSON.parse(await readFile(catalogFile, 'utf8')) as { contracts: CatalogEntry[] };
  const out: PairVerdict[] = [];
  for (const entry of catalog.contracts) {
    if (directionFor(entry.compatibility) === undefined) continue;
    const versions = entry.versions.map((v) => v.version).sort((a, b) => a - b);
    for (let i = 1; i < versions.length; i++) {
      out.push(await diffPair(root, entry, versions[i - 1]!, versions[i]!));
    }
  }
  return out;
}

/** `accord diff --base <ref>`: the PR check, against the given git ref. */
export async function baseVerdict(root: string, base: string): Promise<BaseVerdict> {
  const r = await exec(process.execPath, [accordBin(root), 'diff', '--base', base, '--format', 'text'], {
    cwd: root,
    timeoutMs: 120_000,
  });
  return {
    base,
    exitCode: r.exitCode,
    compatible: r.exitCode === 0 ? true : r.exitCode === 1 ? false : null,
    output: r.output.trim(),
  };
}
