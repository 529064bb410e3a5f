// The two artifact checks: (1) committed files are stale against the zod source, (2) a published
// version's artifact was edited instead of adding a new version (lock file, and git when available).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  type ArtifactInfo,
  buildArtifacts,
  buildOutputs,
  GENERATE_COMMAND,
  GENERATED_DIR,
  OPENAPI_DIR,
  type OutputFile,
  SCHEMAS_DIR,
  sha256,
} from './artifacts.js';
import { type BaseRef, git, workTreePrefix } from './git.js';
import {
  LOCK_PATH,
  type LockEntries,
  lockKey,
  nextLock,
  parseLockKey,
  publishedEditMessage,
  publishedRemovedMessage,
  readLock,
  readPublished,
  serializeLock,
} from './published.js';

export type ProblemKind = 'stale' | 'published-edited' | 'published-removed';

export interface Problem {
  kind: ProblemKind;
  /** Relative to the package root. */
  file: string;
  message: string;
}

export interface CheckOptions {
  /** Package root to check (contracts/, or a copy of it in tests). */
  root: string;
  /**
   * The git ref whose versions count as published; `false` skips git (then the lock on disk decides).
   * Default: where this branch forked from origin/main, else main ($ACCORD_MAIN_BRANCH), else HEAD.
   */
  gitBase?: string | false;
  /** Prebuilt generator output (tests reuse it); built from src/ when absent. */
  artifacts?: ArtifactInfo[];
  outputs?: OutputFile[];
}

export interface CheckReport {
  problems: Problem[];
  /** The ref the git check compared against, or why it did not run. */
  git: { base: string } | { skipped: string };
}

const SEVERITY: Record<ProblemKind, number> = { stale: 0, 'published-edited': 1, 'published-removed': 1 };

/** Files the generator owns under `dir`, relative to root with forward slashes. */
export function listOwnedFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(abs);
  return out.filter((p) => p !== LOCK_PATH && !p.endsWith('.test.ts')).sort();
}

function nextVersionOf(name: string, artifacts: ArtifactInfo[], lock: LockEntries): number {
  let max = 0;
  for (const a of artifacts) if (a.name === name) max = Math.max(max, a.version);
  for (const key of Object.keys(lock)) {
    const parsed = parseLockKey(key);
    if (parsed?.name === name) max = Math.max(max, parsed.version);
  }
  return max + 1;
}

function read(root: string, file: string): string | undefined {
  const abs = join(root, file);
  return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
}

/** Published versions the generator output would change or drop, judged against the published lock entries. */
export function findPublishedChanges(artifacts: ArtifactInfo[], lock: LockEntries): Problem[] {
  const problems: Problem[] = [];
  const byKey = new Map(artifacts.map((a) => [lockKey(a.name, a.version), a]));
  for (const [key, hash] of Object.entries(lock)) {
    const parsed = parseLockKey(key);
    if (!parsed) continue;
    const artifact = byKey.get(key);
    const file = `${SCHEMAS_DIR}/${parsed.name}/v${parsed.version}.schema.json`;
    if (!artifact) {
      problems.push({
        kind: 'published-removed',
        file,
        message: publishedRemovedMessage(parsed.name, parsed.version),
      });
    } else if (sha256(artifact.content) !== hash) {
      const next = nextVersionOf(parsed.name, artifacts, lock);
      problems.push({
        kind: 'published-edited',
        file,
        message: publishedEditMessage(
          parsed.name,
          parsed.version,
          next,
          `its zod schema ${parsed.name}V${parsed.version}Schema no longer produces the published artifact`,
        ),
      });
    }
  }
  return problems;
}

/** Check 1: the committed artifacts, catalog, generated types and lock match what src/ generates. */
function checkStale(root: string, outputs: OutputFile[], expectedLock: string): Problem[] {
  const problems: Problem[] = [];
  const fix = `run \`${GENERATE_COMMAND}\` and commit the result`;
  const expected = new Map(outputs.map((o) => [o.path, o.content]));
  for (const output of outputs) {
    const actual = read(root, output.path);
    if (actual === undefined) {
      problems.push({ kind: 'stale', file: output.path, message: `${output.path} is missing; ${fix}.` });
    } else if (actual !== output.content) {
      problems.push({
        kind: 'stale',
        file: output.path,
        message: `${output.path} is stale (it differs from what the zod schemas in src/ generate); ${fix}.`,
      });
    }
  }
  for (const file of [
    ...listOwnedFiles(root, SCHEMAS_DIR),
    ...listOwnedFiles(root, GENERATED_DIR),
    ...listOwnedFiles(root, OPENAPI_DIR),
  ]) {
    if (!expected.has(file)) {
      problems.push({
        kind: 'stale',
        file,
        message: `${file} is not generated from any contract in src/catalog; ${fix} (it deletes the file).`,
      });
    }
  }
  if (read(root, LOCK_PATH) !== expectedLock) {
    problems.push({
      kind: 'stale',
      file: LOCK_PATH,
      message: `${LOCK_PATH} does not list exactly the generated versions; ${fix}.`,
    });
  }
  return problems;
}

