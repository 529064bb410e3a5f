// The published-version lock: schemas/published.lock.json holds the sha256 of every artifact ever
// generated. The generator appends new versions and never rewrites an entry; the checks compare.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATE_COMMAND, serializeJson } from './artifacts.js';

export const LOCK_PATH = 'schemas/published.lock.json';

const LOCK_COMMENT =
  'sha256 of every published contract artifact. Appended by `npm run generate -w @accord/contracts`; ' +
  'entries are never changed or removed: a changed contract is a new version. See contracts/README.md.';

/** "OrderPlaced/v2" → "sha256:…" */
export type LockEntries = Record<string, string>;

export function lockKey(name: string, version: number): string {
  return `${name}/v${version}`;
}

export function parseLockKey(key: string): { name: string; version: number } | undefined {
  const match = /^([A-Za-z][A-Za-z0-9]*)\/v([1-9][0-9]*)$/.exec(key);
  return match ? { name: match[1]!, version: Number(match[2]) } : undefined;
}

export function parseLock(text: string): LockEntries {
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
