// `accord diff --base` on a contracts folder that exports a generator: the working side is what its
// TypeScript source produces now, so an edit without regenerating the committed artifacts is still judged.
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accord, git, object, tempDir, writeJson } from './helpers.js';

/** The workspace's node_modules: tsx (which runs the generator) resolves from the temp repository through it. */
const NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

const placedV1 = object({ id: { type: 'string' }, note: { type: 'string' } }, ['id']);

/** contracts/source.ts: the "zod sources" of this fake package, as JSON Schema per version. */
function writeSource(repo: string, versions: Record<number, unknown>): void {
  writeFileSync(
    join(repo, 'contracts/source.ts'),
    `export const versions: Record<number, unknown> = ${JSON.stringify(versions, null, 2)};\n`,
  );
}

/** The catalog and artifacts as committed files: what the generator produced at the last `generate`. */
function writeArtifacts(repo: string, versions: Record<number, unknown>): void {
  writeJson(repo, 'contracts/catalog.json', catalogFor(Object.keys(versions).map(Number)));
  for (const [v, schema] of Object.entries(versions))
    writeJson(repo, `contracts/schemas/OrderPlaced/v${v}.schema.json`, schema);
}

function catalogFor(versions: number[]) {
  return {
    contracts: [
      {
        name: 'OrderPlaced',
        kind: 'event',
        versions: versions.map((v) => ({
          version: v,
          status: 'current',
          schema: `schemas/OrderPlaced/v${v}.schema.json`,
        })),
      },
    ],
  };
}

const GENERATOR = `// What the source produces now, as @accord/contracts/generator returns it.
import { versions } from './source.ts';

const path = (v: number) => \`schemas/OrderPlaced/v\${v}.schema.json\`;

export function generatedContracts() {
  const list = Object.keys(versions).map(Number);
  return {
    catalog: {
      contracts: [
        { name: 'OrderPlaced', kind: 'event', versions: list.map((v) => ({ version: v, status: 'current', schema: path(v) })) },
      ],
    },
    artifacts: list.map((v) => ({ name: 'OrderPlaced', version: v, path: path(v), schema: versions[v] })),
  };
}
`;

let repo: string;
beforeEach(() => {
  repo = tempDir();
  symlinkSync(NODE_MODULES, join(repo, 'node_modules'));
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, '.gitignore'), 'node_modules\n');
  writeJson(repo, 'contracts/package.json', {
    name: 'fake-contracts',
    type: 'module',
    exports: { './generator': './generator.ts' },
  });
  writeFileSync(join(repo, 'contracts/generator.ts'), GENERATOR);
  writeSource(repo, { 1: placedV1 });
  writeArtifacts(repo, { 1: placedV1 });
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('accord diff --base with a generator', () => {
  it('passes when the source still produces the published artifacts', async () => {
    const r = await accord(['diff', '--base', 'HEAD'], repo);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('fails on a breaking source edit that was never regenerated', async () => {
    writeSource(repo, { 1: object({ note: { type: 'string' } }, []) });
    const r = await accord(['diff', '--base', 'HEAD'], repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '[published-edited] OrderPlaced v1 is published at HEAD and what its zod schema generates now differs from contracts/schemas/OrderPlaced/v1.schema.json there',
    );
    expect(r.stdout).toContain('required-property-removed at /properties/id');
  });

  it('checks a new version that exists only in the source against the earlier ones', async () => {
    writeSource(repo, { 1: placedV1, 2: object({ id: { type: 'string' } }, ['id', 'note']) });
    const r = await accord(['diff', '--base', 'HEAD', '--format', 'json'], repo);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).comparisons).toEqual([
      expect.objectContaining({ contract: 'OrderPlaced', version: 2, against: 1, compatible: false }),
    ]);
  });

  it('reports a version the source no longer generates as removed', async () => {
    writeSource(repo, {});
    const r = await accord(['diff', '--base', 'HEAD'], repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'OrderPlaced v1 is published at HEAD but the zod sources no longer generate it',
    );
  });

  it('exits 2 with the generator error when the source does not generate', async () => {
    writeFileSync(join(repo, 'contracts/source.ts'), 'export const versions = ;\n');
    const r = await accord(['diff', '--base', 'HEAD'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('contracts/: the zod sources do not generate');
  });
});
