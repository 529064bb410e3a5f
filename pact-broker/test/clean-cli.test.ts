// End-to-end: a history published, deployed and verified with the official `pact-broker` CLI, then
// `accord-broker clean --dry-run` and `clean` as child processes, and what is left read back over the HTTP API.
// PGlite: the clean refuses a folder its broker holds, and runs once the broker stopped. PostgreSQL: the clean runs
// beside a live broker, and two brokers with the schedule on take turns under the advisory lock.

import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, cli, getThing, pactDoc } from './support/clients.js';
import { createTestDatabase, storage } from './support/startBroker.js';

// The command's source, run by tsx as the test brokers are: the suite does not wait for this package's build.
const bin = fileURLToPath(new URL('../src/bin/accord-broker.ts', import.meta.url));
const KEEP = '[{"branch": true, "latest": true}]';
// Each test starts brokers and runs the clean as separate processes (each loads tsx and PostgreSQL anew): on a
// loaded 2-core runner that takes longer than the suite's default minute.
const E2E_TIMEOUT = 180_000;

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

function accordBroker(args: string[], env: Record<string, string> = {}): Promise<Exited> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--liftoff-only', '--import', 'tsx', bin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Running {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function startServer(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, ['--liftoff-only', '--import', 'tsx', bin, '--port', '0', ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PACT_BROKER_LOG_LEVEL: 'silent',
      // The command seeds example data by default (as upstream); these histories are the test's own.
      PACT_BROKER_SEED_EXAMPLE_DATA: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        resolve({
          url: m[1]!,
          child,
          output: () => out,
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(() => reject(new Error(`broker exited before listening:\n${out}`)));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-clean-cli-'));
  for (const content of ['a', 'b', 'c', 'd']) {
    await writeFile(
      join(dir, `${content}.json`),
      JSON.stringify(pactDoc('Web', 'API', [getThing(`/things/${content}`, { content })])),
    );
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Web 1 (main, deployed to production), 2 (feat-x), 3 (main), 4 (main); API a1 (main) verified Web 4's pact.
 * Keeping branch heads (plus, as always, what is deployed or released) leaves everything but Web 3.
 */
async function publishHistory(url: string): Promise<void> {
  const broker = ['--broker-base-url', url];
  const publish = async (file: string, version: string, branch: string) => {
    const r = await cli([
      'publish',
      join(dir, file),
      '--consumer-app-version',
      version,
      '--branch',
      branch,
      ...broker,
    ]);
    expect(r.code, r.stderr).toBe(0);
  };
  await publish('a.json', '1', 'main');
  await publish('b.json', '2', 'feat-x');
  await publish('c.json', '3', 'main');
  await publish('d.json', '4', 'main');
  const envs = await api(url, 'GET', '/environments');
  if (!envs.body._embedded.environments.some((e: { name: string }) => e.name === 'production')) {
    expect((await cli(['create-environment', '--name', 'production', '--production', ...broker])).code).toBe(
      0,
    );
  }
  const deployed = await cli([
    'record-deployment',
    '--pacticipant',
    'Web',
    '--version',
    '1',
    '--environment',
    'production',
    ...broker,
  ]);
  expect(deployed.code, deployed.stderr).toBe(0);
  const version = await cli([
    'create-or-update-version',
    '--pacticipant',
    'API',
    '--version',
    'a1',
    '--branch',
    'main',
    ...broker,
  ]);
  expect(version.code, version.stderr).toBe(0);
  const pact = await api(url, 'GET', '/pacts/provider/API/consumer/Web/version/4');
  const verified = await api(
    url,
    'POST',
    new URL(pact.body._links['pb:publish-verification-results'].href).pathname,
    {
      success: true,
      providerApplicationVersion: 'a1',
    },
  );
  expect(verified.status).toBe(201);
}

function dryRunCounts(out: string) {
  const report = JSON.parse(out);
  return { report, counts: report.versions.counts, web: report.versions.versionSummary.Web };
}

async function expectCleaned(url: string): Promise<void> {
  const status = async (path: string) => (await api(url, 'GET', path)).status;
  expect(await status('/pacticipants/Web/versions/3')).toBe(404);
  expect(await status('/pacts/provider/API/consumer/Web/version/3')).toBe(404);
  for (const v of ['1', '2', '4']) expect(await status(`/pacticipants/Web/versions/${v}`)).toBe(200);
  expect(await status('/pacticipants/API/versions/a1')).toBe(200);
  // The verification of a kept pact by a kept provider version is still there.
  const matrix = await api(
    url,
    'GET',
    '/matrix?q[][pacticipant]=Web&q[][version]=4&q[][pacticipant]=API&q[][version]=a1',
  );
  expect(
    matrix.body.matrix.map(
      (row: { verificationResult: { success: boolean } }) => row.verificationResult.success,
    ),
  ).toEqual([true]);
}

function expectDryRun(out: string): void {
  const { report, counts, web } = dryRunCounts(out);
  expect(report.dryRun).toBe(true);
  expect(report.keepVersionSelectors).toEqual([
    { latest: true, branch: true },
    { deployed: true },
    { released: true },
  ]);
  expect(counts).toMatchObject({
    totalVersions: 5,
    versionsToDelete: 1,
    versionsNotToKeep: 1,
    versionsToKeep: 4,
  });
  expect(web.toDelete).toEqual({
    count: 1,
    fromVersion: { number: '3', created: 'less than a minute ago', tags: [] },
    toVersion: { number: '3', created: 'less than a minute ago', tags: [] },
  });
  expect(web.toKeep).toMatchObject({
    count: 3,
    latestVersion: { number: '1' },
    firstVersion: { number: '4' },
  });
}

if (storage === 'pglite') {
  describe('accord-broker clean on a PGlite data folder', () => {
    it(
      'refuses the folder while its broker runs, then reports and cleans it once the broker stopped',
      async () => {
        const data = await mkdtemp(join(tmpdir(), 'accord-clean-data-'));
        try {
          await cp(inject('pgliteTemplateDir'), data, { recursive: true });
          let broker = await startServer(['--data-dir', data]);
          await publishHistory(broker.url);
          const busy = await accordBroker(['clean', '--data-dir', data, '--dry-run']);
          expect(busy).toEqual({
            code: 1,
            stdout: '',
            stderr: `accord-broker: data folder ${data} is in use by accord-broker (pid ${broker.child.pid}) at ${broker.url}; stop that broker first, or let it clean on its schedule (PACT_BROKER_DATABASE_CLEAN_ENABLED=true)\n`,
          });
          await broker.stop();

          const dry = await accordBroker([
            'clean',
            '--data-dir',
            data,
            '--keep',
            KEEP,
            '--dry-run',
            '--format',
            'json',
          ]);
          expect(dry.code, dry.stderr).toBe(0);
          expectDryRun(dry.stdout);
          const run = await accordBroker(['clean', '--data-dir', data, '--keep', KEEP]);
          expect(run.code, run.stderr).toBe(0);
          expect(run.stdout.split('\n').filter((l) => /^[A-Z[]/.test(l))).toEqual([
            'Automatically adding {"deployed":true} to keep version selectors',
            'Automatically adding {"released":true} to keep version selectors',
            'Deleting oldest 500 versions, keeping versions that match the configured selectors [{"latest":true,"branch":true},{"deployed":true},{"released":true}]',
            'Deleting stale branches that do not match the configured selectors (main branches are always kept) [{"max_age":90}]',
            expect.stringMatching(/^Results \(\d+ seconds\)$/),
            'Deleting overwritten pact publications and verifications older than 7 days',
            expect.stringMatching(/^Results \(\d+ seconds\)$/),
          ]);
          expect(run.stdout).toContain('"versions": {\n    "deleted": 1,\n    "kept": 4\n  }');

          broker = await startServer(['--data-dir', data]);
          await expectCleaned(broker.url);
          await broker.stop();
        } finally {
          await rm(data, { recursive: true, force: true });
        }
      },
      E2E_TIMEOUT,
    );
  });
}

if (storage === 'postgres') {
  describe('accord-broker clean on PostgreSQL', () => {
    it(
      'runs beside the live broker: the dry run reports, the clean deletes, the broker answers for what is left',
      async () => {
        const database = await createTestDatabase();
        const broker = await startServer(['--database-url', database.url]);
        try {
          await publishHistory(broker.url);
          const dry = await accordBroker(['clean', '--keep', KEEP, '--dry-run', '--format', 'json'], {
            PACT_BROKER_DATABASE_URL: database.url,
          });
          expect(dry.code, dry.stderr).toBe(0);
          expectDryRun(dry.stdout);
          const run = await accordBroker(['clean', '--database-url', database.url, '--format', 'json'], {
            PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS: KEEP,
          });
          expect(run.code, run.stderr).toBe(0);
          expect(JSON.parse(run.stdout).versions.versions).toEqual({ deleted: 1, kept: 4 });
          await expectCleaned(broker.url);
        } finally {
          await broker.stop();
          await database.drop();
        }
      },
      E2E_TIMEOUT,
    );

    it(
      'two brokers with the schedule every second take turns under the advisory lock, without errors',
      async () => {
        const database = await createTestDatabase();
        const first = await startServer(['--database-url', database.url]);
        const env = {
          PACT_BROKER_LOG_LEVEL: 'info',
          PACT_BROKER_DATABASE_CLEAN_ENABLED: 'true',
          PACT_BROKER_DATABASE_CLEAN_CRON_SCHEDULE: '* * * * * *',
          PACT_BROKER_DATABASE_CLEAN_KEEP_VERSION_SELECTORS: KEEP,
        };
        const holder = new pg.Client({ connectionString: database.url });
        await holder.connect();
        const brokers: Running[] = [];
        try {
          await publishHistory(first.url);
          await first.stop();
          // While another session holds the clean lock, both brokers' runs are skipped.
          await holder.query("SELECT pg_advisory_lock(hashtextextended('accord-broker clean', 0))");
          brokers.push(await startServer(['--database-url', database.url], env));
          brokers.push(await startServer(['--database-url', database.url], env));
          const lines = () =>
            brokers.flatMap((b, i) =>
              b
                .output()
                .split('\n')
                .filter((l) => l.startsWith('{'))
                .map((l) => ({
                  broker: i,
                  ...(JSON.parse(l) as { level: string; msg: string; time: string }),
                })),
            );
          const skipped = 'Clean was not performed as a clean is already in progress. Exiting.';
          const until = async (done: () => boolean) => {
            for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
            expect(done()).toBe(true);
          };
          await until(() => [0, 1].every((i) => lines().some((l) => l.broker === i && l.msg === skipped)));
          expect(lines().filter((l) => l.msg.startsWith('Deleting oldest'))).toEqual([]);
          await holder.query("SELECT pg_advisory_unlock(hashtextextended('accord-broker clean', 0))");
          await until(() => lines().filter((l) => l.msg.startsWith('Deleting overwritten')).length >= 2);
          for (const b of brokers) await b.stop();
          const all = lines().sort((a, b) => a.time.localeCompare(b.time));
          expect(all.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
          // Runs never overlap: a run opens with "Deleting oldest" and closes with its second "Results" line.
          const open = new Map<number, number>();
          for (const l of all) {
            if (l.msg.startsWith('Deleting oldest')) {
              expect(open.size).toBe(0);
              open.set(l.broker, 0);
            } else if (l.msg.startsWith('Results') && open.has(l.broker)) {
              if (open.get(l.broker) === 1) open.delete(l.broker);
              else open.set(l.broker, 1);
            }
          }
          const check = await startServer(['--database-url', database.url]);
          brokers.push(check);
          await expectCleaned(check.url);
        } finally {
          await holder.end();
          for (const b of brokers) if (b.child.exitCode === null) await b.stop();
          await database.drop();
        }
      },
      E2E_TIMEOUT,
    );
  });
}
