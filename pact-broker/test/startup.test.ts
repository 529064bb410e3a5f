// The accord-broker command started as users start it: one data folder twice, a taken port, an unreachable or wrong
// database, bad data folders, and clean stops. Each failure is one line on stderr and exit code 1.

import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, storage } from './support/startBroker.js';

// The command's source, run by tsx as the test brokers are: the suite does not wait for this package's build.
const bin = fileURLToPath(new URL('../src/bin/accord-broker.ts', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  /** Resolves with the URL of the "listening on" line; rejects if the process exits first. */
  listening: Promise<string>;
}

function run(args: string[], options: { uid?: number } = {}): Run {
  const child = spawn(process.execPath, ['--liftoff-only', '--import', 'tsx', bin, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${out}${err}`)));
  });
  listening.catch(() => {});
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return { child, stdout: () => out, stderr: () => err, exited, listening };
}

/** A start that must fail: exit 1, nothing on stdout, exactly `line` on stderr. */
async function expectFailure(args: string[], line: string | RegExp, options: { uid?: number } = {}) {
  const r = run(args, options);
  expect(await r.exited).toBe(1);
  expect(r.stdout()).toBe('');
  const stderr = r.stderr();
  expect(stderr.split('\n')).toHaveLength(2); // one line and its newline
  if (typeof line === 'string') expect(stderr).toBe(`${line}\n`);
  else expect(stderr).toMatch(line);
}

async function stopWith(r: Run, signal: NodeJS.Signals): Promise<void> {
  r.child.kill(signal);
  // Exit code 0, not death by the signal: the broker handled it.
  const code = await r.exited;
  expect({ code, signal: r.child.signalCode, stderr: r.stderr() }).toEqual({
    code: 0,
    signal: null,
    stderr: '',
  });
  expect(r.stdout().trimEnd().split('\n').at(-1)).toBe('accord-broker stopped');
}

let root: string;
let busy: Server;
let busyPort: number;
const running: Run[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'accord-startup-'));
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  busyPort = (busy.address() as { port: number }).port;
});

afterAll(async () => {
  for (const r of running) r.child.kill('SIGKILL');
  await new Promise((r) => busy.close(r));
  await rm(root, { recursive: true, force: true });
});

if (storage === 'pglite') {
  /** A copy of the migrated template folder, so the broker skips initdb. */
  async function dataFolder(): Promise<string> {
    const dir = await mkdtemp(join(root, 'data-'));
    await cp(inject('pgliteTemplateDir'), dir, { recursive: true });
    return dir;
  }

  describe('accord-broker on PGlite without a folder', () => {
    it('serves from a throwaway folder of its own, which a stop deletes', async () => {
      const r = run(['--port', '0']);
      running.push(r);
      const url = await r.listening;
      const folder = /storage: pglite, throwaway folder (\S+) \(deleted on exit\)/.exec(r.stdout())?.[1];
      expect(folder).toMatch(/accord-pglite-throwaway/);
      expect(JSON.parse(await readFile(join(folder!, 'accord.lock'), 'utf8')).pid).toBe(r.child.pid);
      expect((await fetch(`${url}/diagnostic/status/heartbeat`)).status).toBe(200);
      await stopWith(r, 'SIGTERM');
      await expect(stat(folder!)).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });

  describe('accord-broker on a PGlite data folder', () => {
    it('refuses a second start on the same folder with one line naming the first broker, which keeps serving', async () => {
      const dir = await dataFolder();
      const first = run(['--port', '0', '--data-dir', dir]);
      running.push(first);
      const url = await first.listening;
      await expectFailure(
        ['--port', '0', '--data-dir', dir],
        `accord-broker: data folder ${dir} is in use by accord-broker (pid ${first.child.pid}) at ${url}`,
      );
      expect((await fetch(`${url}/diagnostic/status/heartbeat`)).status).toBe(200);
      // A clean stop frees the folder: the next start on it succeeds.
      await stopWith(first, 'SIGTERM');
      await expect(readFile(join(dir, 'accord.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
      const second = run(['--port', '0', '--data-dir', dir]);
      running.push(second);
      await second.listening;
      // A broker killed with SIGKILL leaves its lock behind; the next start sees its pid is gone and takes over.
      second.child.kill('SIGKILL');
      await second.exited;
      expect(JSON.parse(await readFile(join(dir, 'accord.lock'), 'utf8')).pid).toBe(second.child.pid);
      const third = run(['--port', '0', '--data-dir', dir]);
      running.push(third);
      await third.listening;
      await stopWith(third, 'SIGINT');
    });

    it('reports a taken port in one line and leaves the folder free', async () => {
      const dir = await dataFolder();
      await expectFailure(
        ['--port', String(busyPort), '--data-dir', dir],
        `accord-broker: cannot listen on 127.0.0.1:${busyPort}: the port is already in use (choose another with --port, or --port 0 for any free one)`,
      );
      await expect(readFile(join(dir, 'accord.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('reports a data folder that is a file, someone else’s folder, or a damaged one, in one line each', async () => {
      const file = join(root, 'a-file');
      await writeFile(file, 'x');
      await expectFailure(
        ['--data-dir', file],
        `accord-broker: cannot use data folder ${file}: not a directory`,
      );
      const foreign = join(root, 'projects');
      await mkdir(foreign);
      await writeFile(join(foreign, 'notes.txt'), 'x');
      await expectFailure(
        ['--data-dir', foreign],
        `accord-broker: cannot use data folder ${foreign}: it is not empty and not a PGlite data folder (no PG_VERSION)`,
      );
      const damaged = await dataFolder();
      await writeFile(join(damaged, 'global', 'pg_control'), '');
      await expectFailure(
        ['--data-dir', damaged],
        new RegExp(
          `^accord-broker: cannot use data folder ${damaged}: PGlite cannot open it; it is damaged or was written by another PostgreSQL version \\(.*\\)\\n$`,
        ),
      );
    });

    it('reports a data folder it may not write in one line', async () => {
      const locked = join(root, 'not-mine');
      await mkdir(locked, { mode: 0o700 });
      // As root every folder is writable: run the broker as nobody instead of taking the permission away.
      const asRoot = process.getuid?.() === 0;
      if (!asRoot) await chmod(locked, 0o500);
      await expectFailure(
        ['--data-dir', locked],
        `accord-broker: cannot use data folder ${locked}: permission denied`,
        asRoot ? { uid: 65534 } : {},
      );
    });
  });
}

if (storage === 'postgres') {
  describe('accord-broker on a PostgreSQL server', () => {
    let database: { url: string; drop(): Promise<void> };

    beforeAll(async () => {
      database = await createTestDatabase();
    });

    afterAll(async () => {
      await database?.drop();
    });

    it('reports a server that refuses connections, a missing database and a malformed URL in one line each', async () => {
      await expectFailure(
        ['--database-url', 'postgres://postgres@127.0.0.1:1/broker'],
        'accord-broker: cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:1/broker: connection refused',
      );
      const missing = new URL(database.url);
      missing.pathname = '/accord_no_such_database';
      missing.password = 'secret';
      await expectFailure(
        ['--database-url', missing.toString()],
        `accord-broker: cannot connect to PostgreSQL at postgres://postgres:***@${missing.host}/accord_no_such_database: database "accord_no_such_database" does not exist`,
      );
      await expectFailure(
        ['--database-url', '127.0.0.1:5432/broker'],
        'accord-broker: the database URL must look like postgres://user@host:5432/database',
      );
    });

    it('reports a taken port in one line', async () => {
      await expectFailure(
        ['--port', String(busyPort), '--database-url', database.url],
        `accord-broker: cannot listen on 127.0.0.1:${busyPort}: the port is already in use (choose another with --port, or --port 0 for any free one)`,
      );
    });

    it('stops cleanly on SIGTERM and on SIGINT, saying so', async () => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const broker = run(['--port', '0', '--database-url', database.url]);
        running.push(broker);
        await broker.listening;
        await stopWith(broker, signal);
      }
    });
  });
}
