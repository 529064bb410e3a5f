// Finds the workspace root and the services in it (consumers/*, providers/*) with their pact settings.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { findWorkspaceRoot as findRoot } from '@accord/args';
import { PipelineError } from './errors.js';

export type ServiceRole = 'consumer' | 'provider';

/** Optional `"accord"` block in a service's package.json overriding the defaults. */
export interface ServiceManifest {
  /** Name in the broker (default: the folder name). */
  pacticipant?: string;
  /** Folder the consumer pact tests write pacts to, relative to the package (default `pacts`). */
  pactDir?: string;
}

export interface Service {
  /** npm package name, e.g. `@accord/checkout-web`. */
  packageName: string;
  /** Name in the broker, e.g. `checkout-web`. */
  pacticipant: string;
  role: ServiceRole;
  /** Absolute folder of the package. */
  dir: string;
  /** Folder relative to the workspace root, e.g. `consumers/checkout-web`. */
  relDir: string;
  /** Absolute folder of the pact files a consumer writes. */
  pactDir: string;
  /** npm scripts the package defines. */
  scripts: Record<string, string>;
}

export interface Workspace {
  root: string;
  services: Service[];
}

/** Script names, in order of preference, that run a consumer's pact tests. */
const CONSUMER_PACT_SCRIPTS = ['pact', 'pact:consumer', 'test:pact', 'test'] as const;
/** Script names, in order of preference, that verify a provider against the broker. */
const PROVIDER_VERIFY_SCRIPTS = ['verify:pacts', 'pact:verify'] as const;

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new PipelineError('WORKSPACE', `cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Walks up from `start` to the package.json that declares workspaces. */
export function findWorkspaceRoot(start: string): string {
  const root = findRoot(start);
  if (root === undefined) {
    throw new PipelineError(
      'WORKSPACE',
      `no Accord workspace (package.json with workspaces + turbo.json) above ${start}`,
    );
  }
  return root;
}

async function loadService(root: string, dir: string, role: ServiceRole): Promise<Service | undefined> {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = await readJson(file);
  const manifest = (pkg.accord ?? {}) as ServiceManifest;
  return {
    packageName: String(pkg.name ?? basename(dir)),
    pacticipant: manifest.pacticipant ?? basename(dir),
    role,
    dir,
    relDir: relative(root, dir),
    pactDir: join(dir, manifest.pactDir ?? 'pacts'),
    scripts: (pkg.scripts ?? {}) as Record<string, string>,
  };
}

/** Lists the services: every package under `providers/` and `consumers/`, sorted by name. */
export async function loadWorkspace(root: string): Promise<Workspace> {
  const services: Service[] = [];
  for (const [folder, role] of [
    ['providers', 'provider'],
    ['consumers', 'consumer'],
  ] as const) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    const entries = (await readdir(base, { withFileTypes: true })).filter((e) => e.isDirectory());
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const service = await loadService(root, join(base, entry.name), role);
      if (service) services.push(service);
    }
  }
  return { root, services };
}

export function consumerPactScript(service: Service): string | undefined {
  return CONSUMER_PACT_SCRIPTS.find((s) => service.scripts[s] !== undefined);
}

export function providerVerifyScript(service: Service): string | undefined {
  return PROVIDER_VERIFY_SCRIPTS.find((s) => service.scripts[s] !== undefined);
}

/** Selects services by pacticipant name, package name or folder; all when `only` is empty. */
export function selectServices(services: readonly Service[], only: readonly string[]): Service[] {
  if (only.length === 0) return [...services];
  const picked = services.filter((s) =>
    only.some((o) => o === s.pacticipant || o === s.packageName || o === s.relDir || resolve(o) === s.dir),
  );
  const unknown = only.filter(
    (o) =>
      !services.some(
        (s) => o === s.pacticipant || o === s.packageName || o === s.relDir || resolve(o) === s.dir,
      ),
  );
  if (unknown.length > 0) {
    throw new PipelineError(
      'USAGE',
      `unknown service ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${services.map((s) => s.pacticipant).join(', ')}`,
    );
  }
  return picked;
}
