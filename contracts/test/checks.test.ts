// The staleness and published-edit checks, run against the committed package and against temp
// copies of it that are broken on purpose; plus the generator's append-only lock behaviour.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ArtifactInfo,
  buildArtifacts,
  buildOutputs,
  GENERATE_COMMAND,
  type OutputFile,
  serializeJson,
  sha256,
} from '../scripts/lib/artifacts.js';
import { type CheckReport, checkArtifacts, formatReport } from '../scripts/lib/checks.js';
import { generate, PublishedVersionChangedError } from '../scripts/lib/generate.js';
import { LOCK_PATH, readLock, serializeLock } from '../scripts/lib/published.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const FIX = `run \`${GENERATE_COMMAND}\``;

let artifacts: ArtifactInfo[];
let outputs: OutputFile[];
const temps: string[] = [];

beforeAll(async () => {
  artifacts = buildArtifacts();
  outputs = await buildOutputs(artifacts);
});

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the committed generator output (schemas/, catalog.json, src/generated/, openapi/). */
function copyPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-contracts-'));
  temps.push(dir);
  for (const part of ['schemas', 'catalog.json', 'src/generated', 'openapi']) {
    cpSync(join(PACKAGE, part), join(dir, part), { recursive: true });
  }
  return dir;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const path = join(root, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

async function check(root: string, gitBase: string | false = false): Promise<CheckReport> {
  return checkArtifacts({ root, gitBase, artifacts, outputs });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@accord.dev', '-c', 'user.name=ci', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

describe('the committed package', () => {
  it('is up to date and has no edited published version', async () => {
    const report = await checkArtifacts({ root: PACKAGE, artifacts, outputs });
    expect(report.problems).toEqual([]);
    expect(formatReport(report)).toContain('up to date');
  });

  it('regenerates byte-identically', async () => {
    expect(await buildOutputs(buildArtifacts())).toEqual(outputs);
    const result = await generate(copyPackage());
    expect(result).toEqual({
      written: [],
      deleted: [],
      locked: [],
      published: { skipped: 'not a git work tree' },
    });
  });

  it('writes canonical artifacts: sorted keys, 2-space JSON, trailing newline', () => {
    for (const a of artifacts) {
      expect(a.content.endsWith('}\n')).toBe(true);
      expect(a.content).toBe(serializeJson(a.schema));
      const keys = Object.keys(a.schema);
      expect(keys).toEqual([...keys].sort());
    }
  });
});

describe('check 1: stale artifacts, catalog or generated types', () => {
  it('fails when a generated type was edited, and says what to run', async () => {
    const root = copyPackage();
    edit(root, 'src/generated/OrderV1.ts', (t) => t.replace('customerId: string;', 'customerId: number;'));
    const report = await check(root);
    expect(report.problems).toEqual([
      {
        kind: 'stale',
        file: 'src/generated/OrderV1.ts',
        message: `src/generated/OrderV1.ts is stale (it differs from what the zod schemas in src/ generate); ${FIX} and commit the result.`,
      },
    ]);
    expect(formatReport(report)).toContain(
      `Fix: ${FIX} and commit schemas/, catalog.json, src/generated/ and openapi/.`,
    );
  });

  it('fails when catalog.json is missing or a stray artifact exists', async () => {
    const root = copyPackage();
    rmSync(join(root, 'catalog.json'));
    writeFileSync(join(root, 'schemas/Order/v9.schema.json'), '{}\n');
    const report = await check(root);
    expect(report.problems.map((p) => [p.kind, p.file])).toEqual([
      ['stale', 'catalog.json'],
      ['stale', 'schemas/Order/v9.schema.json'],
    ]);
    expect(report.problems[0]!.message).toBe(`catalog.json is missing; ${FIX} and commit the result.`);
    expect(report.problems[1]!.message).toContain('is not generated from any contract');
  });

  it('fails when the OpenAPI document was edited by hand or a stray document exists', async () => {
    const root = copyPackage();
    edit(root, 'openapi/orders-service.openapi.yaml', (t) => t.replace('"404":', '"410":'));
    writeFileSync(join(root, 'openapi/old.openapi.yaml'), 'openapi: 3.1.0\n');
    const report = await check(root);
    expect(report.problems.map((p) => [p.kind, p.file])).toEqual([
      ['stale', 'openapi/old.openapi.yaml'],
      ['stale', 'openapi/orders-service.openapi.yaml'],
    ]);
    expect(report.problems[1]!.message).toBe(
      `openapi/orders-service.openapi.yaml is stale (it differs from what the zod schemas in src/ generate); ${FIX} and commit the result.`,
    );
  });

  it('fails when a generated version is missing from the lock', async () => {
    const root = copyPackage();
    const lock = readLock(root);
    delete lock['OrderList/v1'];
    writeFileSync(join(root, LOCK_PATH), serializeLock(lock));
    const report = await check(root);
    expect(report.problems).toEqual([
      {
        kind: 'stale',
        file: LOCK_PATH,
        message: `${LOCK_PATH} does not list exactly the generated versions; ${FIX} and commit the result.`,
      },
    ]);
  });
});

describe('check 2: an already-published version was edited', () => {
  it('fails when a published artifact was edited by hand, and says to add v<n+1>', async () => {
    const root = copyPackage();
    edit(root, 'schemas/OrderPlaced/v1.schema.json', (t) => t.replace('"maxItems": 100', '"maxItems": 200'));
    const report = await check(root);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({
      kind: 'published-edited',
      file: 'schemas/OrderPlaced/v1.schema.json',
    });
    expect(report.problems[0]!.message).toContain('OrderPlaced v1 is already published');
    expect(report.problems[0]!.message).toContain(
      'add the change as OrderPlaced v3: export OrderPlacedV3Schema',
    );
    expect(formatReport(report)).toContain('never edit a published version; add v<n+1>');
  });

  it('fails when the zod source of a published version changed', async () => {
    const root = copyPackage();
    const changed = artifacts.map((a) =>
      a.name === 'Order' ? { ...a, content: a.content.replace('"maxItems": 100', '"maxItems": 50') } : a,
    );
    const report = await checkArtifacts({ root, gitBase: false, artifacts: changed, outputs });
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'published-edited',
        file: 'schemas/Order/v1.schema.json',
        message: expect.stringContaining(
          'its zod schema OrderV1Schema no longer produces the published artifact. A published version never changes',
        ),
      }),
    ]);
    expect(report.problems[0]!.message).toContain('add the change as Order v2');
  });

  it('fails when a published version disappears from the catalog', async () => {
    const root = copyPackage();
    const report = await checkArtifacts({
      root,
      gitBase: false,
      artifacts: artifacts.filter((a) => a.name !== 'OrderCancelled'),
      outputs,
    });
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'published-removed',
        file: 'schemas/OrderCancelled/v1.schema.json',
        message: expect.stringContaining('mark it "deprecated"'),
      }),
    );
  });

  it('catches an edit that also rewrote the lock, by comparing with git', async () => {
    const root = copyPackage();
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'published');
    expect((await check(root, 'HEAD')).problems).toEqual([]);

    // Someone edits ErrorResponseV1Schema, regenerates, and rewrites its lock entry by hand: every file
    // agrees with the changed source, so only the lock and the files at the git base can see the published edit.
    const changed = artifacts.map((a) => {
      if (a.name !== 'ErrorResponse') return a;
      const content = a.content.replace('"maxItems": 100', '"maxItems": 10');
      return { ...a, content, schema: JSON.parse(content) };
    });
    const changedOutputs = await buildOutputs(changed);
    for (const o of changedOutputs) writeFileSync(join(root, o.path), o.content);
    const lock = readLock(root);
    lock['ErrorResponse/v1'] = sha256(changed.find((a) => a.name === 'ErrorResponse')!.content);
    writeFileSync(join(root, LOCK_PATH), serializeLock(lock));

    const options = { root, artifacts: changed, outputs: changedOutputs };
    expect((await checkArtifacts({ ...options, gitBase: false })).problems).toEqual([]);
    const report = await checkArtifacts({ ...options, gitBase: 'HEAD' });
    expect(report.git).toEqual({ base: 'HEAD' });
    const published = report.problems.filter((p) => p.kind === 'published-edited');
    expect(published.map((p) => p.file)).toEqual(['schemas/ErrorResponse/v1.schema.json', LOCK_PATH]);
    expect(published[0]!.message).toContain(
      'its zod schema ErrorResponseV1Schema no longer produces the published artifact',
    );
    expect(published[0]!.message).toContain('add the change as ErrorResponse v2');
    expect(published[1]!.message).toContain('the entry for ErrorResponse/v1 was changed since HEAD');
  });

  it('skips the git comparison outside a work tree', async () => {
    const report = await checkArtifacts({ root: copyPackage(), artifacts, outputs });
    expect(report.git).toEqual({ skipped: 'not a git work tree' });
  });
});

