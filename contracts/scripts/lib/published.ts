// The published-version lock: schemas/published.lock.json holds the sha256 of every generated artifact.
// A version is published once its entry is on the main branch (the lock at the base ref); those entries
// never change. Entries of versions not there yet follow the source until they land.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ArtifactInfo, GENERATE_COMMAND, serializeJson, sha256 } from './artifacts.js';
import { type BaseRef, defaultBase, git, refExists, workTreePrefix } from './git.js';

export const LOCK_PATH = 'schemas/published.lock.json';

const LOCK_COMMENT =
  'sha256 of every contract artifact, written by `npm run generate -w @accord/contracts`. A version is ' +
  'published once its entry is on the main branch; from then on it is never changed or removed: a changed ' +
  'contract is a new version. See contracts/README.md.';

/** "OrderPlaced/v2" → "sha256:…" */
export type LockEntries = Record<string, string>;

export function lockKey(name: string, version: number): string {
  return `${name}/v${version}`;
}

export function parseLockKey(key: string): { name: string; version: number } | undefined {
  const match = /^([A-Za-z][A-Za-z0-9]*)\/v([1-9][0-9]*)$/.exec(key);
  return match ? { name: match[1]!, version: Number(match[2]) } : undefined;
}

function parseLock(text: string): LockEntries {
  const parsed = JSON.parse(text) as { published?: unknown };
  const entries = parsed.published;
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
    throw new Error(`${LOCK_PATH} has no "published" object`);
  }
  return entries as LockEntries;
}

/** The lock entries at `root`, or none when the file does not exist yet. */
export function readLock(root: string): LockEntries {
  const file = join(root, LOCK_PATH);
  return existsSync(file) ? parseLock(readFileSync(file, 'utf8')) : {};
}

/** The versions that count as published, and the git base that decided it. */
export interface PublishedVersions {
  entries: LockEntries;
  /** The base ref asked, or why git was not asked (then every entry of the lock on disk counts). */
  git: BaseRef | { skipped: string };
}

/**
 * The published versions: the lock at the base ref (`base`, else where this branch forked from main,
 * see defaultBase); before the first commit, none. Outside a git work tree, with `base: false`, or
 * with a base that does not exist, every entry of the lock on disk counts (the strict reading).
 */
export function readPublished(root: string, base?: string | false): PublishedVersions {
  const onDisk = (skipped: string): PublishedVersions => ({ entries: readLock(root), git: { skipped } });
  if (base === false) return onDisk('disabled');
  const prefix = workTreePrefix(root);
  if (prefix === undefined) return onDisk('not a git work tree');
  if (base !== undefined && !refExists(root, base)) return onDisk(`ref ${base} does not exist`);
  const at = base === undefined ? defaultBase(root) : { ref: base, label: base };
  if (at === undefined) return { entries: {}, git: { skipped: 'no commit to compare against yet' } };
  let text: string;
  try {
    text = git(root, ['show', `${at.ref}:${prefix}${LOCK_PATH}`]);
  } catch {
    // No lock at the base yet: nothing is published there.
    return { entries: {}, git: at };
  }
  return { entries: parseLock(text), git: at };
}

/** The lock the generator writes: the published entries as they are, every other version as generated now. */
export function nextLock(published: LockEntries, artifacts: readonly ArtifactInfo[]): LockEntries {
  const next: LockEntries = { ...published };
  for (const a of artifacts) next[lockKey(a.name, a.version)] ??= sha256(a.content);
  return next;
}

export function serializeLock(entries: LockEntries): string {
  const sorted: LockEntries = {};
  for (const key of Object.keys(entries).sort()) sorted[key] = entries[key]!;
  return serializeJson({ $comment: LOCK_COMMENT, published: sorted });
}

/** The message for a published version whose artifact would change: how to do it as a new version. */
export function publishedEditMessage(
  name: string,
  version: number,
  nextVersion: number,
  cause: string,
): string {
  return (
    `${name} v${version} is already published (${LOCK_PATH}) and ${cause}. ` +
    `A published version never changes: restore schemas/${name}/v${version}.schema.json and ${name}V${version}Schema, ` +
    `then add the change as ${name} v${nextVersion}: export ${name}V${nextVersion}Schema, register it in ` +
    `src/catalog/registry.ts and src/catalog/definitions.ts, and run \`${GENERATE_COMMAND}\`.`
  );
}

export function publishedRemovedMessage(name: string, version: number): string {
  return (
    `${name} v${version} is published (${LOCK_PATH}) but is no longer in the catalog. ` +
    `Published versions are never removed: restore it and mark it "deprecated" in src/catalog/definitions.ts.`
  );
}
