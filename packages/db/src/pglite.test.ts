import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbBehaviour } from '../test/support/behaviour.js';
import { LOCK_FILE } from './data-dir-lock.js';
import { openPglite, type PgliteDb } from './pglite.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

// One initdb for the file; every other in-memory database starts from its dump (half a second instead of three).
let template: Blob | File;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'accord-db-pglite-'));
  const first = await openPglite();
  template = await first.dump();
  await first.close();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const fresh = () => openPglite({ loadDataDir: template });

dbBehaviour('PGlite', fresh);

describe('PGlite locking: the adapter relies on PGlite serialising its one session', () => {
  let db: PgliteDb;

  beforeAll(async () => {
    db = await fresh();
    await db.exec('CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0);');
  });

  afterAll(async () => {
    await db?.close();
  });

  it('runs concurrent transactions one after the other: no statement of one falls between those of another', async () => {
    await db.query('UPDATE counter SET n = 0');
    const log: string[] = [];
    let open = 0;
    let issuedDuringTransaction = 0;
    // Staggered starts, so the plain reads below land between transactions as well as during them.
    const runs = Array.from({ length: 6 }, async (_, i) => {
      await tick(12 * i);
      await db.transaction(async (tx) => {
        log.push(`begin ${i}`);
        open++;
        // Read-modify-write without a row lock, with a pause in the middle: on a shared session an
        // interleaved transaction would read the same value and an update would be lost.
        const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter');
        await tick(10);
        await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
        open--;
        log.push(`end ${i}`);
      });
    });
    // Plain queries issued while the transactions run wait for the one in flight and see only committed values.
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        await tick(12 * i + 6);
        if (open > 0) issuedDuringTransaction++;
        const { rows } = await db.query<{ n: number }>('SELECT n FROM counter');
        log.push(`read ${rows[0]!.n}`);
      }),
    );
    await Promise.all(runs);
    expect((await db.query('SELECT n FROM counter')).rows).toEqual([{ n: 6 }]);
    expect(issuedDuringTransaction).toBeGreaterThan(0);
    // Every transaction's begin is directly followed by its own end (reads sit between transactions, never inside).
    const transactions = log.filter((l) => !l.startsWith('read'));
    for (let i = 0; i < transactions.length; i += 2) {
      expect(transactions[i + 1]).toBe(transactions[i]!.replace('begin', 'end'));
    }
    for (let i = 0; i < log.length; i++) {
      if (log[i]!.startsWith('read')) {
        const n = Number(log[i]!.split(' ')[1]);
        const endsBefore = log.slice(0, i).filter((l) => l.startsWith('end')).length;
        expect(n).toBe(endsBefore);
      }
    }
  });

  it('lets the event loop run (timers, sockets) during a long transaction, between its statements', async () => {
    let timerFired = false;
    let firedInside = false;
    setTimeout(() => {
      timerFired = true;
    }, 0);
    await db.transaction(async (tx) => {
      // Enough statements to hold the loop well past the adapter's turn; each checks whether the timer ran.
      for (let i = 0; i < 400; i++) {
        await tx.query('SELECT n FROM counter');
        if (timerFired) firedInside = true;
      }
    });
    expect(firedInside).toBe(true);
  });

  it('why it matters: BEGIN/COMMIT sent as plain queries on the one session do interleave and lose updates', async () => {
    const raw = new PGlite({ loadDataDir: template });
    try {
      await raw.exec('CREATE TABLE counter (n int NOT NULL); INSERT INTO counter VALUES (0);');
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          await raw.query('BEGIN');
          const { rows } = await raw.query<{ n: number }>('SELECT n FROM counter');
          await tick(20);
          await raw.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
          await raw.query('COMMIT');
        }),
      );
      const { rows } = await raw.query<{ n: number }>('SELECT n FROM counter');
      expect(rows[0]!.n).toBeLessThan(6);
    } finally {
      await raw.close();
    }
  });
});

