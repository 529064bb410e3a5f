// Entry points of the engine: the inclusion checker decides each direction, the rule walk names the changes,
// and the two are reconciled so that they never contradict each other.
import { loadDocument, nodeAt, relaxedDocument, type SchemaDocument } from './document.js';
import { SchemaDiffError } from './errors.js';
import { InclusionContext, includes } from './toolkit/inclusion/includes.js';
import { writerAcceptsReaderRejects } from './toolkit/interpret.js';
import { compileInstanceValidator, pruneForInstance } from './toolkit/validators.js';
import type {
  Change,
  CompatibilityMode,
  DiffOptions,
  DiffResult,
  Direction,
  DirectionOption,
  JsonSchema,
  Verdict,
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
  const load = { defaultDialect: options.defaultDialect };
  const oldDoc = loadDocument(oldSchema, options.oldName ?? 'OLD', load);
  const newDoc = loadDocument(newSchema, options.newName ?? 'NEW', load);
  return diffDocuments(oldDoc, newDoc, options);
}

export function diffDocuments(
  oldDoc: SchemaDocument,
  newDoc: SchemaDocument,
  options: DiffOptions = {},
): DiffResult {
  try {
    return compareDocuments(oldDoc, newDoc, options);
  } catch (err) {
    // Within MAX_SCHEMA_DEPTH no nesting was found to exhaust the stack; should one, it is bad input, not a crash.
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      throw new SchemaDiffError(
        'TOO_DEEP',
        `${oldDoc.name} → ${newDoc.name}: nested too deeply to compare (the call stack ran out)`,
        '',
      );
    }
    throw err;
  }
}

function compareDocuments(oldDoc: SchemaDocument, newDoc: SchemaDocument, options: DiffOptions): DiffResult {
  const direction = options.direction ?? 'full';
  const strictReaders = options.strictReaders ?? false;
  const shared = newShared();
  const merged: MergedChanges = { changes: [], byOldPath: new Map() };
  for (const dir of ['backward', 'forward'] as const) {
    const walk = new Walk(dir, strictReaders, shared);
    walk.compare(nodeAt(oldDoc, ''), nodeAt(newDoc, ''));
    for (const f of walk.findings) mergeFinding(merged, f, dir);
  }
  const changes = merged.changes;
  const context = new InclusionContext();
  const verdicts = {
    backward: verdictFor('backward', oldDoc, newDoc, strictReaders, context),
    forward: verdictFor('forward', oldDoc, newDoc, strictReaders, context),
  };
  for (const dir of ['backward', 'forward'] as const) reconcile(changes, verdicts[dir]);
  for (const c of changes) c.breaking = judges(direction, c.breaks);
  const asked: Direction[] = direction === 'full' ? ['backward', 'forward'] : [direction];
  const compatible = asked.every((d) => verdicts[d].verdict === 'holds');
  return { direction, strictReaders, compatible, changes, verdicts };
}

const relaxedDocs = new WeakMap<SchemaDocument, SchemaDocument>();

/** The reader as the workspace policy judges it: the tolerant-reader relaxation of the document. */
function readerView(doc: SchemaDocument, strictReaders: boolean): SchemaDocument {
  if (strictReaders) return doc;
  let relaxed = relaxedDocs.get(doc);
  if (relaxed === undefined) {
    relaxed = relaxedDocument(doc);
    relaxedDocs.set(doc, relaxed);
  }
  return relaxed;
}

function verdictFor(
  direction: Direction,
  oldDoc: SchemaDocument,
  newDoc: SchemaDocument,
  strictReaders: boolean,
  context: InclusionContext,
): Verdict {
  const backward = direction === 'backward';
  const writer = backward ? oldDoc : newDoc;
  const reader = readerView(backward ? newDoc : oldDoc, strictReaders);
  const verify = (instance: unknown): boolean =>
    writerAcceptsReaderRejects(writer, reader, instance, compiledVerify);
  // ajv, for what the interpreter leaves to it: compiled on a copy pruned to the witness.
  const compiledVerify = (instance: unknown): boolean => {
    try {
      const accepts = compileInstanceValidator(
        writer.dialect,
        pruneForInstance(writer.root, writer.dialect, instance),
      );
      if (!accepts(instance)) return false;
      // A reader widened off the witness's path compiles in a fraction of the time; if even it rejects the
      // witness, the reader does. Otherwise the whole (pruned) reader decides.
      const path = new Set(failurePath.filter((t): t is string => typeof t === 'string'));
      const widened = compileInstanceValidator(
        reader.dialect,
        pruneForInstance(reader.root, reader.dialect, instance, { weakenExcept: path }),
      );
      if (!widened(instance)) return true;
      const rejects = compileInstanceValidator(
        reader.dialect,
        pruneForInstance(reader.root, reader.dialect, instance),
      );
      return !rejects(instance);
    } catch (e) {
      // A $ref cycle that never descends into the instance (ajv recurses forever), or a document ajv cannot
      // compile: the candidate cannot be checked, so it is not shown.
      if (e instanceof Error) return false;
      throw e;
    }
  };
  let failurePath: Array<string | number> = [];
  const r = includes(writer, reader, verify, {
    context,
    onFailure: (path) => {
      failurePath = path;
    },
  });
  const names = backward ? (['OLD', 'NEW'] as const) : (['NEW', 'OLD'] as const);
  if (r.verdict === 'holds') return { direction, verdict: 'holds' };
  if (r.verdict === 'undecidable') return { direction, ...r };
  return {
    direction,
    verdict: 'fails',
    keyword: r.keyword,
    oldPointer: backward ? r.writerPointer : r.readerPointer,
    newPointer: backward ? r.readerPointer : r.writerPointer,
    message: r.message,
    witness: {
      direction,
      instance: r.witness,
      instancePath: r.instancePath,
      writer: names[0],
      reader: names[1],
    },
  };
}

