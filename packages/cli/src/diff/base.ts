// Base mode: every contract version in the catalog is checked against the git base ref and its earlier versions.
// The working side is what the contracts' zod sources generate now when the folder exports a generator
// (`<contracts>/package.json` "./generator"), else the committed artifacts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type CompatibilityMode,
  checkVersions,
  defaultModeFor,
  diffSchemas,
  type JsonSchema,
  SchemaDiffError,
} from '@accord/schema-diff';
import { CliError } from '../errors.js';
import { parseJson, readJsonFile } from './files.js';
import type { Git } from './git.js';
import type { Comparison, Problem } from './report.js';

interface CatalogVersion {
  version: number;
  schema: string;
}
interface CatalogEntry {
  name: string;
  kind: 'event' | 'http-request' | 'http-response';
  compatibility?: CompatibilityMode;
  versions: CatalogVersion[];
}

const MODES = new Set([
  'backward',
  'forward',
  'full',
  'backward-transitive',
  'forward-transitive',
  'full-transitive',
  'none',
]);
const KINDS = new Set(['event', 'http-request', 'http-response']);
/** Published artifacts: <Contract>/v<n>.schema.json under the schemas directory. */
const ARTIFACT = /\/([^/]+)\/v(\d+)\.schema\.json$/;

export function readCatalog(file: string, label: string): CatalogEntry[] {
  return parseCatalog(readJsonFile(file, label), label);
}

function parseCatalog(value: unknown, label: string): CatalogEntry[] {
  const doc = value as { contracts?: unknown };
  if (!Array.isArray(doc?.contracts))
    throw new CliError('BAD_INPUT', `${label}: expected { "contracts": [...] }`);
  return doc.contracts.map((raw: unknown, i: number) => {
    const c = raw as Partial<CatalogEntry>;
    const where = `${label}: contracts[${i}]`;
    if (typeof c?.name !== 'string') throw new CliError('BAD_INPUT', `${where} has no "name"`);
    if (typeof c.kind !== 'string' || !KINDS.has(c.kind))
      throw new CliError('BAD_INPUT', `${where} (${c.name}) has an unknown "kind"`);
    if (c.compatibility !== undefined && !MODES.has(c.compatibility)) {
      throw new CliError(
        'BAD_INPUT',
        `${where} (${c.name}) has an unknown "compatibility" ${JSON.stringify(c.compatibility)}`,
      );
    }
    if (
      !Array.isArray(c.versions) ||
      c.versions.some((v) => !Number.isInteger(v?.version) || typeof v?.schema !== 'string')
    ) {
      throw new CliError(
        'BAD_INPUT',
        `${where} (${c.name}) needs "versions": [{ "version": n, "schema": "schemas/…" }]`,
      );
    }
    return c as CatalogEntry;
  });
}

/** The working tree's side of the comparison. */
export interface WorkingContracts {
  /** `generated`: built from the zod sources in this run; `committed`: the files on disk. */
  source: 'generated' | 'committed';
  catalog: CatalogEntry[];
  /** The artifact at `path` (relative to the top level), or undefined when there is none. */
  schema(path: string): JsonSchema | undefined;
}

interface GeneratorOutput {
  catalog: unknown;
  artifacts: Array<{ path: string; schema: JsonSchema }>;
}

/** The module the contracts package exports as "./generator", or undefined when it declares none. */
function generatorEntry(root: string): string | undefined {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return undefined;
  let exportsField: unknown;
  try {
    exportsField = (JSON.parse(readFileSync(file, 'utf8')) as { exports?: unknown }).exports;
  } catch {
    return undefined;
  }
  const entry = (exportsField as Record<string, unknown> | undefined)?.['./generator'];
  const target = typeof entry === 'string' ? entry : (entry as { default?: unknown } | undefined)?.default;
  return typeof target === 'string' ? join(root, target) : undefined;
}

/**
 * Runs the contracts' own generator in a child process (its TypeScript sources through the package's tsx)
 * and returns catalog and artifacts as the zod sources define them now, whatever is committed.
 */
function generate(root: string, contractsDir: string, entry: string): GeneratorOutput {
  let loader: string;
  try {
    loader = createRequire(join(root, 'package.json')).resolve('tsx');
  } catch {
    throw new CliError(
      'BAD_INPUT',
      `${contractsDir}/ exports a generator, but tsx (which runs it) is not installed there; run npm install`,
    );
  }
  const code =
    'const m = await import(process.argv[1]); process.stdout.write(JSON.stringify(m.generatedContracts()));';
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(loader).href, '--input-type=module', '-e', code, pathToFileURL(entry).href],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
  );
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || `exit ${r.status}`)
      .trim()
      .split('\n')
      .slice(0, 12)
      .join('\n');
    throw new CliError('BAD_INPUT', `${contractsDir}/: the zod sources do not generate:\n${why}`);
  }
  const out = JSON.parse(r.stdout) as GeneratorOutput;
  if (!Array.isArray(out?.artifacts))
    throw new CliError('BAD_INPUT', `${contractsDir}/ generator returned no artifacts`);
  return out;
}

