// Joins a diff report with the Pact Broker: which consumer versions each breaking change hits, and where they run.
import { resolve } from 'node:path';
import type { JsonSchema } from '@accord/schema-diff';
import {
  analyseImpact,
  type ConsumerVersion,
  type ContractChange,
  type ContractImpact,
  consumerVersionFromPact,
  type Place,
} from '@accord/schema-diff/impact';
import { BrokerClient, type FetchLike } from '../broker/client.js';
import type { BrokerConfig } from '../broker/config.js';
import { placeLabel, readProviderConsumers } from '../broker/consumers.js';
import { readJsonFile } from '../diff/files.js';
import type { Comparison, Report, ReportChange } from '../diff/report.js';
import { CliError } from '../errors.js';
import { contractOfName, type ImpactCatalog, loadCatalog, repositoryTop, versionSchema } from './catalog.js';

export type FailOn = 'breaking' | 'impact';
/** The place token for "the head of a consumer's main branch" in `--impact-in`. */
export const MAIN_BRANCH = 'main-branch';

export interface ImpactOptions {
  broker: BrokerConfig;
  failOn: FailOn;
  /** Places a hit must run in to fail `--fail-on impact`: environment names and `main-branch`; undefined = all. */
  impactIn: string[] | undefined;
  /** Contracts folder relative to the repository top level. */
  contractsDir: string;
  cwd: string;
  /** Base mode (`--base`): comparisons name their contract and versions. */
  baseMode: boolean;
  /** File mode: OLD and NEW as given, and `--contract` when their `$id` does not name the contract. */
  files?: readonly [string, string];
  contract?: string;
  fetch?: FetchLike;
}

export interface FailingHit {
  contract: string;
  version: number | undefined;
  consumer: string;
  consumerVersion: string;
  places: string[];
  rule: string;
  paths: string[];
}

export interface ImpactReport {
  broker: string;
  failOn: FailOn;
  /** Places counted by `--fail-on impact`; undefined = every place. */
  impactIn: string[] | undefined;
  providers: Array<{ provider: string; consumers: string[]; environments: string[]; versions: number }>;
  contracts: ContractImpact[];
  /** Every consumer version read from the broker. */
  consumers: ConsumerVersion[];
  notes: string[];
  /** Breaking comparisons that could not be joined with pacts, and why. */
  unbound: string[];
  /** Hits that fail `--fail-on impact`: an unwaived breaking change, a consumer running in a counted place. */
  failing: FailingHit[];
  /** Set when nothing breaks: the broker was not asked. */
  nothingToCheck?: boolean;
  /** Set when the broker could not be read or the options do not fit what it knows. */
  error?: string;
}

const hasBreaking = (c: Comparison) => c.changes.some((x) => x.breaking);

/** The contract changes to analyse, with the schemas of both sides. */
function contractChanges(
  report: Report,
  catalog: ImpactCatalog,
  opts: ImpactOptions,
  unbound: string[],
): ContractChange[] {
  const breaking = report.comparisons.filter(hasBreaking);
  const out: ContractChange[] = [];
  if (opts.baseMode) {
    const groups = new Map<string, Comparison[]>();
    for (const c of breaking) {
      const key = `${c.contract}\u0000${c.version}`;
      groups.set(key, [...(groups.get(key) ?? []), c]);
    }
    for (const group of groups.values()) {
      const { contract, version } = group[0]!;
      const binding = catalog.bindings.find((b) => b.name === contract);
      if (!binding || contract === undefined || version === undefined) {
        unbound.push(`${contract ?? '?'} v${version ?? '?'} is not in ${catalog.label}`);
        continue;
      }
      const newSchema = versionSchema(catalog, contract, version);
      out.push({
        contract: binding,
        version,
        comparisons: group.map((c) => ({
          against: c.against,
          oldSchema: c.against === undefined ? newSchema : versionSchema(catalog, contract, c.against),
          newSchema,
          changes: c.changes,
        })),
      });
    }
    return out;
  }
  const cmp = breaking[0];
  const [oldFile, newFile] = opts.files ?? [];
  if (!cmp || oldFile === undefined || newFile === undefined) return out;
  const oldSchema = readJsonFile(resolve(opts.cwd, oldFile), oldFile) as JsonSchema;
  const newSchema = readJsonFile(resolve(opts.cwd, newFile), newFile) as JsonSchema;
  const idOf = (s: JsonSchema) => (typeof s === 'object' && typeof s.$id === 'string' ? s.$id : undefined);
  const oldId = contractOfName(idOf(oldSchema)) ?? contractOfName(oldFile);
  const newId = contractOfName(idOf(newSchema)) ?? contractOfName(newFile);
  const name = opts.contract ?? newId?.name ?? oldId?.name;
  if (name === undefined) {
    unbound.push(
      `cannot tell which contract ${oldFile} and ${newFile} are versions of (neither $id nor path ends in <Contract>/v<n>.schema.json): pass --contract NAME`,
    );
    return out;
  }
  const binding = catalog.bindings.find((b) => b.name === name);
  if (!binding) {
    unbound.push(
      `${name} is not a contract in ${catalog.label} (it has ${catalog.bindings.map((b) => b.name).join(', ')})`,
    );
    return out;
  }
  const against = oldId?.name === name ? oldId.version : undefined;
  const version =
    newId?.name === name && (against === undefined || newId.version > against) ? newId.version : undefined;
  out.push({
    contract: binding,
    version,
    comparisons: [{ against, oldSchema, newSchema, changes: cmp.changes }],
  });
  return out;
}

