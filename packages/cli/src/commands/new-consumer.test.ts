// Tests `accord new consumer`: both kinds scaffold a package that typechecks, lints and whose pact test
// passes (run for real in a temp workspace), and bad input is refused with exit code 2.
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
  mkdirSync(join(root, 'providers', 'orders-service'), { recursive: true });
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

      const tsc = bin('tsc', ['-p', 'tsconfig.json', '--noEmit'], dir);
      expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
      const lint = bin('biome', ['check', '--vcs-enabled=false', '.'], dir);
      expect(lint.status, lint.stdout + lint.stderr).toBe(0);
      const test = bin('vitest', ['run', `test/${testFile}`], dir);
      expect(test.status, test.stdout + test.stderr).toBe(0);

      const pact = JSON.parse(readFileSync(join(dir, 'pacts', `${name}-orders-service.json`), 'utf8')) as {
        consumer: { name: string };
        provider: { name: string };
        interactions: Array<{ type: string; description: string }>;
      };
      expect(pact.consumer.name).toBe(name);
      expect(pact.provider.name).toBe('orders-service');
      expect(pact.interactions).toHaveLength(1);
      if (flag === '--event') {
        // The description orders-service's message provider answers for OrderPlaced v2.
        expect(pact.interactions[0]).toMatchObject({
          type: 'Asynchronous/Messages',
          description: 'an OrderPlaced v2 event',
        });
      } else {
        expect(pact.interactions[0]).toMatchObject({
          type: 'Synchronous/HTTP',
          description: 'POST /orders from billing-web',
        });
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
  ])('refuses %j with exit code 2', async (argv, message) => {
    const { io: cliIo, out } = io(root);
    expect(await run(argv, cliIo)).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(existsSync(join(root, 'consumers', 'x-web'))).toBe(false);
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