// Pointers are compared token by token in place (every change is scored against each failing direction).
/** How many tokens a pointer has ('' none; otherwise one more than its '/' after the first character). */
function tokenCount(p: string): number {
  if (p === '') return 0;
  let n = 1;
  for (let i = 1; i < p.length; i++) if (p.charCodeAt(i) === 47) n++;
  return n;
}
/** How many leading tokens `path` shares with `target`, or -1 when `path` is not an ancestor-or-self of it. */
function ancestorDepth(path: string, target: string): number {
  const n = tokenCount(path);
  return sharedDepth(path, target) === n ? n : -1;
}
function sharedDepth(path: string, target: string): number {
  if (path === '' || target === '') return 0;
  let depth = 0;
  // Both tokens start at `i` (the ones before were equal); the first character of a pointer is not a token's.
  let i = 1;
  for (;;) {
    let ea = path.indexOf('/', i);
    let eb = target.indexOf('/', i);
    if (ea === -1) ea = path.length;
    if (eb === -1) eb = target.length;
    if (ea !== eb) return depth;
    for (let k = i; k < ea; k++) if (path.charCodeAt(k) !== target.charCodeAt(k)) return depth;
    depth++;
    if (ea === path.length || eb === target.length) return depth;
    i = ea + 1;
  }
}

/**
 * Makes the change list agree with the checker: a direction that holds breaks no change; a direction that fails
 * (or is undecidable) breaks at least one, the one closest to where the proof failed, which carries the witness.
 */
function reconcile(changes: Change[], v: Verdict): void {
  const d = v.direction;
  if (v.verdict === 'holds') {
    for (const c of changes) {
      c.breaks[d] = false;
      delete c.reasons[d];
    }
    return;
  }
  const oldPtr = v.verdict === 'fails' ? v.oldPointer : v.pointer;
  const newPtr = v.verdict === 'fails' ? v.newPointer : v.pointer;
  const reason =
    v.verdict === 'fails'
      ? `readers on ${d === 'backward' ? 'NEW' : 'OLD'} reject data written with ${d === 'backward' ? 'OLD' : 'NEW'}: ${v.message}`
      : `undecidable (${v.keyword}): ${v.message}; treated as breaking`;
  let best: Change | undefined;
  let bestScore = -1;
  for (const c of changes) {
    if (!c.breaks[d]) continue;
    const score = Math.max(sharedDepth(c.oldPath, oldPtr), sharedDepth(c.newPath, newPtr));
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (best === undefined) {
    // No rule flagged this direction: promote the change nearest above the failure, or add one.
    for (const c of changes) {
      const score = Math.max(ancestorDepth(c.oldPath, oldPtr), ancestorDepth(c.newPath, newPtr));
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
  }
  if (best === undefined) {
    best = {
      rule:
        v.verdict === 'undecidable'
          ? 'inclusion-undecidable'
          : d === 'backward'
            ? 'accepted-values-narrowed'
            : 'accepted-values-widened',
      path: d === 'backward' ? newPtr : oldPtr,
      oldPath: oldPtr,
      newPath: newPtr,
      breaks: { backward: false, forward: false },
      breaking: false,
      undecidable: false,
      message:
        v.verdict === 'undecidable'
          ? `cannot decide whether ${d === 'backward' ? 'NEW' : 'OLD'} accepts everything ${d === 'backward' ? 'OLD' : 'NEW'} accepts (${v.keyword})`
          : v.message,
      reasons: {},
    };
    changes.push(best);
  }
  best.breaks[d] = true;
  best.reasons[d] ??= reason;
  if (v.verdict === 'fails') {
    best.witness = { ...best.witness, [d]: v.witness };
  } else {
    best.undecidable = true;
    best.undecidableKeyword = { ...best.undecidableKeyword, [d]: v.keyword };
    best.reasons[d] = reason;
  }
}

/**
 * The changes of both walks in the order first found, one per rule, old and new path and detail. Found by the old
 * path, then by the rest compared in place: a key joining the four was flattened and hashed per finding.
 */
interface MergedChanges {
  changes: Change[];
  byOldPath: Map<string, Array<{ rule: string; newPath: string; detail: string; change: Change }>>;
}

function mergeFinding(merged: MergedChanges, f: Finding, dir: Direction): void {
  let same = merged.byOldPath.get(f.oldPath);
  let c: Change | undefined;
  if (same === undefined) {
    same = [];
    merged.byOldPath.set(f.oldPath, same);
  } else {
    for (const e of same) {
      if (e.rule === f.rule && e.newPath === f.newPath && e.detail === f.detail) {
        c = e.change;
        break;
      }
    }
  }
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
    same.push({ rule: f.rule, newPath: f.newPath, detail: f.detail, change: c });
    merged.changes.push(c);
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
    const load = { defaultDialect: options.defaultDialect };
    const newDoc = loadDocument(latest.schema, latest.name ?? `v${latest.version}`, load);
    for (const t of targets) {
      const oldDoc = loadDocument(t.schema, t.name ?? `v${t.version}`, load);
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