/** What the working tree's contracts are: generated now when the folder has a generator, else as committed. */
function workingContracts(top: string, contractsDir: string): WorkingContracts {
  const root = join(top, contractsDir);
  const entry = generatorEntry(root);
  if (entry !== undefined) {
    const out = generate(root, contractsDir, entry);
    const byPath = new Map(out.artifacts.map((a) => [`${contractsDir}/${a.path}`, a.schema]));
    return {
      source: 'generated',
      catalog: parseCatalog(out.catalog, `${contractsDir}/ generator catalog`),
      schema: (path) => byPath.get(path),
    };
  }
  const catalogFile = join(root, 'catalog.json');
  if (!existsSync(catalogFile)) throw new CliError('BAD_INPUT', `no catalog at ${contractsDir}/catalog.json`);
  return {
    source: 'committed',
    catalog: readCatalog(catalogFile, `${contractsDir}/catalog.json`),
    schema: (path) => {
      const abs = join(top, path);
      return existsSync(abs) ? (readJsonFile(abs, path) as JsonSchema) : undefined;
    },
  };
}

export interface BaseOptions {
  git: Git;
  ref: string;
  /** Contracts folder relative to the repository top level. */
  contractsDir: string;
  strictReaders: boolean;
}

export function runBase(opts: BaseOptions): { comparisons: Comparison[]; problems: Problem[] } {
  const { git, ref, contractsDir, strictReaders } = opts;
  const working = workingContracts(git.top, contractsDir);
  const catalog = working.catalog;
  const problems: Problem[] = [];
  const comparisons: Comparison[] = [];

  // 1. Published artifacts (present at the base ref) must be unchanged and still present.
  const basePaths = new Set(git.listFiles(ref, `${contractsDir}/schemas`).filter((p) => ARTIFACT.test(p)));
  for (const path of [...basePaths].sort()) {
    const [, contract, v] = ARTIFACT.exec(path)!;
    const version = Number(v);
    const label = `${contract} v${version}`;
    const after = working.schema(path);
    if (after === undefined) {
      problems.push({
        kind: 'published-removed',
        contract,
        version,
        file: path,
        message: `${label} is published at ${ref} but ${
          working.source === 'generated' ? 'the zod sources no longer generate it' : `${path} was removed`
        }. Published versions stay: restore ${working.source === 'generated' ? 'it' : 'the file'} (mark the version deprecated in the catalog instead).`,
      });
      continue;
    }
    const before = parseJson(git.show(ref, path) ?? '', `${path} at ${ref}`);
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    let changes: Problem['changes'];
    try {
      changes = diffSchemas(before, after, {
        oldName: `${path} at ${ref}`,
        newName: path,
        strictReaders,
      }).changes;
    } catch {
      changes = undefined;
    }
    problems.push({
      kind: 'published-edited',
      contract,
      version,
      file: path,
      message: `${label} is published at ${ref} and ${
        working.source === 'generated'
          ? `what its zod schema generates now differs from ${path} there`
          : `${path} was edited`
      }. A published version never changes: restore it and add the change as v${maxVersion(catalog, contract) + 1}.`,
      ...(changes ? { changes } : {}),
    });
  }

  // 2. Every version that is new relative to the base is checked against the earlier versions in the contract's mode.
  for (const entry of catalog) {
    const mode = entry.compatibility ?? defaultModeFor(entry.kind);
    const versions = [...entry.versions].sort((a, b) => a.version - b.version);
    for (const [i, cv] of versions.entries()) {
      const path = `${contractsDir}/${cv.schema.replace(/^\.\//, '')}`;
      if (basePaths.has(path)) continue;
      const loaded = versions.slice(0, i + 1).map((x) => {
        const p = `${contractsDir}/${x.schema.replace(/^\.\//, '')}`;
        const schema = working.schema(p);
        if (schema === undefined)
          throw new CliError('BAD_INPUT', `${entry.name} v${x.version}: ${p} does not exist`);
        return { version: x.version, name: p, schema };
      });
      const newLabel = `${entry.name} v${cv.version}`;
      if (i === 0 || mode === 'none') {
        comparisons.push({
          contract: entry.name,
          version: cv.version,
          oldLabel: '—',
          newLabel,
          direction: 'full',
          mode,
          compatible: true,
          changes: [],
          note:
            mode === 'none'
              ? 'compatibility mode "none": not checked'
              : 'first version of the contract: nothing to compare',
        });
        // Still validate the new artifact so a broken schema fails here.
        validateOnly(loaded.at(-1)!);
        continue;
      }
      let result: ReturnType<typeof checkVersions>;
      try {
        result = checkVersions(loaded, mode, { strictReaders });
      } catch (e) {
        if (e instanceof SchemaDiffError) throw new CliError('BAD_INPUT', e.message);
        throw e;
      }
      for (const check of result.checks) {
        comparisons.push({
          contract: entry.name,
          version: cv.version,
          against: check.against,
          oldLabel: `${entry.name} v${check.against}`,
          newLabel,
          direction: check.result.direction,
          mode,
          compatible: check.result.compatible,
          changes: check.result.changes,
        });
      }
    }
  }
  return { comparisons, problems };
}

function validateOnly(v: { name: string; schema: JsonSchema }): void {
  try {
    diffSchemas(v.schema, v.schema, { oldName: v.name, newName: v.name });
  } catch (e) {
    if (e instanceof SchemaDiffError) throw new CliError('BAD_INPUT', e.message);
    throw e;
  }
}

function maxVersion(catalog: CatalogEntry[], contract: string | undefined): number {
  const entry = catalog.find((c) => c.name === contract);
  return Math.max(0, ...(entry?.versions.map((v) => v.version) ?? []));
}

/** Default waiver file of a repository, if one exists. */
export function defaultWaiverFile(top: string, contractsDir: string): string | undefined {
  for (const name of ['schema-waivers.json', 'schema-waivers.yaml', 'schema-waivers.yml']) {
    const file = join(top, contractsDir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}