describe('PGlite options', () => {
  it('creates and uses the schema it is given', async () => {
    const db = await openPglite({ loadDataDir: template, schema: 'orders_service' });
    try {
      await db.exec('CREATE TABLE orders (id int)');
      const { rows } = await db.query<{ schema: string }>(
        "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'orders'",
      );
      expect(rows).toEqual([{ schema: 'orders_service' }]);
    } finally {
      await db.close();
    }
  });

  it('plans prepared statements once with genericPlans, per call by default', async () => {
    for (const [genericPlans, mode] of [
      [true, 'force_generic_plan'],
      [false, 'auto'],
    ] as const) {
      const db = await openPglite({ loadDataDir: template, genericPlans });
      try {
        await db.exec('CREATE TABLE picks (id int PRIMARY KEY)');
        for (let i = 0; i < 3; i++) await db.query('SELECT id FROM picks WHERE id = ANY($1::int[])', [[i]]);
        const { rows } = await db.query<{ mode: string; generic: number; custom: number }>(
          `SELECT current_setting('plan_cache_mode') AS mode, generic_plans::int AS generic, custom_plans::int AS custom
           FROM pg_prepared_statements WHERE statement LIKE 'SELECT id FROM picks%'`,
        );
        expect(rows).toEqual([
          genericPlans ? { mode, generic: 3, custom: 0 } : { mode, generic: 0, custom: 3 },
        ]);
      } finally {
        await db.close();
      }
    }
  });

  it('starts from a dump in memory only', async () => {
    await expect(openPglite({ loadDataDir: template, dataDir: join(root, 'restore') })).rejects.toMatchObject(
      {
        code: 'invalid_options',
      },
    );
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openPglite({ schema: 'x; DROP TABLE y' })).rejects.toMatchObject({
      code: 'invalid_options',
    });
  });
});

