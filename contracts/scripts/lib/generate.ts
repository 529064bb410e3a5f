// Writes the generator output to disk: artifacts, catalog.json, src/generated/, and the lock (published
// entries kept, the others recorded as generated). Refuses (writes nothing) when a published version would change.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type ArtifactInfo,
  buildArtifacts,
  buildOutputs,
  GENERATED_DIR,
  GenerateError,
  OPENAPI_DIR,
  SCHEMAS_DIR,
} from './artifacts.js';
import { findPublishedChanges, listOwnedFiles, type Problem } from './checks.js';
import {
  LOCK_PATH,
  nextLock,
  type PublishedVersions,
  readLock,
  readPublished,
  serializeLock,
} from './published.js';

export interface GenerateResult {
  written: string[];
  deleted: string[];
  /** Versions whose lock entry was added or re-recorded ("OrderPlaced/v3"); none of them is published yet. */
  locked: string[];
  /** Where the published versions were read from. */
  published: PublishedVersions['git'];
}

export interface GenerateOptions {
  /** The git ref whose versions count as published (default: see readPublished). */
  base?: string | false;
  /** Prebuilt generator output (tests change it); built from src/ when absent. */
  artifacts?: ArtifactInfo[];
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

export async function generate(root: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const artifacts = options.artifacts ?? buildArtifacts();
  const published = readPublished(root, options.base);
  const changes = findPublishedChanges(artifacts, published.entries);
  if (changes.length > 0) throw new PublishedVersionChangedError(changes);

  const outputs = await buildOutputs(artifacts);
  const result: GenerateResult = { written: [], deleted: [], locked: [], published: published.git };
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
  const lock = readLock(root);
  const next = nextLock(published.entries, artifacts);
  for (const [key, hash] of Object.entries(next)) if (lock[key] !== hash) result.locked.push(key);
  result.locked.sort();
  if (writeIfChanged(root, LOCK_PATH, serializeLock(next))) result.written.push(LOCK_PATH);
  return result;
}