describe('generate', () => {
  it('appends new versions to the lock and never rewrites existing entries', async () => {
    const root = copyPackage();
    const before = readLock(root);
    const lock = { ...before };
    delete lock['OrderList/v1'];
    writeFileSync(join(root, LOCK_PATH), serializeLock(lock));
    const result = await generate(root);
    expect(result.locked).toEqual(['OrderList/v1']);
    expect(readLock(root)).toEqual(before);
  });

  it('refuses to overwrite a published artifact and writes nothing', async () => {
    const root = copyPackage();
    const lock = readLock(root);
    lock['Order/v1'] = `sha256:${'0'.repeat(64)}`;
    writeFileSync(join(root, LOCK_PATH), serializeLock(lock));
    rmSync(join(root, 'catalog.json'));
    await expect(generate(root)).rejects.toBeInstanceOf(PublishedVersionChangedError);
    await expect(generate(root)).rejects.toThrow('Order v1 is already published');
    expect(existsSync(join(root, 'catalog.json'))).toBe(false);
  });

  it('deletes stray generated files and restores edited ones', async () => {
    const root = copyPackage();
    writeFileSync(join(root, 'src/generated/Stray.ts'), 'export {};\n');
    edit(root, 'catalog.json', (t) => t.replace('"deprecated"', '"current"'));
    const result = await generate(root);
    expect(result.deleted).toEqual(['src/generated/Stray.ts']);
    expect(result.written).toEqual(['catalog.json']);
    expect((await check(root)).problems).toEqual([]);
  });
});