/** Check 2a: every published artifact is on disk with exactly its recorded hash (the others are check 1's). */
function checkLock(root: string, artifacts: ArtifactInfo[], published: LockEntries): Problem[] {
  const problems: Problem[] = [];
  for (const [key, hash] of Object.entries(published)) {
    const parsed = parseLockKey(key);
    if (!parsed) {
      problems.push({
        kind: 'stale',
        file: LOCK_PATH,
        message: `${LOCK_PATH} has a malformed key "${key}".`,
      });
      continue;
    }
    const file = `${SCHEMAS_DIR}/${parsed.name}/v${parsed.version}.schema.json`;
    const content = read(root, file);
    if (content === undefined) {
      problems.push({
        kind: 'published-removed',
        file,
        message: publishedRemovedMessage(parsed.name, parsed.version),
      });
    } else if (sha256(content) !== hash) {
      const next = nextVersionOf(parsed.name, artifacts, published);
      problems.push({
        kind: 'published-edited',
        file,
        message: publishedEditMessage(
          parsed.name,
          parsed.version,
          next,
          `${file} was edited (its sha256 changed)`,
        ),
      });
    }
  }
  return problems;
}

/** Check 2b: artifacts and lock entries that exist at the base ref are unchanged in the working tree. */
function checkGit(
  root: string,
  artifacts: ArtifactInfo[],
  lock: LockEntries,
  published: LockEntries,
  prefix: string,
  base: BaseRef,
): Problem[] {
  const ref = base.ref;
  const problems: Problem[] = [];
  const listed = git(root, ['ls-tree', '-r', '--name-only', ref, '--', `${prefix}${SCHEMAS_DIR}`])
    .split('\n')
    .filter((p) => p.endsWith('.schema.json'));
  for (const full of listed) {
    const file = full.slice(prefix.length);
    const match = /^schemas\/([^/]+)\/v([0-9]+)\.schema\.json$/.exec(file);
    if (!match) continue;
    const [name, version] = [match[1]!, Number(match[2])];
    const before = git(root, ['show', `${ref}:${full}`]);
    const now = read(root, file);
    if (now === undefined) {
      problems.push({ kind: 'published-removed', file, message: publishedRemovedMessage(name, version) });
    } else if (now !== before) {
      problems.push({
        kind: 'published-edited',
        file,
        message: publishedEditMessage(
          name,
          version,
          nextVersionOf(name, artifacts, lock),
          `${file} differs from ${base.label}`,
        ),
      });
    }
  }
  for (const [key, hash] of Object.entries(published)) {
    if (lock[key] !== hash) {
      problems.push({
        kind: 'published-edited',
        file: LOCK_PATH,
        message: `${LOCK_PATH}: the entry for ${key} was ${lock[key] ? 'changed' : 'removed'} since ${base.label}; published entries are never rewritten. Restore it with \`git checkout ${ref} -- ${prefix}${LOCK_PATH}\` and run \`${GENERATE_COMMAND}\`.`,
      });
    }
  }
  return problems;
}

/** Keeps one problem per file: the most specific kind (a published edit explains a stale artifact), first found. */
function dedupe(problems: Problem[]): Problem[] {
  const best = new Map<string, Problem>();
  for (const p of problems) {
    const kept = best.get(p.file);
    if (kept === undefined || SEVERITY[p.kind] > SEVERITY[kept.kind]) best.set(p.file, p);
  }
  return [...best.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Runs every check against the package at options.root. */
export async function checkArtifacts(options: CheckOptions): Promise<CheckReport> {
  const artifacts = options.artifacts ?? buildArtifacts();
  const outputs = options.outputs ?? (await buildOutputs(artifacts));
  const lock = readLock(options.root);
  const published = readPublished(options.root, options.gitBase);
  const problems = [
    ...checkStale(options.root, outputs, serializeLock(nextLock(published.entries, artifacts))),
    ...findPublishedChanges(artifacts, published.entries),
    ...checkLock(options.root, artifacts, published.entries),
  ];
  const prefix = workTreePrefix(options.root);
  if ('ref' in published.git && prefix !== undefined) {
    problems.push(...checkGit(options.root, artifacts, lock, published.entries, prefix, published.git));
  }
  const git = 'ref' in published.git ? { base: published.git.label } : published.git;
  return { problems: dedupe(problems), git };
}

/** Human-readable report; ends with the command that fixes stale files when any are stale. */
export function formatReport(report: CheckReport): string {
  if (report.problems.length === 0) {
    const git =
      'base' in report.git ? `git base ${report.git.base}` : `git check skipped: ${report.git.skipped}`;
    return `contracts: artifacts, catalog and generated types are up to date; published versions unchanged (${git}).`;
  }
  const lines = [`contracts: ${report.problems.length} problem(s) with the committed artifacts:`];
  for (const p of report.problems) lines.push(`  ✖ [${p.kind}] ${p.message}`);
  const stale = report.problems.some((p) => p.kind === 'stale');
  const published = report.problems.some((p) => p.kind !== 'stale');
  if (published) lines.push('Fix: never edit a published version; add v<n+1> as described above.');
  if (stale)
    lines.push(
      `Fix: run \`${GENERATE_COMMAND}\` and commit schemas/, catalog.json, src/generated/ and openapi/.`,
    );
  return lines.join('\n');
}
