// One process owns a PGlite data folder: an exclusive lock file inside it names the owner (pid, host, URL).
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DbError } from './errors.js';

/** The lock file's name inside the data folder (PostgreSQL itself ignores unknown files there). */
export const LOCK_FILE = 'accord.lock';

/** Who owns a data folder, as recorded in its lock file. */
export interface DataDirHolder {
  pid: number;
  hostname: string;
  /** What holds it, e.g. "accord-broker" (the `owner` option; default: the script's file name). */
  owner: string;
  startedAt: string;
  /** Where the owner can be reached, once it said so with `update({ url })`. */
  url?: string | undefined;
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly file: string;
  readonly holder: DataDirHolder;
  /** Records where the owner can be reached (e.g. a server's URL), for whoever finds the folder taken. */
  update(info: { url?: string }): Promise<void>;
  /** Removes the lock file if this lock still owns it. Safe to call twice. */
  release(): Promise<void>;
}

interface LockRecord extends DataDirHolder {
  /** Tells this lock apart from a later one by a process with the same pid (containers reuse low pids). */
  token: string;
  /** Linux process start time (/proc/<pid>/stat): a live pid with another start time is a reused pid. */
  procStart?: string | undefined;
}

/** An unparsable lock this young is still being written by its owner (filesystems without hard links). */
const FRESH_MS = 5_000;
/** A takeover marker this old belongs to a process that died while taking over a stale lock. */
const STALE_TAKEOVER_MS = 10_000;

// Locks this process holds, removed on exit even when nobody called release() (an uncaught error, process.exit).
const held = new Map<string, string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, token] of held) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as LockRecord).token === token) unlinkSync(file);
      } catch {
        // Already gone or replaced: nothing of ours to remove.
      }
    }
  });
}

function procStart(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, starttime field 22.
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .at(22 - 3);
  } catch {
    return undefined;
  }
}

function isAlive(record: LockRecord): boolean {
  // Another host's pid cannot be checked from here: the folder (on a shared disk) counts as taken.
  if (record.hostname !== hostname()) return true;
  if (record.pid === process.pid) return [...held.values()].includes(record.token);
  try {
    process.kill(record.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const now = procStart(record.pid);
  return !(record.procStart !== undefined && now !== undefined && now !== record.procStart);
}

function holderOf(record: LockRecord): DataDirHolder {
  return {
    pid: record.pid,
    hostname: record.hostname,
    owner: record.owner,
    startedAt: record.startedAt,
    ...(record.url === undefined ? {} : { url: record.url }),
  };
}

/** "accord-broker (pid 4242) at http://127.0.0.1:9292", the words every data_dir_locked message uses. */
export function describeHolder(holder: DataDirHolder): string {
  const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
  return `${holder.owner} (pid ${holder.pid}${where})${holder.url ? ` at ${holder.url}` : ''}`;
}

type Existing = { raw: string; record: LockRecord | undefined; fresh: boolean };

async function readExisting(file: string): Promise<Existing | undefined> {
  let raw: string;
  let mtimeMs: number;
  try {
    [raw, { mtimeMs }] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let record: LockRecord | undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<LockRecord>;
    if (typeof parsed.pid === 'number' && typeof parsed.token === 'string') record = parsed as LockRecord;
  } catch {
    record = undefined;
  }
  return { raw, record, fresh: Date.now() - mtimeMs < FRESH_MS };
}

function unusable(dir: string, err: unknown): DbError {
  const code = (err as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code === 'ENOTDIR'
          ? 'not a directory'
          : code === 'ENOSPC'
            ? 'no space left on the device'
            : (err as Error).message;
  return new DbError('data_dir_invalid', `cannot use data folder ${dir}: ${reason}`, {
    cause: err,
    dataDir: dir,
  });
}

/** Creates the lock file holding `content`, complete or not at all; false when it already exists. */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content, { flag: 'wx' });
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
  } finally {
    await unlink(tmp).catch(() => {});
  }
  // No hard links on this filesystem: exclusive create, then write (readers treat a fresh empty file as taken).
  try {
    await writeFile(file, content, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Removes a lock left by a dead process, unless someone replaced it meanwhile; one taker at a time. */
async function removeStale(file: string, staleRaw: string): Promise<void> {
  const marker = `${file}.takeover`;
  try {
    await writeFile(marker, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = await stat(marker).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > STALE_TAKEOVER_MS) await unlink(marker).catch(() => {});
    else await new Promise((r) => setTimeout(r, 25));
    return;
  }
  try {
    const now = await readExisting(file);
    if (now !== undefined && now.raw === staleRaw) await unlink(file);
  } finally {
    await unlink(marker).catch(() => {});
  }
}

/**
 * Takes the data folder (which must exist) for this process. Throws DbError `data_dir_locked` (with `holder`)
 * when a live process owns it; a lock left by a dead process (or by an earlier process with our pid) is taken over.
 */
export async function acquireDataDirLock(
  dataDir: string,
  options: { owner?: string | undefined } = {},
): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  const file = join(dir, LOCK_FILE);
  const record: LockRecord = {
    pid: process.pid,
    hostname: hostname(),
    owner: options.owner ?? basename(process.argv[1] ?? 'node').replace(/\.[cm]?[jt]s$/, ''),
    startedAt: new Date().toISOString(),
    token: randomUUID(),
    procStart: procStart(process.pid),
  };
  for (let attempt = 0; attempt < 40; attempt++) {
    let created: boolean;
    try {
      created = await createExclusive(file, `${JSON.stringify(record)}\n`);
    } catch (err) {
      throw unusable(dir, err);
    }
    if (created) return ownedLock(dir, file, record);
    const existing = await readExisting(file).catch((err: unknown) => {
      throw unusable(dir, err);
    });
    if (existing === undefined) continue; // released meanwhile
    if (existing.record ? isAlive(existing.record) : existing.fresh) {
      const holder = existing.record ? holderOf(existing.record) : undefined;
      throw new DbError(
        'data_dir_locked',
        `data folder ${dir} is in use by ${holder ? describeHolder(holder) : 'another process that is starting'}`,
        { dataDir: dir, ...(holder ? { holder } : {}) },
      );
    }
    await removeStale(file, existing.raw).catch((err: unknown) => {
      throw unusable(dir, err);
    });
  }
  throw new DbError('data_dir_locked', `data folder ${dir} is contended: its lock changed hands 40 times`, {
    dataDir: dir,
  });
}

function ownedLock(dir: string, file: string, record: LockRecord): DataDirLock {
  held.set(file, record.token);
  installExitHook();
  let current = record;
  const stillOurs = async () =>
    (await readExisting(file).catch(() => undefined))?.record?.token === record.token;
  return {
    dataDir: dir,
    file,
    get holder() {
      return holderOf(current);
    },
    async update(info) {
      if (!(await stillOurs())) return;
      current = { ...current, ...info };
      const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
      await writeFile(tmp, `${JSON.stringify(current)}\n`);
      // rename replaces the file in one step: a reader sees the old record or the new one, never half of one.
      await rename(tmp, file);
    },
    async release() {
      if (!held.has(file) || held.get(file) !== record.token) return;
      held.delete(file);
      if (await stillOurs()) await unlink(file).catch(() => {});
    },
  };
}

/** The live owner of a data folder, or undefined when it is free (no lock, or a lock left by a dead process). */
export async function readDataDirHolder(dataDir: string): Promise<DataDirHolder | undefined> {
  const existing = await readExisting(join(resolve(dataDir), LOCK_FILE)).catch(() => undefined);
  if (existing?.record === undefined || !isAlive(existing.record)) return undefined;
  return holderOf(existing.record);
}
