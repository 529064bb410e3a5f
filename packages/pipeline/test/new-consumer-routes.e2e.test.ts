// `accord new consumer` for every route of orders-service's response contracts and every version of its events in
// the catalog: each scaffolded pact test passes, and the real orders-service verification (its own
// `verify:pacts` script, on the pact files) honours every interaction as generated.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '../src/workspace.js';
import { cleanEnv } from './support/env.js';
import { copyWorkspace, type WorkspaceCopy } from './support/workspace-copy.js';

const PROVIDER = 'orders-service';
let copy: WorkspaceCopy;

interface Contract {
  name: string;
  kind: string;
  owner: string;
  endpoints?: Array<{ method: string; path: string; status?: number }>;
  versions: Array<{ version: number }>;
}

function run(file: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(file, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(() => {
  copy = copyWorkspace(findWorkspaceRoot(import.meta.dirname), 'accord-new-consumer-routes-');
});

afterAll(() => copy?.remove());

describe('accord new consumer, for the whole catalog', () => {
  it('scaffolds a consumer per HTTP response contract and event version; orders-service verifies every interaction', async () => {
    const catalog = JSON.parse(readFileSync(join(copy.root, 'contracts/catalog.json'), 'utf8')) as {
      contracts: Contract[];
    };
    const owned = catalog.contracts.filter((c) => c.owner === PROVIDER);
    // Response contracts at their current version (every route); events at every version, since a lagging
    // consumer reads an older one (orders-service answers every version's description with what it publishes).
    const scaffolds = [
      ...owned.filter((c) => c.kind === 'http-response').map((c) => ['--http', c.name, undefined] as const),
      ...owned
        .filter((c) => c.kind === 'event')
        .flatMap((c) => c.versions.map((v) => ['--event', c.name, v.version] as const)),
    ];
    // The catalog's routes (method, path, status) of every response contract: what must come out verified.
    const routes = owned.flatMap((c) =>
      c.kind === 'http-response'
        ? (c.endpoints ?? []).map((e) => `${e.method} ${e.path} → ${e.status ?? 200}`)
        : [],
    );
    expect(routes.length).toBeGreaterThanOrEqual(10);

    const dirs: string[] = [];
    for (const [flag, contract, version] of scaffolds) {
      const name = `all-${contract.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}${version ? `-v${version}` : ''}`;
      const made = await run(
        process.execPath,
        [
          'packages/cli/dist/bin/accord.js',
          'new',
          'consumer',
          name,
          '--provider',
          PROVIDER,
          flag,
          contract,
          ...(version ? ['--version', String(version)] : []),
        ],
        copy.root,
      );
      expect(made.code, made.out).toBe(0);
      const dir = join(copy.root, 'consumers', name);
      const pact = await run(join(copy.root, 'node_modules/.bin/vitest'), ['run'], dir);
      expect(pact.code, `${name}: ${pact.out}`).toBe(0);
      dirs.push(join(dir, 'pacts'));
    }

    const verify = await run(
      'npm',
      ['run', 'verify:pacts', '--workspace', `providers/${PROVIDER}`],
      copy.root,
      {
        PACT_DIRS: dirs.join(','),
        PACT_DO_NOT_TRACK: 'true',
      },
    );
    const out = stripVTControlCharacters(verify.out);
    expect(verify.code, out).toBe(0);
    expect(out).toContain(`verifying ${PROVIDER} against ${dirs.length} local pact file(s)`);
    expect(out).not.toContain('FAILED');
    for (const route of routes) expect(out, route).toContain(`  ${route} (`);
    for (const [flag, contract, version] of scaffolds) {
      if (flag === '--event') expect(out).toContain(`  an ${contract} v${version} event (`);
    }
  }, 120_000);
});
