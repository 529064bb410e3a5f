// `npm start` (scripts/start.mjs) next to a broker that already runs: a data folder held by a running broker is
// reused, one held by anything else fails with one line, and a taken port 9292 means the next free one.
// `--only <unknown>` ends each run right after the broker step, so no service is built or tested here.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '../src/workspace.js';
import { cleanEnv } from './support/env.js';

const root = findWorkspaceRoot(import.meta.dirname);
const brokerBin = join(root, 'pact-broker', 'dist', 'bin', 'accord-broker.js');
const env = cleanEnv({ ACCORD_VERSION: 'start-reuse-test' });

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startScript(args: string[]): Promise<Finished> {
  const child = spawn(process.execPath, ['scripts/start.mjs', ...args, '--only', 'no-such-service'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

function listen(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

async function isFree(port: number): Promise<boolean> {
  const server = await listen(port).catch(() => undefined);
  if (server === undefined) return false;
  await new Promise((r) => server.close(r));
  return true;
}

let dir: string;
let broker: ChildProcess;
let brokerUrl: string;
let sleeper: ChildProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-start-reuse-'));
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120_000)'], { stdio: 'ignore' });
  broker = spawn(process.execPath, [brokerBin, '--port', '0', '--data-dir', join(dir, 'broker-data')], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  brokerUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    broker.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    broker.once('exit', (code) => reject(new Error(`accord-broker exited with ${code}: ${out}`)));
  });
});

afterAll(async () => {
  broker?.kill('SIGKILL');
  sleeper?.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('npm start beside a running broker', () => {
  it('reuses the broker that holds the data folder, says so in one line, and leaves it running', async () => {
    const dataDir = join(dir, 'broker-data');
    const run = await startScript(['--data-dir', dataDir]);
    expect(run.stdout.split('\n')[0]).toBe(
      `accord: ${dataDir} is in use by accord-broker (pid ${broker.pid}) at ${brokerUrl}; running the pipeline against that broker (it keeps running)`,
    );
    expect(run.stdout).toContain(`using the broker at ${brokerUrl}`);
    // The pipeline itself ran (and stopped at the unknown service), against that broker.
    expect(run.stderr).toContain('unknown service "no-such-service"');
    expect(run.code).toBe(2);
    expect((await fetch(`${brokerUrl}/diagnostic/status/heartbeat`)).status).toBe(200);
    expect(JSON.parse(await readFile(join(dataDir, 'accord.lock'), 'utf8')).pid).toBe(broker.pid);
  });

  it('fails with one line when the folder is held by something that is not an answering broker', async () => {
    const lock = (record: Record<string, unknown>) => ({
      pid: sleeper.pid,
      hostname: hostname(),
      startedAt: '2024-01-01T00:00:00.000Z',
      token: 'held-by-someone-else',
      ...record,
    });
    const other = await mkdtemp(join(dir, 'other-'));
    await writeFile(join(other, 'accord.lock'), JSON.stringify(lock({ owner: 'orders-service' })));
    expect(await startScript(['--data-dir', other])).toEqual({
      code: 1,
      stdout: '',
      stderr: `accord: ${other} is in use by orders-service (pid ${sleeper.pid}), not a broker; stop it or pass --data-dir <folder>\n`,
    });
    const stuck = await mkdtemp(join(dir, 'stuck-'));
    await writeFile(join(stuck, 'accord.lock'), JSON.stringify(lock({ owner: 'accord-broker' })));
    expect(await startScript(['--data-dir', stuck])).toEqual({
      code: 1,
      stdout: '',
      stderr: `accord: ${stuck} is held by accord-broker (pid ${sleeper.pid}), which never started listening; stop it and run again\n`,
    });
  });

  it('starts its own broker on the preferred port or the next free one once the folder is free', async () => {
    broker.kill('SIGTERM');
    await new Promise((r) => broker.once('exit', r));
    const taken = await listen();
    try {
      const preferred = (taken.address() as { port: number }).port;
      let expected = preferred + 1;
      while (!(await isFree(expected))) expected++;
      const run = await startScript(['--data-dir', join(dir, 'broker-data'), '--port', String(preferred)]);
      expect(run.stdout).toContain(`broker ready at http://127.0.0.1:${expected}\n`);
      expect(run.code).toBe(2);
      // It stopped the broker it started, and so freed the folder.
      await expect(readFile(join(dir, 'broker-data', 'accord.lock'))).rejects.toMatchObject({
        code: 'ENOENT',
      });
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
