// Impact of a contract's breaking changes on the consumers that rely on it: who is hit, where it runs, by which paths.
import type { Change, Direction, JsonSchema } from '../index.js';
import { bindPact, type ContractBinding, type ContractRead, type UnmatchedInteraction } from './binding.js';
import { readPact } from './pact.js';
import { formatPath, isWithin } from './path.js';
import { reliedWithin } from './relied.js';
import { type ChangeLocation, indexSchema, locateChange, type SchemaPaths } from './schema-paths.js';

/** Where a consumer version runs, as the broker knows it. */
export type Place =
  /** The head of the consumer's main branch; `branch` undefined: no main branch declared, the latest version. */
  | { kind: 'main-branch'; branch: string | undefined }
  | {
      kind: 'environment';
      environment: string;
      production: boolean;
      how: 'deployed' | 'released';
      applicationInstance?: string;
    };

/** One consumer version, with what its pact reads of the provider's contracts. */
export interface ConsumerVersion {
  consumer: string;
  version: string;
  places: readonly Place[];
  reads: readonly ContractRead[];
  unmatched: readonly UnmatchedInteraction[];
}

export interface ConsumerRef {
  consumer: string;
  version: string;
  places: readonly Place[];
}

/** One comparison of the version under check with an earlier one (as `checkVersions` or `diffSchemas` give it). */
export interface VersionComparison {
  /** The earlier version; undefined when the versions are not known (two loose files). */
  against: number | undefined;
  oldSchema: JsonSchema;
  newSchema: JsonSchema;
  changes: readonly Change[];
}

export interface ContractChange {
  contract: ContractBinding;
  /** The version under check; undefined when not known. */
  version: number | undefined;
  comparisons: readonly VersionComparison[];
}

/**
 * How a consumer's reads were compared: `same` = it was written against the compared (earlier) version;
 * `tolerant-reader` = against an even older one, so it sees new data through the tolerant reader's projection
 * onto its version (which keeps what its version knows, by property name: its paths stay the same paths);
 * `current` = the pact names no version, so it reads the version served now.
 */
export type ReaderView = 'same' | 'tolerant-reader' | 'current';

export interface ChangeHit extends ConsumerRef {
  readsVersion: number | undefined;
  view: ReaderView;
  /** The relied paths the change touches (for a newly required value: the path the consumer does not send). */
  paths: string[];
  interactions: string[];
}

export interface ChangeImpact {
  against: number | undefined;
  change: Change;
  /** Instance paths the change lands on. */
  at: string[];
  /** The change makes a value required: writers that do not send it fail. */
  absent: boolean;
  /** False when the change's location could not be mapped to instance paths (then treated as the whole body). */
  located: boolean;
  /** Breaks the direction this contract's consumers are on (forward for readers, backward for writers). */
  breaksConsumers: boolean;
  hits: ChangeHit[];
  /** Consumers compared against this version that rely on the contract but on none of these paths. */
  unaffected: ConsumerRef[];
}

export interface ConsumerImpact extends ConsumerRef {
  /** `ahead`: written against the version under check or a later one, so the change is what it expects. */
  verdict: 'breaks' | 'unaffected' | 'ahead';
  readsVersions: Array<number | undefined>;
  views: ReaderView[];
  hits: Array<{ change: Change; against: number | undefined; paths: string[] }>;
  /** Distinct paths of the contract it relies on. */
  reliedPaths: number;
}

export interface ContractImpact {
  contract: string;
  version: number | undefined;
  /** `reads` for events and responses (consumers are readers), `writes` for request bodies. */
  role: 'reads' | 'writes';
  /** The direction that decides whether a change breaks this contract's consumers. */
  direction: Direction;
  /** The breaking changes (in the direction the diff was asked for), each with who it hits. */
  changes: ChangeImpact[];
  /** Every consumer version that reads the contract. */
  consumers: ConsumerImpact[];
}

const directionFor = (role: 'reads' | 'writes'): Direction => (role === 'reads' ? 'forward' : 'backward');

interface Prepared {
  comparison: VersionComparison;
  oldPaths: SchemaPaths;
  newPaths: SchemaPaths;
  locations: Map<Change, ChangeLocation>;
}

function prepare(comparison: VersionComparison): Prepared {
  const oldPaths = indexSchema(comparison.oldSchema);
  const newPaths = indexSchema(comparison.newSchema);
  const locations = new Map<Change, ChangeLocation>();
  for (const c of comparison.changes) if (c.breaking) locations.set(c, locateChange(c, oldPaths, newPaths));
  return { comparison, oldPaths, newPaths, locations };
}

/** The relied paths a change fails for one read, or undefined when it does not hit it. */
function hitPaths(read: ContractRead, change: Change, loc: ChangeLocation): string[] | undefined {
  if (!change.breaks[directionFor(read.role)]) return undefined;
  const out: string[] = [];
  for (const q of loc.paths) {
    if (loc.absent) {
      const parent = q.slice(0, -1);
      const sendsParent = parent.length === 0 || read.paths.some((r) => isWithin(r.path, parent));
      const sendsIt = read.paths.some((r) => isWithin(r.path, q));
      if (sendsParent && !sendsIt) out.push(formatPath(q));
    } else {
      for (const r of reliedWithin(read.paths, q)) if (!out.includes(r.text)) out.push(r.text);
    }
  }
  return out.length > 0 ? out : undefined;
}

