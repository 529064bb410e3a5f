// `accord diff --base <ref>` against a temporary git repository: new versions, edited/removed published ones, waivers.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { accord, git, object, tempDir, writeJson } from './helpers.js';

const placedV1 = object(
  { id: { type: 'string' }, note: { type: 'string' }, channel: { enum: ['web', 'pos'] } },
  ['id'],
);
const requestV1 = object({ sku: { type: 'string' } }, ['sku']);

function catalog(versions: { placed: number[]; request?: number[] }, compatibility?: string) {
  return {
    contracts: [
      {
        name: 'OrderPlaced',
        kind: 'event',
        ...(compatibility ? { compatibility } : {}),
        versions: versions.placed.map((v) => ({
          version: v,
          status: 'current',
          schema: `schemas/OrderPlaced/v${v}.schema.json`,
        })),
      },
      {
        name: 'CreateOrderRequest',
        kind: 'http-request',
        versions: (versions.request ?? [1]).map((v) => ({
          version: v,
          status: 'current',
          schema: `schemas/CreateOrderRequest/v${v}.schema.json`,
        })),
      },
    ],
  };
}

let repo: string;
beforeEach(() => {
  repo = tempDir();
  git(repo, 'init', '-q', '-b', 'main');
  writeJson(repo, 'contracts/catalog.json', catalog({ placed: [1] }));
  writeJson(repo, 'contracts/schemas/OrderPlaced/v1.schema.json', placedV1);
  writeJson(repo, 'contracts/schemas/CreateOrderRequest/v1.schema.json', requestV1);
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
});

function addPlacedV2(schema: unknown, compatibility?: string): void {
  writeJson(repo, 'contracts/schemas/OrderPlaced/v2.schema.json', schema);
  writeJson(repo, 'contracts/catalog.json', catalog({ placed: [1, 2] }, compatibility));
}