describe('PGlite in a data folder', () => {
  let dataDir: string;
  let db: PgliteDb;

  beforeAll(async () => {
    dataDir = join(root, 'data');
    db = await openPglite({ dataDir, owner: 'test-owner' });
    await db.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here');");
  });

  afterAll(async () => {
    await db?.close();
  });

  it('owns the folder while open: the lock names this process and the owner', async () => {
    const lock = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, owner: 'test-owner' });
    expect(db.dataDirLock?.holder).toMatchObject({ pid: process.pid, owner: 'test-owner' });
  });

  it('refuses a second open of the same folder with data_dir_locked naming the holder and its URL', async () => {
    await db.dataDirLock!.update({ url: 'http://127.0.0.1:9292' });
    const err = await openPglite({ dataDir }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'data_dir_locked',
      dataDir,
      holder: { pid: process.pid, owner: 'test-owner', url: 'http://127.0.0.1:9292' },
    });
    expect((err as Error).message).toBe(
      `data folder ${dataDir} is in use by test-owner (pid ${process.pid}) at http://127.0.0.1:9292`,
    );
  });

  it('keeps the data and frees the folder on close; the next open resumes it', async () => {
    await db.close();
    await expect(readFile(join(dataDir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    db = await openPglite({ dataDir });
    expect((await db.query('SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
  });

  it('refuses a path that is a file, with data_dir_invalid', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    await expect(openPglite({ dataDir: file })).rejects.toMatchObject({
      code: 'data_dir_invalid',
      message: `cannot use data folder ${file}: not a directory`,
    });
  });

  it('refuses a folder with other files in it rather than running initdb among them', async () => {
    const other = join(root, 'someone-elses');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    await expect(openPglite({ dataDir: other })).rejects.toMatchObject({
      code: 'data_dir_invalid',
      message: `cannot use data folder ${other}: it is not empty and not a PGlite data folder (no PG_VERSION)`,
    });
    // And leaves no lock behind.
    await expect(readFile(join(other, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a damaged data folder with data_dir_invalid and frees it again', async () => {
    await db.close();
    const damaged = join(root, 'damaged');
    await cp(dataDir, damaged, { recursive: true });
    await writeFile(join(damaged, 'global', 'pg_control'), '');
    const err = await openPglite({ dataDir: damaged }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'data_dir_invalid', dataDir: damaged });
    expect((err as Error).message).toMatch(
      /^cannot use data folder .*damaged: PGlite cannot open it; it is damaged or was written by another PostgreSQL version/,
    );
    await expect(readFile(join(damaged, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    db = await openPglite({ dataDir });
  });
});

describe('PGlite in a throwaway folder', () => {
  const throwaways = join(tmpdir(), 'accord-pglite-throwaway');
  const gone = (dir: string) =>
    stat(dir).then(
      () => false,
      (err: NodeJS.ErrnoException) => err.code === 'ENOENT',
    );

  it('owns a folder of its own under the temp folder while open and deletes it on close', async () => {
    const db = await openPglite({ throwaway: true, owner: 'test-owner' });
    const dir = db.dataDirLock!.dataDir;
    expect(dirname(dir)).toBe(throwaways);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      owner: 'test-owner',
    });
    await db.exec("CREATE TABLE t (v text); INSERT INTO t VALUES ('x');");
    expect((await db.query<{ v: string }>('SELECT v FROM t')).rows).toEqual([{ v: 'x' }]);
    await db.close();
    expect(await gone(dir)).toBe(true);
  });

  it('is deleted when the process exits without closing it', async () => {
    const module = fileURLToPath(new URL('./pglite.ts', import.meta.url));
    const script = `import { openPglite } from ${JSON.stringify(module)};
      const db = await openPglite({ throwaway: true });
      process.stdout.write(db.dataDirLock.dataDir);
      process.exit(3);`;
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.on('exit', (c) => resolve({ code: c, out }));
    });
    expect(code).toBe(3);
    expect(dirname(out)).toBe(throwaways);
    expect(await gone(out)).toBe(true);
  }, 60_000);

  it('deletes, on the next open, a folder whose process died without deleting it, and spares a young one', async () => {
    const deadPid = Number(
      execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString(),
    );
    await mkdir(throwaways, { recursive: true });
    const left = await mkdtemp(join(throwaways, 'left-'));
    await writeFile(
      join(left, LOCK_FILE),
      `${JSON.stringify({ pid: deadPid, hostname: hostname(), owner: 'killed', startedAt: new Date().toISOString(), token: 't' })}\n`,
    );
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(left, old, old);
    // Another process may have just made this one and not locked it yet.
    const young = await mkdtemp(join(throwaways, 'young-'));
    const db = await openPglite({ throwaway: true });
    try {
      expect(await gone(left)).toBe(true);
      expect(await gone(young)).toBe(false);
    } finally {
      await db.close();
      await rm(young, { recursive: true, force: true });
    }
  });

  it('refuses to be combined with a data folder or a dump', async () => {
    await expect(openPglite({ throwaway: true, dataDir: join(root, 'x') })).rejects.toMatchObject({
      code: 'invalid_options',
    });
    await expect(openPglite({ throwaway: true, loadDataDir: template })).rejects.toMatchObject({
      code: 'invalid_options',
    });
  });
});

describe('the new database kept per PGlite version', () => {
  it('is made once, copied or loaded by later new databases, and made again when damaged', async () => {
    const cacheDir = join(root, 'initdb-cache');
    process.env.ACCORD_PGLITE_CACHE_DIR = cacheDir;
    try {
      // One initdb makes both forms.
      const first = await openPglite();
      await first.close();
      const kept = (await readdir(cacheDir)).sort();
      expect(kept).toHaveLength(2);
      const [folder, dump] = kept;
      expect(dump).toBe(`${folder}.tar`);
      expect(folder).toMatch(/^pglite-\d+\.\d+\.\d+$/);

      // A new folder is a copy of the kept data folder (no dump unpacked in this process).
      const dir = join(root, 'from-cache');
      const inFolder = await openPglite({ dataDir: dir });
      await inFolder.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7);');
      await inFolder.close();
      expect((await readdir(cacheDir)).sort()).toEqual([folder, dump]);
      const reopened = await openPglite({ dataDir: dir });
      expect((await reopened.query<{ n: number }>('SELECT n FROM kept')).rows).toEqual([{ n: 7 }]);
      await reopened.close();
      // The kept folder is untouched by what the new database wrote.
      const second = await openPglite({ dataDir: join(root, 'from-cache-2') });
      expect((await second.query('SELECT 1 FROM pg_tables WHERE tablename = $1', ['kept'])).rows).toEqual([]);
      await second.close();

      await writeFile(join(cacheDir, dump!), 'not a tarball');
      await expect(openPglite()).rejects.toThrow();
      expect(await readdir(cacheDir)).toEqual([folder]);
      const again = await openPglite();
      expect((await again.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await again.close();
      expect((await readdir(cacheDir)).sort()).toEqual([folder, dump]);
    } finally {
      delete process.env.ACCORD_PGLITE_CACHE_DIR;
    }
    // Two initdbs in child processes, on a runner busy with every other package's tests.
  }, 180_000);
});
