import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE, readDataDirHolder } from './data-dir-lock.js';

let root: string;
let sleeper: ChildProcess;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'accord-db-lock-'));
  // A live process that is not us, to stand for another owner.
  sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
});

afterAll(async () => {
  sleeper?.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

const folder = () => mkdtemp(join(root, 'd-'));

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(
    execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString(),
  );
}

async function writeLock(dir: string, record: Record<string, unknown>): Promise<void> {
  await writeFile(
    join(dir, LOCK_FILE),
    JSON.stringify({
      hostname: hostname(),
      owner: 'accord-broker',
      startedAt: '2024-01-01T00:00:00.000Z',
      token: 'someone-else',
      ...record,
    }),
  );
}

describe('acquireDataDirLock', () => {
  it('writes a lock naming this process, updates it with a URL, and removes it on release', async () => {
    const dir = await folder();
    const lock = await acquireDataDirLock(dir, { owner: 'accord-broker' });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      owner: 'accord-broker',
      hostname: hostname(),
    });
    await lock.update({ url: 'http://127.0.0.1:9292' });
    expect(await readDataDirHolder(dir)).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:9292' });
    expect(lock.holder.url).toBe('http://127.0.0.1:9292');
    await lock.release();
    await lock.release();
    await expect(readFile(join(dir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readDataDirHolder(dir)).toBeUndefined();
  });

  it('refuses a folder held by another live process, naming its pid and URL', async () => {
    const dir = await folder();
    await writeLock(dir, { pid: sleeper.pid, url: 'http://127.0.0.1:9292' });
    await expect(acquireDataDirLock(dir)).rejects.toMatchObject({
      code: 'data_dir_locked',
      dataDir: dir,
      holder: { pid: sleeper.pid, owner: 'accord-broker', url: 'http://127.0.0.1:9292' },
      message: `data folder ${dir} is in use by accord-broker (pid ${sleeper.pid}) at http://127.0.0.1:9292`,
    });
    expect(await readDataDirHolder(dir)).toMatchObject({ pid: sleeper.pid });
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = await folder();
    await writeLock(dir, { pid: deadPid() });
    expect(await readDataDirHolder(dir)).toBeUndefined();
    const lock = await acquireDataDirLock(dir);
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (pid reuse) or to us', async () => {
    const reused = await folder();
    await writeLock(reused, { pid: sleeper.pid, procStart: 'a-start-time-that-is-not-its-own' });
    await (await acquireDataDirLock(reused)).release();
    // A container restart gives the new process the old one's pid: the token tells them apart.
    const ours = await folder();
    await writeLock(ours, { pid: process.pid });
    await (await acquireDataDirLock(ours)).release();
  });

  it('counts a lock from another host as held: its pid cannot be checked from here', async () => {
    const dir = await folder();
    await writeLock(dir, { pid: deadPid(), hostname: 'build-agent-7' });
    await expect(acquireDataDirLock(dir)).rejects.toMatchObject({
      code: 'data_dir_locked',
      message: expect.stringContaining('(pid '),
    });
    await expect(acquireDataDirLock(dir)).rejects.toThrow(/ on build-agent-7\)$/);
  });

  it('lets exactly one of several concurrent takers win a stale lock', async () => {
    const dir = await folder();
    await writeLock(dir, { pid: deadPid() });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => acquireDataDirLock(dir)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'data_dir_locked' });
    }
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireDataDirLock>>>).value.release();
  });

  it('is removed when the owning process exits without releasing it', async () => {
    const dir = await folder();
    const module = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));
    const script = `import { acquireDataDirLock } from ${JSON.stringify(module)};
      await acquireDataDirLock(${JSON.stringify(dir)});
      process.exit(3);`;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: 'ignore',
      });
      child.on('exit', resolve);
    });
    expect(code).toBe(3);
    await expect(readFile(join(dir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports an unwritable folder as data_dir_invalid', async () => {
    await expect(acquireDataDirLock(join(root, 'no', 'such', 'folder'))).rejects.toMatchObject({
      code: 'data_dir_invalid',
    });
  });
});
