// `accord diff OLD NEW`: exit codes, formats, directions, strict readers, bad input.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { accord, object, tempDir, writeJson } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
  writeJson(dir, 'v1.json', object({ id: { type: 'string' }, status: { enum: ['open', 'closed'] } }, ['id']));
  writeJson(
    dir,
    'v2-additive.json',
    object({ id: { type: 'string' }, status: { enum: ['open', 'closed'] }, note: { type: 'string' } }, [
      'id',
    ]),
  );
  writeJson(
    dir,
    'v2-enum.json',
    object({ id: { type: 'string' }, status: { enum: ['open', 'closed', 'held'] } }, ['id']),
  );
  writeJson(
    dir,
    'v2-required.json',
    object({ id: { type: 'string' }, status: { enum: ['open', 'closed'] }, at: { type: 'string' } }, [
      'id',
      'at',
    ]),
  );
  writeJson(dir, 'invalid.json', { type: 'object', properties: { a: { type: 'strng' } } });
  writeJson(dir, 'badref.json', { properties: { a: { $ref: '#/$defs/Nope' } } });
  writeFileSync(join(dir, 'broken.json'), '{ "type": ');
});

describe('accord diff OLD NEW', () => {
  it('exits 0 for an additive change and says so', async () => {
    const r = await accord(['diff', 'v1.json', 'v2-additive.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('property-added at /properties/note');
    expect(r.stdout).toContain('Result: compatible');
  });

  it('exits 1 on a breaking change in the asked direction only', async () => {
    expect((await accord(['diff', 'v1.json', 'v2-enum.json'], dir)).code).toBe(1);
    expect((await accord(['diff', 'v1.json', 'v2-enum.json', '--direction', 'backward'], dir)).code).toBe(0);
    expect((await accord(['diff', 'v1.json', 'v2-enum.json', '--direction', 'forward'], dir)).code).toBe(1);
    expect((await accord(['diff', 'v1.json', 'v2-required.json', '--direction', 'forward'], dir)).code).toBe(
      0,
    );
  });

  it('judges readers as written with --strict-readers', async () => {
    expect((await accord(['diff', 'v1.json', 'v2-additive.json', '--strict-readers'], dir)).code).toBe(1);
  });

  it('prints the documented JSON shape', async () => {
    const r = await accord(['diff', 'v1.json', 'v2-required.json', '--format', 'json'], dir);
    const out = JSON.parse(r.stdout);
    expect(out.compatible).toBe(false);
    expect(out.changes).toEqual([
      expect.objectContaining({
        rule: 'required-property-added',
        path: '/properties/at',
        oldPath: '',
        newPath: '/properties/at',
        breaking: true,
        breaks: { backward: true, forward: false },
        message: 'required property "at" added',
        after: { type: 'string' },
        witness: {
          backward: {
            direction: 'backward',
            instance: { id: expect.any(String) },
            instancePath: '/at',
            writer: 'OLD',
            reader: 'NEW',
          },
        },
      }),
    ]);
  });

  it('shows the witness of a break in text and markdown', async () => {
    const text = await accord(['diff', 'v1.json', 'v2-enum.json'], dir);
    expect(text.stdout).toMatch(
      /witness \(forward: accepted by NEW, rejected by OLD at \/status\): \{.*"status":"held".*\}/,
    );
    const md = await accord(['diff', 'v1.json', 'v2-enum.json', '--format', 'markdown'], dir);
    expect(md.stdout).toContain('Witness (forward: accepted by NEW, rejected by OLD at /status):');
    expect(md.stdout).toMatch(/```json\n[^`]*"status": "held"[^`]*```/);
  });

  it('reads schemas without $schema as draft-07 unless --default-dialect says otherwise', async () => {
    writeJson(dir, 'tuple1.json', { type: 'array', prefixItems: [{ type: 'string' }], items: false });
    writeJson(dir, 'tuple2.json', {
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'string' }],
      items: false,
    });
    // draft-07: prefixItems is not a keyword, items: false allows only the empty array in both.
    expect((await accord(['diff', 'tuple1.json', 'tuple2.json'], dir)).code).toBe(0);
    expect(
      (await accord(['diff', 'tuple1.json', 'tuple2.json', '--default-dialect', '2020-12'], dir)).code,
    ).toBe(1);
    const bad = await accord(['diff', 'tuple1.json', 'tuple2.json', '--default-dialect', 'draft-03'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--default-dialect must be one of draft-04, draft-06, draft-07, 2019-09, 2020-12',
    );
  });

  it('prints a markdown comment with the marker, verdict first', async () => {
    const r = await accord(['diff', 'v1.json', 'v2-enum.json', '--format', 'markdown'], dir);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('<!-- accord-schema-diff -->');
    expect(lines[1]).toMatch(/^### ❌ Schema diff: 1 breaking change/);
    expect(r.stdout).toContain('`enum-value-added` at `/properties/status/enum`');
    expect(r.stdout).toContain('<details>');
  });

  it.each([
    [['diff', 'missing.json', 'v1.json'], /cannot read missing\.json: file not found/],
    [['diff', 'broken.json', 'v1.json'], /broken\.json is not valid JSON/],
    [['diff', 'v1.json', 'invalid.json'], /invalid\.json: not a valid draft-07 JSON Schema/],
    [
      ['diff', 'badref.json', 'v1.json'],
      /badref\.json: cannot resolve \$ref "#\/\$defs\/Nope" at \/properties\/a/,
    ],
    [['diff', 'v1.json'], /expected OLD\.json and NEW\.json/],
    [['diff', 'v1.json', 'v1.json', '--format', 'xml'], /--format must be/],
    [['diff', 'v1.json', 'v1.json', '--nope'], /unknown option --nope/],
  ])('exits 2 on bad input: %j', async (args, message) => {
    const r = await accord(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('rejects unknown commands with usage', async () => {
    const r = await accord(['frobnicate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: accord <command>');
  });

  it('runs as a built executable', () => {
    const bin = fileURLToPath(new URL('../dist/bin/accord.js', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'diff', 'v1.json', 'v2-additive.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, [bin, 'diff', 'v1.json', 'v2-enum.json', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).compatible).toBe(false);
    expect(execFileSync(process.execPath, [bin, 'diff', '--help'], { encoding: 'utf8' })).toContain(
      'Exit codes',
    );
  });
});

describe('accord diff OLD NEW with $refs to other files', () => {
  let refs: string;
  beforeAll(() => {
    refs = tempDir();
    const order = {
      type: 'object',
      properties: {
        ship: { $ref: 'address.json#/definitions/Address' },
        rules: { $ref: 'http://json-schema.org/draft-07/schema#' },
      },
    };
    const address = (required: string[], countries: string[]) => ({
      definitions: {
        Address: {
          type: 'object',
          required,
          properties: { street: { type: 'string' }, country: { $ref: 'common/country.json' } },
        },
      },
      countries,
    });
    for (const [side, required, countries] of [
      ['old', ['street'], ['DE', 'FR']],
      ['new', ['street', 'country'], ['DE', 'FR']],
      ['same', ['street'], ['DE', 'FR']],
    ] as const) {
      writeJson(refs, `${side}/order.json`, order);
      writeJson(refs, `${side}/address.json`, address([...required], [...countries]));
      writeJson(refs, `${side}/common/country.json`, { enum: countries });
    }
    writeJson(refs, 'lost/order.json', order);
    writeJson(refs, 'lost/address.json', address(['street'], ['DE']));
  });

  it('reads the files the references reach beside each schema and judges changes made in them', async () => {
    const same = await accord(['diff', 'old/order.json', 'same/order.json'], refs);
    expect(same.stdout).toContain('Result: compatible');
    expect(same.code).toBe(0);
    const r = await accord(['diff', 'old/order.json', 'new/order.json', '--format', 'json'], refs);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const change = report.changes.find((c: { breaking: boolean }) => c.breaking);
    expect(change.path).toMatch(/^\/definitions\/address\.json\/definitions\/Address\//);
    expect(change.witness.backward.instance).toEqual({ ship: { street: expect.any(String) } });
  });

  it('exits 2 naming the file a reference does not find', async () => {
    const r = await accord(['diff', 'old/order.json', 'lost/order.json'], refs);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot resolve $ref "common/country.json"');
    expect(r.stderr).toContain('of address.json');
    expect(r.stderr).toContain('lost/common/country.json');
  });
});
