// Entry points of the engine: diff two schemas in both directions, merge the findings, judge a direction or a mode.
import { loadDocument, nodeAt, type SchemaDocument } from './document.js';
import type {
  Change,
  CompatibilityMode,
  DiffOptions,
  DiffResult,
  Direction,
  DirectionOption,
  JsonSchema,
} from './types.js';
import { type Finding, newShared, Walk } from './walk.js';

export interface NamedDiffOptions extends DiffOptions {
  /** Names used in error messages (e.g. file paths). */
  oldName?: string;
  newName?: string;
}

/** Validates and diffs two schema documents. Throws SchemaDiffError for invalid input. */
export function diffSchemas(
  oldSchema: unknown,
  newSchema: unknown,
  options: NamedDiffOptions = {},
): DiffResult {
  const oldDoc = loadDocument(oldSchema, options.oldName ?? 'OLD');
  const newDoc = loadDocument(newSchema, options.newName ?? 'NEW');
  return diffDocuments(oldDoc, newDoc, options);
}

export function diffDocuments(
  oldDoc: SchemaDocument,
  newDoc: SchemaDocument,
  options: DiffOptions = {},
): DiffResult {
  const direction = options.direction ?? 'full';
  const strictReaders = options.strictReaders ?? false;
  const shared = newShared();
  const merged = new Map<string, Change>();
  for (const dir of ['backward', 'forward'] as const) {
    const walk = new Walk(dir, strictReaders, shared);
    walk.compare(nodeAt(oldDoc, ''), nodeAt(newDoc, ''));
    for (const f of walk.findings) mergeFinding(merged, f, dir);
  }
  const changes = [...merged.values()];
  for (const c of changes) c.breaking = judges(direction, c.breaks);
  return { direction, strictReaders, compatible: !changes.some((c) => c.breaking), changes };
}

function mergeFinding(merged: Map<string, Change>, f: Finding, dir: Direction): void {
  const key = `${f.rule}\u0000${f.oldPath}\u0000${f.newPath}\u0000${f.detail}`;
  let c = merged.get(key);
  if (c === undefined) {
    c = {
      rule: f.rule,
      path: f.primary === 'new' ? f.newPath : f.oldPath,
      oldPath: f.oldPath,
      newPath: f.newPath,
      breaks: { backward: false, forward: false },
      breaking: false,
      undecidable: f.undecidable,
      message: f.message,
      reasons: {},
    };
    if (f.before !== undefined) c.before = f.before;
    if (f.after !== undefined) c.after = f.after;
    merged.set(key, c);
  }
  if (f.breaks) {
    c.breaks[dir] = true;
    c.reasons[dir] ??= f.reason;
    c.undecidable ||= f.undecidable;
  }
}

function judges(direction: DirectionOption, breaks: { backward: boolean; forward: boolean }): boolean {
  if (direction === 'full') return breaks.backward || breaks.forward;
  return breaks[direction];
}

/** The direction a compatibility mode checks, and whether it checks every earlier version. */
export function modeDirections(
  mode: CompatibilityMode,
): { direction: DirectionOption; transitive: boolean } | null {
  if (mode === 'none') return null;
  const transitive = mode.endsWith('-transitive');
  return { direction: mode.replace('-transitive', '') as DirectionOption, transitive };
}

export interface VersionedSchema {
  version: number;
  schema: JsonSchema;
  /** For error messages (e.g. the file path). */
  name?: string;
}

export interface VersionCheck {
  /** The earlier version NEW was checked against. */
  against: number;
  result: DiffResult;
}

export interface VersionsResult {
  mode: CompatibilityMode;
  version: number;
  compatible: boolean;
  checks: VersionCheck[];
}

/**
 * Checks the last schema of `versions` (sorted ascending by version) against the earlier ones in `mode`:
 * the previous version only, or every earlier version (newest first) for the -transitive modes.
 */
export function checkVersions(
  versions: readonly VersionedSchema[],
  mode: CompatibilityMode,
  options: Omit<DiffOptions, 'direction'> = {},
): VersionsResult {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const latest = sorted.at(-1);
  if (latest === undefined) throw new RangeError('checkVersions needs at least one version');
  const md = modeDirections(mode);
  const checks: VersionCheck[] = [];
  if (md !== null) {
    const earlier = sorted.slice(0, -1).reverse();
    const targets = md.transitive ? earlier : earlier.slice(0, 1);
    const newDoc = loadDocument(latest.schema, latest.name ?? `v${latest.version}`);
    for (const t of targets) {
      const oldDoc = loadDocument(t.schema, t.name ?? `v${t.version}`);
      checks.push({
        against: t.version,
        result: diffDocuments(oldDoc, newDoc, { ...options, direction: md.direction }),
      });
    }
  }
  return { mode, version: latest.version, compatible: checks.every((c) => c.result.compatible), checks };
}

export const defaultModeFor = (kind: 'event' | 'http-request' | 'http-response'): CompatibilityMode =>
  kind === 'event' ? 'full-transitive' : kind === 'http-request' ? 'backward' : 'forward';