describe('published means on the main branch', () => {
  /** The committed artifacts plus an OrderList v2 whose page size is `maxItems`. */
  const withOrderListV2 = (maxItems: number): ArtifactInfo[] => {
    const v1 = artifacts.find((a) => a.name === 'OrderList' && a.version === 1)!;
    const schema = {
      ...v1.schema,
      $id: v1.schema.$id!.toString().replace('v1', 'v2'),
      maxProperties: maxItems,
    };
    return [
      ...artifacts,
      { ...v1, version: 2, path: 'schemas/OrderList/v2.schema.json', schema, content: serializeJson(schema) },
    ];
  };

  it('lets a version that is not on main yet change, and refuses once it is there', async () => {
    const root = copyPackage();
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'published');
    git(root, 'checkout', '-q', '-b', 'feature');

    const first = await generate(root, { artifacts: withOrderListV2(50) });
    expect(first.locked).toEqual(['OrderList/v2']);
    expect(first.published).toMatchObject({ label: expect.stringMatching(/^main@[0-9a-f]{12}$/) });
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'OrderList v2');

    // Committed on the branch but not on main: fixing it is a regeneration, not a v3.
    const revised = withOrderListV2(20);
    expect((await generate(root, { artifacts: revised })).locked).toEqual(['OrderList/v2']);
    const report = await checkArtifacts({ root, artifacts: revised, outputs: await buildOutputs(revised) });
    expect(report.problems).toEqual([]);
    git(root, 'commit', '-q', '-am', 'OrderList v2: smaller pages');

    git(root, 'checkout', '-q', 'main');
    git(root, 'merge', '-q', '--ff-only', 'feature');
    await expect(generate(root, { artifacts: withOrderListV2(10) })).rejects.toThrow(
      'OrderList v2 is already published (schemas/published.lock.json) and its zod schema OrderListV2Schema no longer produces the published artifact',
    );
  });

  it('counts nothing as published before the first commit', async () => {
    const root = copyPackage();
    git(root, 'init', '-q', '-b', 'main');
    const lock = readLock(root);
    lock['Order/v1'] = `sha256:${'0'.repeat(64)}`;
    writeFileSync(join(root, LOCK_PATH), serializeLock(lock));
    const result = await generate(root);
    expect(result.published).toEqual({ skipped: 'no commit to compare against yet' });
    expect(result.locked).toEqual(['Order/v1']);
    expect(readLock(root)['Order/v1']).toBe(sha256(artifacts.find((a) => a.name === 'Order')!.content));
  });
});

describe('CLIs', () => {
  const tsx = join(PACKAGE, '../node_modules/.bin/tsx');

  it('check-artifacts exits 1 and prints the fix command when stale', () => {
    const root = copyPackage();
    edit(root, 'src/generated/index.ts', (t) => `${t}// edited\n`);
    const run = spawnSync(tsx, [join(PACKAGE, 'scripts/check-artifacts.ts'), '--root', root, '--no-git'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('src/generated/index.ts is stale');
    expect(run.stderr).toContain(`Fix: ${FIX}`);
  });

  it('generate exits 1 and explains how to add a version when a published one would change', () => {
    const root = copyPackage();
    const lock = readLock(root);
    lock['OrderPlaced/v2'] = `sha256:${'f'.repeat(64)}`;
    writeFileSync(join(root, LOCK_PATH), serializeLock(lock));
    const run = spawnSync(tsx, [join(PACKAGE, 'scripts/generate.ts'), '--root', root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refusing to regenerate');
    expect(run.stderr).toContain('add the change as OrderPlaced v3');
  });
});