const refOf = (c: ConsumerVersion): ConsumerRef => ({
  consumer: c.consumer,
  version: c.version,
  places: c.places,
});

/**
 * For every breaking change of a contract version: the consumer versions it hits (with the paths that fail and
 * where they run) and those that read the contract but not those paths. A consumer is compared against the
 * comparison with the version it was written against (transitive modes give one per earlier version), else
 * against the newest earlier version through the tolerant reader's view.
 */
export function analyseImpact(input: ContractChange, consumers: readonly ConsumerVersion[]): ContractImpact {
  const role = input.contract.kind === 'http-request' ? 'writes' : 'reads';
  const prepared = input.comparisons.map(prepare);
  const newest = [...prepared].sort(
    (a, b) => (b.comparison.against ?? Infinity) - (a.comparison.against ?? Infinity),
  )[0];
  const changes: ChangeImpact[] = [];
  const byChange = new Map<Change, ChangeImpact>();
  for (const p of prepared) {
    for (const c of p.comparison.changes) {
      if (!c.breaking) continue;
      const loc = p.locations.get(c)!;
      const impact: ChangeImpact = {
        against: p.comparison.against,
        change: c,
        at: loc.paths.map(formatPath),
        absent: loc.absent,
        located: loc.located,
        breaksConsumers: c.breaks[directionFor(role)],
        hits: [],
        unaffected: [],
      };
      changes.push(impact);
      byChange.set(c, impact);
    }
  }

  const pick = (version: number | undefined): { p: Prepared; view: ReaderView } | 'ahead' | undefined => {
    if (version !== undefined && input.version !== undefined && version >= input.version) return 'ahead';
    const exact = version === undefined ? undefined : prepared.find((p) => p.comparison.against === version);
    if (exact) return { p: exact, view: 'same' };
    if (!newest) return undefined;
    if (version === undefined || newest.comparison.against === undefined)
      return { p: newest, view: 'current' };
    return { p: newest, view: 'tolerant-reader' };
  };

  const out: ConsumerImpact[] = [];
  for (const consumer of consumers) {
    const reads = consumer.reads.filter((r) => r.contract === input.contract.name);
    if (reads.length === 0) continue;
    const impact: ConsumerImpact = {
      ...refOf(consumer),
      verdict: 'unaffected',
      readsVersions: [],
      views: [],
      hits: [],
      reliedPaths: new Set(reads.flatMap((r) => r.paths.map((p) => p.text))).size,
    };
    let ahead = 0;
    const compared = new Set<Prepared>();
    for (const read of reads) {
      if (!impact.readsVersions.includes(read.version)) impact.readsVersions.push(read.version);
      const choice = pick(read.version);
      if (choice === 'ahead') {
        ahead++;
        continue;
      }
      if (!choice) continue;
      if (!impact.views.includes(choice.view)) impact.views.push(choice.view);
      compared.add(choice.p);
      for (const c of choice.p.comparison.changes) {
        if (!c.breaking) continue;
        const paths = hitPaths(read, c, choice.p.locations.get(c)!);
        if (!paths) continue;
        const ci = byChange.get(c)!;
        let hit = ci.hits.find((h) => h.consumer === consumer.consumer && h.version === consumer.version);
        if (!hit) {
          hit = {
            ...refOf(consumer),
            readsVersion: read.version,
            view: choice.view,
            paths: [],
            interactions: [],
          };
          ci.hits.push(hit);
        }
        for (const path of paths) if (!hit.paths.includes(path)) hit.paths.push(path);
        if (!hit.interactions.includes(read.interaction)) hit.interactions.push(read.interaction);
        let own = impact.hits.find((h) => h.change === c);
        if (!own) {
          own = { change: c, against: choice.p.comparison.against, paths: [] };
          impact.hits.push(own);
        }
        for (const path of paths) if (!own.paths.includes(path)) own.paths.push(path);
      }
    }
    impact.verdict = impact.hits.length > 0 ? 'breaks' : ahead === reads.length ? 'ahead' : 'unaffected';
    for (const p of compared) {
      for (const c of p.comparison.changes) {
        const ci = byChange.get(c);
        if (ci && !ci.hits.some((h) => h.consumer === consumer.consumer && h.version === consumer.version))
          ci.unaffected.push(refOf(consumer));
      }
    }
    out.push(impact);
  }
  const byName = (a: ConsumerRef, b: ConsumerRef) =>
    a.consumer.localeCompare(b.consumer) || a.version.localeCompare(b.version);
  for (const ci of changes) {
    ci.hits.sort(byName);
    ci.unaffected.sort(byName);
  }
  out.sort(byName);
  return {
    contract: input.contract.name,
    version: input.version,
    role,
    direction: directionFor(role),
    changes,
    consumers: out,
  };
}

/**
 * A consumer version from its pact document: every interaction bound to the provider's contracts. A document
 * that is not a readable pact becomes one unmatched entry saying why.
 */
export function consumerVersionFromPact(
  ref: ConsumerRef,
  pact: unknown,
  contracts: readonly ContractBinding[],
): ConsumerVersion {
  const parsed = readPact(pact);
  if (!parsed.ok) {
    return {
      ...ref,
      reads: [],
      unmatched: [
        { interaction: '(the whole pact)', via: undefined, reason: `not a readable pact: ${parsed.reason}` },
      ],
    };
  }
  const bound = bindPact(parsed.pact, contracts);
  return { ...ref, reads: bound.reads, unmatched: bound.unmatched };
}