describe('accord diff --base', () => {
  it('passes when nothing changed, from any folder of the repository', async () => {
    mkdirSync(join(repo, 'deep/er'), { recursive: true });
    const r = await accord(['diff', '--base', 'main'], join(repo, 'deep/er'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('accepts an additive new version of an event (full-transitive)', async () => {
    addPlacedV2(object({ ...placedV1.properties, coupon: { type: 'string', default: '' } }, ['id']));
    const r = await accord(['diff', '--base', 'main', '--format', 'json'], repo);
    const out = JSON.parse(r.stdout);
    expect(r.code).toBe(0);
    expect(out.comparisons).toEqual([
      expect.objectContaining({
        contract: 'OrderPlaced',
        version: 2,
        against: 1,
        mode: 'full-transitive',
        compatible: true,
      }),
    ]);
    expect(out.changes.map((c: { rule: string }) => c.rule)).toEqual(['property-added']);
  });

  it('rejects a new event version that adds an enum value (breaks forward)', async () => {
    addPlacedV2(object({ ...placedV1.properties, channel: { enum: ['web', 'pos', 'api'] } }, ['id']));
    const r = await accord(['diff', '--base', 'main'], repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ OrderPlaced v2 vs v1 (full-transitive): 1 breaking');
    expect(r.stdout).toContain('BREAKING enum-value-added at /properties/channel/enum');
  });

  it("uses the catalog's compatibility mode", async () => {
    addPlacedV2(
      object({ ...placedV1.properties, channel: { enum: ['web', 'pos', 'api'] } }, ['id']),
      'backward',
    );
    expect((await accord(['diff', '--base', 'main'], repo)).code).toBe(0);
  });

  it('checks transitive modes against every earlier version', async () => {
    // v2 makes `note` required (fine forward), v3 drops it (fine vs v2 forward? no: v2 readers require it).
    addPlacedV2(object({ ...placedV1.properties }, ['id', 'note']), 'forward-transitive');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'v2');
    git(repo, 'branch', '-f', 'main');
    // v3 makes `note` optional again: compatible with v1 readers, not with v2 readers.
    writeJson(
      repo,
      'contracts/schemas/OrderPlaced/v3.schema.json',
      object({ ...placedV1.properties }, ['id']),
    );
    writeJson(repo, 'contracts/catalog.json', catalog({ placed: [1, 2, 3] }, 'forward-transitive'));
    const out = JSON.parse((await accord(['diff', '--base', 'main', '--format', 'json'], repo)).stdout);
    expect(
      out.comparisons.map((c: { against: number; compatible: boolean }) => [c.against, c.compatible]),
    ).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it('fails when a published version is edited, and shows what changed', async () => {
    writeJson(
      repo,
      'contracts/schemas/OrderPlaced/v1.schema.json',
      object({ id: { type: 'string' } }, ['id']),
    );
    const r = await accord(['diff', '--base', 'main'], repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[published-edited] OrderPlaced v1 is published at main');
    expect(r.stdout).toContain('add the change as v2');
    expect(r.stdout).toContain('property-removed at /properties/note');
  });

  it('ignores formatting-only rewrites of a published version', async () => {
    writeFileSync(join(repo, 'contracts/schemas/OrderPlaced/v1.schema.json'), JSON.stringify(placedV1));
    expect((await accord(['diff', '--base', 'main'], repo)).code).toBe(0);
  });

  it('fails when a published version is removed', async () => {
    rmSync(join(repo, 'contracts/schemas/CreateOrderRequest/v1.schema.json'));
    const r = await accord(['diff', '--base', 'main', '--format', 'markdown'], repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('`published-removed` CreateOrderRequest v1 is published at main');
  });

  it('checks a brand-new contract chain against its own earlier versions', async () => {
    git(repo, 'checkout', '-q', '--orphan', 'empty');
    git(repo, 'rm', '-rq', '--cached', '.');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'empty');
    git(repo, 'checkout', '-q', '-f', 'feature');
    writeJson(
      repo,
      'contracts/schemas/CreateOrderRequest/v2.schema.json',
      object({ sku: { type: 'string' }, qty: { type: 'integer' } }, ['sku', 'qty']),
    );
    writeJson(repo, 'contracts/catalog.json', catalog({ placed: [1], request: [1, 2] }));
    const out = JSON.parse((await accord(['diff', '--base', 'empty', '--format', 'json'], repo)).stdout);
    expect(
      out.comparisons.map(
        (c: { contract: string; version: number; against?: number; compatible: boolean }) => [
          c.contract,
          c.version,
          c.against ?? null,
          c.compatible,
        ],
      ),
    ).toEqual([
      ['OrderPlaced', 1, null, true],
      ['CreateOrderRequest', 1, null, true],
      ['CreateOrderRequest', 2, 1, false],
    ]);
  });

  it('exits 2 on an invalid new artifact, naming the file', async () => {
    addPlacedV2({ type: 'objekt' });
    const r = await accord(['diff', '--base', 'main'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'contracts/schemas/OrderPlaced/v2.schema.json: not a valid draft-07 JSON Schema',
    );
  });

  it('exits 2 on an unknown ref or outside a repository', async () => {
    expect((await accord(['diff', '--base', 'nope'], repo)).stderr).toContain('unknown git ref "nope"');
    const r = await accord(['diff', '--base', 'main'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not inside a git repository');
  });

  describe('waivers', () => {
    const breakingV2 = () =>
      addPlacedV2(object({ ...placedV1.properties, channel: { enum: ['web', 'pos', 'api'] } }, ['id']));
    const waiver = (extra: object = {}) => ({
      waivers: [
        {
          contract: 'OrderPlaced',
          version: 2,
          rule: 'enum-value-added',
          path: '/properties/channel/enum',
          reason: 'all consumers upgraded to the tolerant reader (INC-42)',
          expires: '2026-12-31',
          approvedBy: 'platform-team',
          ...extra,
        },
      ],
    });

    it('accepts a waived break from contracts/schema-waivers.json and shows it as waived', async () => {
      breakingV2();
      writeJson(repo, 'contracts/schema-waivers.json', waiver());
      const r = await accord(['diff', '--base', 'main'], repo);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('WAIVED   enum-value-added');
      expect(r.stdout).toContain('waived until 2026-12-31: all consumers upgraded');
      const md = await accord(['diff', '--base', 'main', '--format', 'markdown'], repo);
      expect(md.stdout).toContain('**Waived**');
    });

    it('reads YAML waiver files given with --waivers', async () => {
      breakingV2();
      writeFileSync(
        join(repo, 'w.yaml'),
        'waivers:\n  - rule: enum-value-added\n    path: /properties/channel/enum\n    contract: OrderPlaced\n    reason: reviewed\n    expires: 2026-12-31\n',
      );
      expect((await accord(['diff', '--base', 'main', '--waivers', 'w.yaml'], repo)).code).toBe(0);
    });

    it('does not apply a waiver for another contract version', async () => {
      breakingV2();
      writeJson(repo, 'contracts/schema-waivers.json', waiver({ version: 3 }));
      const r = await accord(['diff', '--base', 'main'], repo);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        'note: waiver #1 (enum-value-added at /properties/channel/enum) matched nothing',
      );
    });

    it('fails on an expired waiver and says which', async () => {
      breakingV2();
      writeJson(repo, 'contracts/schema-waivers.json', waiver({ expires: '2026-05-31' }));
      const r = await accord(['diff', '--base', 'main'], repo);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        '[waiver-expired] waiver #1 (enum-value-added at /properties/channel/enum, OrderPlaced v2) expired on 2026-05-31',
      );
      expect(r.stdout).toContain('BREAKING enum-value-added');
    });

    it('a waiver is valid through its expiry day', async () => {
      breakingV2();
      writeJson(repo, 'contracts/schema-waivers.json', waiver({ expires: '2026-06-01' }));
      expect((await accord(['diff', '--base', 'main'], repo, new Date('2026-06-01T23:59:00Z'))).code).toBe(0);
      expect((await accord(['diff', '--base', 'main'], repo, new Date('2026-06-02T00:00:00Z'))).code).toBe(1);
    });

    it('exits 2 on a malformed waiver file', async () => {
      writeJson(repo, 'contracts/schema-waivers.json', {
        waivers: [{ rule: 'no-such-rule', path: '/x', reason: 'r', expires: '2026-01-01' }],
      });
      const r = await accord(['diff', '--base', 'main'], repo);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('waiver #1 has an unknown "rule" "no-such-rule"');
    });
  });
});
