// `accord new consumer` for every route and every event of orders-service's contracts in the catalog: each
// scaffolded pact test passes, and the real orders-service verification (its own `verify:pacts` script, on
// the pact files) honours every interaction as generated.
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
  it('scaffolds a consumer per HTTP response contract and event; orders-service verifies every interaction', async () => {
    const catalog = JSON.parse(readFileSync(join(copy.root, 'contracts/catalog.json'), 'utf8')) as {
      contracts: Contract[];
    };
    const owned = catalog.contracts.filter((c) => c.owner === PROVIDER);
    const scaffolds = [
      ...owned.filter((c) => c.kind === 'http-response').map((c) => ['--http', c.name] as const),
      ...owned.filter((c) => c.kind === 'event').map((c) => ['--event', c.name] as const),
    ];
    // The catalog's routes (method, path, status) of every response contract: what must come out verified.
    const routes = owned.flatMap((c) =>
      c.kind === 'http-response'
        ? (c.endpoints ?? []).map((e) => `${e.method} ${e.path} → ${e.status ?? 200}`)
        : [],
    );
    expect(routes.length).toBeGreaterThanOrEqual(10);

    const dirs: string[] = [];
    for (const [flag, contract] of scaffolds) {
      const name = `all-${contract.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;
      const made = await run(
        process.execPath,
        ['packages/cli/dist/bin/accord.js', 'new', 'consumer', name, '--provider', PROVIDER, flag, contract],
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
    for (const [flag, contract] of scaffolds) {
      if (flag === '--event') expect(out).toMatch(new RegExp(`  an ${contract} v\\d+ event \\(`));
    }
  }, 120_000);
});
