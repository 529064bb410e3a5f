// Tests `accord new consumer`: both kinds scaffold a package that typechecks, lints and whose pact test
// passes (run for real in a temp workspace), with the provider's declared states; bad input is refused
// with exit code 2. That orders-service verifies what is generated is pipeline/test/new-consumer-routes.e2e.test.ts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../io.js';
import { run } from '../main.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
let root: string;

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  const value: Io = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    cwd,
    now: () => new Date('2026-11-26T09:00:00Z'),
  };
  return { io: value, out };
}

/** Runs a workspace binary inside the scaffolded package. */
function bin(name: string, args: string[], cwd: string) {
  return spawnSync(join(root, 'node_modules', '.bin', name), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

beforeAll(() => {
  // A minimal workspace: root config files, providers/orders-service, node_modules shared with the checkout.
  root = mkdtempSync(join(tmpdir(), 'accord-new-consumer-'));
  for (const f of ['package.json', 'turbo.json', 'tsconfig.base.json', 'biome.json'])
    copyFileSync(join(repo, f), join(root, f));
  // orders-service with its provider-state declaration; payments declares none.
  mkdirSync(join(root, 'providers', 'orders-service', 'test', 'pact'), { recursive: true });
  for (const f of ['package.json', 'test/pact/provider-states.json'])
    copyFileSync(join(repo, 'providers/orders-service', f), join(root, 'providers/orders-service', f));
  mkdirSync(join(root, 'providers', 'payments'), { recursive: true });
  mkdirSync(join(root, 'consumers'));
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('accord new consumer', () => {
  it.each([
    ['--http', 'Order', 'billing-web', 'order.pact.test.ts'],
    ['--event', 'OrderPlaced', 'audit-log', 'order-placed.pact.test.ts'],
  ])(
    '%s %s: scaffolds a package whose pact test passes',
    async (flag, contract, name, testFile) => {
      const { io: cliIo, out } = io(root);
      expect(
        await run(['new', 'consumer', name, '--provider', 'orders-service', flag, contract], cliIo),
      ).toBe(0);
      expect(out.stdout).toContain(`created consumers/${name}/`);
      expect(out.stdout).toContain('pact interactions (required fields only, type matchers):');
      const dir = join(root, 'consumers', name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        scripts: Record<string, string>;
      };
      expect(pkg.name).toBe(`@accord/${name}`);
      expect(Object.keys(pkg.scripts)).toEqual(
        expect.arrayContaining([
          'build',
          'typecheck',
          'lint',
          'test',
          'pact',
          'pact:publish',
          'can-i-deploy',
        ]),
      );
      for (const f of [
        'README.md',
        'tsconfig.json',
        'tsconfig.build.json',
        'vitest.config.ts',
        'src/index.ts',
        `test/${testFile}`,
      ]) {
        expect(existsSync(join(dir, f)), f).toBe(true);
      }

      // The package's typecheck script: builds src (tsconfig.build.json) if needed, then checks the tests.
      const tsc = bin('tsc', ['-b', 'tsconfig.json'], dir);
      expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
      const lint = bin('biome', ['check', '--vcs-enabled=false', '.'], dir);
      expect(lint.status, lint.stdout + lint.stderr).toBe(0);
      const test = bin('vitest', ['run', `test/${testFile}`], dir);
      expect(test.status, test.stdout + test.stderr).toBe(0);

      const pact = JSON.parse(readFileSync(join(dir, 'pacts', `${name}-orders-service.json`), 'utf8')) as {
        consumer: { name: string };
        provider: { name: string };
        interactions: Array<{
          type: string;
          description: string;
          providerStates?: Array<{ name: string }>;
          response?: { body?: { content?: Record<string, unknown> } };
        }>;
      };
      expect(pact.consumer.name).toBe(name);
      expect(pact.provider.name).toBe('orders-service');
      if (flag === '--event') {
        // The description orders-service's message provider answers for OrderPlaced v2, its declared state.
        expect(pact.interactions).toEqual([
          expect.objectContaining({
            type: 'Asynchronous/Messages',
            description: 'an OrderPlaced v2 event',
            providerStates: [{ name: 'an order has been placed' }],
          }),
        ]);
      } else {
        // One interaction per catalog route of Order, each with the state orders-service declares.
        expect(
          pact.interactions.map((i) => [i.description, i.providerStates?.map((s) => s.name) ?? []]),
        ).toEqual([
          ['GET /orders/{id} → 200', ['an order with the id exists']],
          ['POST /orders → 201', []],
          ['POST /orders/{id}/cancel → 200', ['an order with the id exists']],
        ]);
        // Only what orders-service always returns: no optional `name` in the lines (issue #12's mismatch).
        const body = pact.interactions[0]!.response!.body!.content!;
        expect(Object.keys((body.items as Array<Record<string, unknown>>)[0]!).sort()).toEqual([
          'lineTotal',
          'quantity',
          'sku',
          'unitPrice',
        ]);
        expect(body).not.toHaveProperty('notes');
      }
    },
    180_000,
  );

  it.each([
    [
      ['new', 'consumer', 'x-web', '--provider', 'orders-service', '--http', 'Nope'],
      /unknown contract "Nope"/,
    ],
    [
      ['new', 'consumer', 'x-web', '--provider', 'orders-service', '--http', 'OrderPlaced'],
      /OrderPlaced is an event contract/,
    ],
    [
      ['new', 'consumer', 'x-web', '--provider', 'orders-service', '--event', 'Order'],
      /--event needs an event contract/,
    ],
    [
      ['new', 'consumer', 'x-web', '--provider', 'payments', '--event', 'OrderPlaced'],
      /owned by orders-service, not payments/,
    ],
    [
      ['new', 'consumer', 'x-web', '--provider', 'billing', '--event', 'OrderPlaced'],
      /unknown provider "billing"/,
    ],
    [
      ['new', 'consumer', 'X_Web', '--provider', 'orders-service', '--event', 'OrderPlaced'],
      /must be kebab-case/,
    ],
    [
      ['new', 'consumer', 'x-web', '--provider', 'orders-service'],
      /one of --http <Contract> or --event <Contract>/,
    ],
    [
      [
        'new',
        'consumer',
        'x-web',
        '--provider',
        'orders-service',
        '--event',
        'OrderPlaced',
        '--version',
        '9',
      ],
      /no version 9/,
    ],
    [['new', 'provider', 'x'], /only "consumer" can be created/],
    [
      ['new', 'consumer', 'x-web', '--provider', 'orders-service', '--http', 'Order', '--route', 'GET /nope'],
      /Order is not the body of "GET \/nope"; its routes: POST \/orders, GET \/orders\/\{id\}/,
    ],
    [
      [
        'new',
        'consumer',
        'x-web',
        '--provider',
        'orders-service',
        '--http',
        'Order',
        '--with-optional',
        'cancellation.comment',
      ],
      /--with-optional cancellation\.comment: its parent is optional too; add the parent as well \(e\.g\. cancellation\)/,
    ],
    [
      [
        'new',
        'consumer',
        'x-web',
        '--provider',
        'orders-service',
        '--event',
        'OrderPlaced',
        '--route',
        'GET /',
      ],
      /--route applies to --http contracts/,
    ],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const { io: cliIo, out } = io(root);
    expect(await run(argv, cliIo)).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(existsSync(join(root, 'consumers', 'x-web'))).toBe(false);
  });

  it('needs a declared provider state for a route that has one, and names where to declare it', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'accord-new-consumer-bare-'));
    try {
      for (const f of ['package.json', 'turbo.json']) copyFileSync(join(repo, f), join(bare, f));
      mkdirSync(join(bare, 'providers', 'orders-service'), { recursive: true });
      const { io: cliIo, out } = io(bare);
      const argv = ['new', 'consumer', 'x-web', '--provider', 'orders-service', '--http', 'Order'];
      expect(await run(argv, cliIo)).toBe(2);
      expect(out.stderr).toContain(
        'orders-service declares no provider state for GET /orders/{id} → 200 (no "accord.providerStates" in providers/orders-service/package.json)',
      );
      expect(existsSync(join(bare, 'consumers', 'x-web'))).toBe(false);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('restricts to --route and takes --with-optional fields in', async () => {
    const { io: cliIo, out } = io(root);
    const argv = ['new', 'consumer', 'picky-web', '--provider', 'orders-service', '--http', 'Order'];
    argv.push('--route', 'GET /orders/{id}', '--with-optional', 'items[].name');
    expect(await run(argv, cliIo)).toBe(0);
    expect(out.stdout).toContain('  GET /orders/{id} → 200 (given "an order with the id exists")\n');
    expect(out.stdout).not.toContain('POST /orders');
    expect(out.stdout).toContain(
      'optional fields not expected (add with --with-optional): cancellation, notes, shippingAddress.line2',
    );
    const test = readFileSync(join(root, 'consumers/picky-web/test/order.pact.test.ts'), 'utf8');
    expect(test).toContain("name: like('Blue mug, 350 ml')");
  });

  it('refuses to overwrite an existing folder', async () => {
    mkdirSync(join(root, 'consumers', 'taken'), { recursive: true });
    const { io: cliIo, out } = io(root);
    expect(
      await run(
        ['new', 'consumer', 'taken', '--provider', 'orders-service', '--event', 'OrderPlaced'],
        cliIo,
      ),
    ).toBe(2);
    expect(out.stderr).toContain('already exists');
  });
});
