// The root README's three jobs, run as a new user runs them, in a fresh clone with a real `npm ci`: add an HTTP
// and an event consumer (`npx accord new consumer …`, `npm install`, `npm start -- --exit`: the real
// orders-service verifies both, can-i-deploy lets them deploy); review a breaking zod edit nobody regenerated
// (`npx accord diff --base HEAD` fails); revise a contract version that is not on main yet.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '../src/workspace.js';
import { cleanEnv } from './support/env.js';
import { copyWorkspace, type WorkspaceCopy } from './support/workspace-copy.js';

let clone: WorkspaceCopy;

/** Runs a command line of the README in the clone (no shell: the words as the README writes them). */
function sh(line: string): Promise<{ code: number | null; out: string }> {
  const words = [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  return new Promise((resolve) => {
    const child = spawn(words[0]!, words.slice(1), {
      cwd: clone.root,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

function edit(path: string, from: string, to: string): void {
  const file = join(clone.root, path);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`"${from.trim()}" not found in ${path}`);
  writeFileSync(file, text.replace(from, to));
}

beforeAll(async () => {
  clone = copyWorkspace(findWorkspaceRoot(import.meta.dirname), 'accord-readme-', {
    install: { env: cleanEnv() },
  });
  // The quick start builds before anything else (`npm start` does it too); from the checkout's turbo cache.
  const build = await sh('npm run build');
  if (build.code !== 0) throw new Error(`npm run build failed:\n${build.out}`);
}, 240_000);

afterAll(() => clone?.remove());

describe('Add a consumer contract', () => {
  it('npx accord new consumer (--http Order, --event OrderPlaced), npm install, npm start -- --exit: verified and deployed', async () => {
    const http = await sh('npx accord new consumer billing-web --provider orders-service --http Order');
    expect(http.code, http.out).toBe(0);
    expect(http.out).toContain('  GET /orders/{id} → 200 (given "an order with the id exists")');
    const event = await sh(
      'npx accord new consumer billing-events --provider orders-service --event OrderPlaced',
    );
    expect(event.code, event.out).toBe(0);
    const install = await sh('npm install');
    expect(install.code, install.out).toBe(0);

    const run = await sh('npm start -- --exit');
    expect(run.code, run.out).toBe(0);
    const version = run.out.match(/accord pipeline · version (\S+)/)?.[1];
    expect(version, run.out).toBeDefined();
    const short = version!.replace(/^([0-9a-f]{12})[0-9a-f]{28}/, '$1');
    // Step 4 shows each pact: both new ones passed the real orders-service verification.
    expect(run.out).toContain(`✔ billing-web ${short}: passed`);
    expect(run.out).toContain(`✔ billing-events ${short}: passed`);
    expect(run.out).toMatch(/✔ \[4\/7\] provider verification ok \(/);
    expect(run.out).not.toContain('✖');
    for (const name of ['billing-web', 'billing-events']) {
      expect(run.out).toMatch(
        new RegExp(`^${name}\\s+consumer\\s+${short}\\s+yes \\(deployed\\)\\s+yes \\(deployed\\)$`, 'm'),
      );
    }
  }, 180_000);
});

describe('Review a schema diff', () => {
  it('a breaking zod edit that was never regenerated fails `npx accord diff --base HEAD`', async () => {
    edit(
      'contracts/src/orders/http.ts',
      'export const OrderV1Schema = z\n  .strictObject({\n    id: OrderIdSchema,\n    customerId: CustomerIdSchema,\n',
      'export const OrderV1Schema = z\n  .strictObject({\n    id: OrderIdSchema,\n',
    );
    try {
      const diff = await sh('npx accord diff --base HEAD');
      expect(diff.code, diff.out).toBe(1);
      expect(diff.out).toContain(
        '[published-edited] Order v1 is published at HEAD and what its zod schema generates now differs from contracts/schemas/Order/v1.schema.json there',
      );
      expect(diff.out).toContain('required-property-removed at /properties/customerId');
      expect(diff.out).toContain('Result: BREAKING');
    } finally {
      clone.git('checkout', '--', 'contracts');
    }
  }, 60_000);

  it('a new version can be fixed and regenerated until it is on main, then it is published', async () => {
    const addV2 = (field: string) => {
      const http = join(clone.root, 'contracts/src/orders/http.ts');
      const text = readFileSync(http, 'utf8').replace(/\n\/\*\* Order v2\. \*\/[\s\S]*$/, '\n');
      writeFileSync(
        http,
        `${text}\n/** Order v2. */\nexport const OrderV2Schema = OrderV1Schema.extend({ ${field}: z.boolean().optional() });\n`,
      );
    };
    addV2('giftWarp');
    edit(
      'contracts/src/catalog/registry.ts',
      '  OrderV1Schema,\n} from',
      '  OrderV1Schema,\n  OrderV2Schema,\n} from',
    );
    edit(
      'contracts/src/catalog/registry.ts',
      'Order: { 1: OrderV1Schema },',
      'Order: { 1: OrderV1Schema, 2: OrderV2Schema },',
    );
    edit(
      'contracts/src/catalog/definitions.ts',
      "    description: 'An order with its status, lines, total and timestamps.',\n    versions: [{ version: 1, status: 'current' }],",
      "    description: 'An order with its status, lines, total and timestamps.',\n    versions: [\n      { version: 1, status: 'current' },\n      { version: 2, status: 'current' },\n    ],",
    );
    const first = await sh('npm run generate -w @accord/contracts');
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/locked {2}Order\/v2 \(not published at main@[0-9a-f]{12}: may still change\)/);

    // The typo is fixed in the uncommitted v2: regenerating is allowed (it is not on main).
    addV2('giftWrap');
    const fixed = await sh('npm run generate -w @accord/contracts');
    expect(fixed.code, fixed.out).toBe(0);
    expect(readFileSync(join(clone.root, 'contracts/schemas/Order/v2.schema.json'), 'utf8')).toContain(
      '"giftWrap"',
    );

    // On main it is published: the next edit must be v3.
    clone.git('add', '-A');
    clone.git('commit', '-q', '-m', 'contracts: Order v2 adds giftWrap');
    addV2('giftWrapped');
    const refused = await sh('npm run generate -w @accord/contracts');
    expect(refused.code, refused.out).toBe(1);
    expect(refused.out).toContain('Order v2 is already published');
    expect(refused.out).toContain('add the change as Order v3');
  }, 60_000);
});
