// Writes the generator output to disk: artifacts, catalog.json, src/generated/, and appends new
// versions to the published lock. Refuses (writes nothing) when a published version would change.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  buildArtifacts,
  buildOutputs,
  GENERATED_DIR,
  GenerateError,
  OPENAPI_DIR,
  SCHEMAS_DIR,
  sha256,
} from './artifacts.js';
import { findPublishedChanges, listOwnedFiles, type Problem } from './checks.js';
import { LOCK_PATH, lockKey, readLock, serializeLock } from './published.js';

export interface GenerateResult {
  written: string[];
  deleted: string[];
  /** Versions appended to the lock ("OrderPlaced/v3"). */
  locked: string[];
}

export class PublishedVersionChangedError extends GenerateError {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}

function writeIfChanged(root: string, file: string, content: string): boolean {
  const abs = join(root, file);
  let current: string | undefined;
  try {
    current = readFileSync(abs, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === content) return false;
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
  return true;
}

export async function generate(root: string): Promise<GenerateResult> {
  const artifacts = buildArtifacts();
  const lock = readLock(root);
  const changes = findPublishedChanges(artifacts, lock);
  if (changes.length > 0) throw new PublishedVersionChangedError(changes);

  const outputs = await buildOutputs(artifacts);
  const result: GenerateResult = { written: [], deleted: [], locked: [] };
  const expected = new Set(outputs.map((o) => o.path));
  for (const file of [
    ...listOwnedFiles(root, SCHEMAS_DIR),
    ...listOwnedFiles(root, GENERATED_DIR),
    ...listOwnedFiles(root, OPENAPI_DIR),
  ]) {
    if (!expected.has(file)) {
      rmSync(join(root, file));
      result.deleted.push(file);
    }
  }
  for (const output of outputs) {
    if (writeIfChanged(root, output.path, output.content)) result.written.push(output.path);
  }
  const nextLock = { ...lock };
  for (const a of artifacts) {
    const key = lockKey(a.name, a.version);
    if (!(key in nextLock)) {
      nextLock[key] = sha256(a.content);
      result.locked.push(key);
    }
  }
  if (writeIfChanged(root, LOCK_PATH, serializeLock(nextLock))) result.written.push(LOCK_PATH);
  return result;
}