function inScope(places: readonly Place[], impactIn: string[] | undefined): string[] {
  return places
    .filter((p) =>
      impactIn === undefined
        ? true
        : p.kind === 'main-branch'
          ? impactIn.includes(MAIN_BRANCH)
          : impactIn.includes(p.environment),
    )
    .map(placeLabel);
}

export function emptyImpact(broker: string, failOn: FailOn, impactIn: string[] | undefined): ImpactReport {
  return {
    broker,
    failOn,
    impactIn,
    providers: [],
    contracts: [],
    consumers: [],
    notes: [],
    unbound: [],
    failing: [],
  };
}

/**
 * Reads the broker for the owners of every breaking contract change and analyses the impact. Problems (the
 * broker unreachable, no catalog) end up in `error`, so the diff itself is still reported.
 */
export async function runImpact(report: Report, opts: ImpactOptions): Promise<ImpactReport> {
  try {
    return await analyse(report, opts);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return { ...emptyImpact(opts.broker.url, opts.failOn, opts.impactIn), error: e.message };
  }
}

async function analyse(report: Report, opts: ImpactOptions): Promise<ImpactReport> {
  const out = emptyImpact(opts.broker.url, opts.failOn, opts.impactIn);
  if (!report.comparisons.some(hasBreaking)) {
    out.nothingToCheck = true;
    return out;
  }
  const catalog = loadCatalog(repositoryTop(opts.cwd), opts.contractsDir);
  const changes = contractChanges(report, catalog, opts, out.unbound);
  const owners = new Map<string, ContractChange[]>();
  for (const c of changes) {
    if (c.contract.owner === undefined) {
      out.unbound.push(
        `${c.contract.name} has no "owner" in ${catalog.label}: the broker cannot be asked who consumes it`,
      );
      continue;
    }
    owners.set(c.contract.owner, [...(owners.get(c.contract.owner) ?? []), c]);
  }

  const client = new BrokerClient(opts.broker, opts.fetch);
  const environments = new Set<string>();
  for (const [provider, list] of owners) {
    const read = await readProviderConsumers(client, provider);
    for (const e of read.environments) environments.add(e.name);
    const own = catalog.bindings.filter((b) => b.owner === provider);
    const consumers = read.versions.map((v) =>
      consumerVersionFromPact({ consumer: v.consumer, version: v.version, places: v.places }, v.pact, own),
    );
    out.providers.push({
      provider,
      consumers: read.consumers,
      environments: read.environments.map((e) => e.name),
      versions: consumers.length,
    });
    out.consumers.push(...consumers);
    out.notes.push(...read.notes);
    for (const change of list) out.contracts.push(analyseImpact(change, consumers));
  }

  const unknown = (opts.impactIn ?? []).filter((p) => p !== MAIN_BRANCH && !environments.has(p));
  if (unknown.length > 0 && owners.size > 0) {
    out.error = `--impact-in names ${unknown.map((u) => `"${u}"`).join(', ')}, which the broker does not know (environments: ${[...environments].join(', ') || 'none'}; "${MAIN_BRANCH}" counts main-branch heads)`;
  }

  for (const ci of out.contracts) {
    for (const ch of ci.changes) {
      if ((ch.change as ReportChange).waived !== undefined) continue;
      for (const hit of ch.hits) {
        const places = inScope(hit.places, opts.impactIn);
        if (places.length === 0) continue;
        out.failing.push({
          contract: ci.contract,
          version: ci.version,
          consumer: hit.consumer,
          consumerVersion: hit.version,
          places,
          rule: ch.change.rule,
          paths: hit.paths,
        });
      }
    }
  }
  return out;
}

/**
 * Exit code with an impact report. `--fail-on breaking`: as without a broker. `--fail-on impact`: 1 for a
 * repository problem (edited/removed published version, expired waiver) or a hit in a counted place, 2 when the
 * impact could not be judged, else 0 — a schema break that hits no consumer passes.
 */
export function impactExitCode(report: Report, impact: ImpactReport): number {
  if (impact.failOn === 'breaking') return report.compatible ? 0 : 1;
  if (impact.error !== undefined || impact.unbound.length > 0) return 2;
  if (report.problems.length > 0) return 1;
  return impact.failing.length > 0 ? 1 : 0;
}
