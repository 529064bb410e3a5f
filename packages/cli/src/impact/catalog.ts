// The contract catalog as the impact analysis needs it: owners, routes and schema files of every contract version.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JsonSchema } from '@accord/schema-diff';
import type { ContractBinding, ContractKind, ContractRoute } from '@accord/schema-diff/impact';
import { readCatalog } from '../diff/base.js';
import { readJsonFile } from '../diff/files.js';
import { CliError } from '../errors.js';

/** The fields of a catalog entry this module reads (catalog.json is validated by `readCatalog`). */
interface CatalogEntry {
  name: string;
  kind: ContractKind;
  owner?: unknown;
  http?: unknown;
  endpoints?: unknown;
  versions: Array<{ version: number; schema: string }>;
}

export interface ImpactCatalog {
  /** Absolute contracts folder. */
  dir: string;
  label: string;
  entries: CatalogEntry[];
  bindings: ContractBinding[];
}

/** The repository top level of `cwd`, or `cwd` itself outside a repository. */
export function repositoryTop(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return cwd;
  }
}

const isRoute = (v: unknown): v is ContractRoute =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ContractRoute).method === 'string' &&
  typeof (v as ContractRoute).path === 'string' &&
  ((v as ContractRoute).status === undefined || Number.isInteger((v as ContractRoute).status));

/**
 * The one function that reads where an HTTP contract travels: `endpoints` (every operation), else the primary
 * `http` binding. A richer routes declaration is read here and nowhere else.
 */
export function routesOf(entry: { endpoints?: unknown; http?: unknown }): ContractRoute[] {
  const list = Array.isArray(entry.endpoints)
    ? entry.endpoints
    : entry.http === undefined
      ? []
      : [entry.http];
  return list.filter(isRoute).map((r) => ({
    method: r.method.toUpperCase(),
    path: r.path,
    ...(r.status === undefined ? {} : { status: r.status }),
  }));
}

export function loadCatalog(top: string, contractsDir: string): ImpactCatalog {
  const dir = resolve(top, contractsDir);
  const file = join(dir, 'catalog.json');
  const label = `${contractsDir}/catalog.json`;
  if (!existsSync(file)) {
    throw new CliError(
      'BAD_INPUT',
      `consumer impact needs the contract catalog, and there is no ${label} under ${top} (use --contracts DIR)`,
    );
  }
  const entries = readCatalog(file, label) as unknown as CatalogEntry[];
  const bindings = entries.map((e): ContractBinding => {
    const schemaIds: Record<number, string> = {};
    if (e.kind === 'event') {
      for (const v of e.versions) {
        const path = join(dir, v.schema);
        const doc = existsSync(path) ? (readJsonFile(path) as { $id?: unknown }) : undefined;
        if (typeof doc?.$id === 'string') schemaIds[v.version] = doc.$id;
      }
    }
    return {
      name: e.name,
      kind: e.kind,
      ...(typeof e.owner === 'string' ? { owner: e.owner } : {}),
      versions: e.versions.map((v) => v.version).sort((a, b) => a - b),
      routes: routesOf(e),
      schemaIds,
    };
  });
  return { dir, label, entries, bindings };
}

/** The committed schema of a contract version. */
export function versionSchema(catalog: ImpactCatalog, contract: string, version: number): JsonSchema {
  const entry = catalog.entries.find((e) => e.name === contract);
  const v = entry?.versions.find((x) => x.version === version);
  if (!v) throw new CliError('BAD_INPUT', `${catalog.label} has no ${contract} v${version}`);
  return readJsonFile(join(catalog.dir, v.schema), `${contract} v${version} (${v.schema})`) as JsonSchema;
}

/** `…/Order/v2.schema.json` (a `$id` or a file path) → Order, 2. */
export function contractOfName(text: string | undefined): { name: string; version: number } | undefined {
  const m = text === undefined ? null : /([^/\\#?]+)[/\\]v(\d+)\.schema\.json(?:[#?].*)?$/.exec(text);
  return m ? { name: m[1]!, version: Number(m[2]) } : undefined;
}
