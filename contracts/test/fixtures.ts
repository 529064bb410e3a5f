// Loads the JSON fixtures in contracts/fixtures/: realistic valid documents per contract version and
// invalid ones written as JSON-Patch-style edits of a valid one, with the errors ajv and zod must report.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export interface ValidFixture {
  name: string;
  value: unknown;
}

export interface InvalidFixture {
  name: string;
  from: string;
  patch: PatchOp[];
  /** Every line formatValidationErrors must produce, in order. */
  ajv: string[];
  /** Every zod issue as "<dotted path or (root)>: <message>", in order. */
  zod: string[];
  value: unknown;
}

export interface FixtureFile {
  file: string;
  contract: string;
  version: number;
  valid: ValidFixture[];
  invalid: InvalidFixture[];
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Applies add/replace/remove (RFC 6902 semantics for these three) to a deep copy of `doc`. */
function applyPatch(doc: unknown, ops: readonly PatchOp[]): unknown {
  let root = structuredClone(doc);
  for (const op of ops) {
    if (op.path === '') {
      if (op.op === 'remove') throw new Error('cannot remove the root');
      root = structuredClone(op.value);
      continue;
    }
    const tokens = op.path.split('/').slice(1).map(unescapeToken);
    const last = tokens.pop()!;
    let parent = root as Record<string, unknown> | unknown[];
    for (const t of tokens) {
      const next = (parent as Record<string, unknown>)[t];
      if (next === null || typeof next !== 'object') throw new Error(`${op.path}: no container at ${t}`);
      parent = next as Record<string, unknown>;
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op.op === 'add') parent.splice(index, 0, structuredClone(op.value));
      else if (op.op === 'replace') parent[index] = structuredClone(op.value);
      else parent.splice(index, 1);
    } else if (op.op === 'remove') {
      if (!(last in parent)) throw new Error(`${op.path}: nothing to remove`);
      delete parent[last];
    } else {
      if (op.op === 'replace' && !(last in parent)) throw new Error(`${op.path}: nothing to replace`);
      parent[last] = structuredClone(op.value);
    }
  }
  return root;
}

export function loadFixtures(): FixtureFile[] {
  const files: FixtureFile[] = [];
  for (const contract of readdirSync(FIXTURES_DIR).sort()) {
    for (const name of readdirSync(join(FIXTURES_DIR, contract)).sort()) {
      const file = join(contract, name);
      const raw = JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8')) as Omit<FixtureFile, 'file'>;
      const invalid = raw.invalid.map((i) => {
        const base = raw.valid.find((v) => v.name === i.from);
        if (!base) throw new Error(`${file}: invalid fixture "${i.name}" starts from unknown "${i.from}"`);
        return { ...i, value: applyPatch(base.value, i.patch) };
      });
      files.push({ ...raw, file, invalid });
    }
  }
  return files;
}

/** zod issues as "<dotted path>: <message>" lines. */
export function zodMessages(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
}
