// Embedded PostgreSQL (PGlite), in memory or in a data folder this process owns (its own, or a throwaway one).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { acquireDataDirLock, type DataDirLock, LOCK_FILE, readDataDirHolder } from './data-dir-lock.js';
import { DbError } from './errors.js';
import { SessionStatements } from './pglite-statements.js';
import { quoteIdent, validSchema } from './sql.js';
import type { Db, MigratableDb, QueryResult } from './types.js';

// Locking, settled: PGlite has one session and serialises it itself. `query`, `exec` and `transaction` each
// hold PGlite's transaction mutex for their whole run (BEGIN to COMMIT/ROLLBACK for a transaction), and a
// transaction's own statements go through its `tx` handle, which skips that mutex. So concurrent callers are
// queued in order, and no statement of another caller runs between a transaction's statements: this adapter
// adds no lock of its own (src/pglite.test.ts proves it with concurrent transactions and plain queries).
// The one rule: inside transaction(fn), use `tx`; awaiting the outer handle there waits for itself forever.
//
// PGlite runs in this thread and its promises resolve as microtasks, so a long transaction (or a long queue of
// statements) would never let the event loop read a socket: every other request, even one that needs no
// database, would wait for it. Before a statement, once the loop has been held for TURN_MS, the adapter yields
// one whole turn of the event loop; statements of other callers still cannot run in between (the mutex is held).
// A turn is two setImmediate hops: from an I/O callback one hop ends in the same turn's check phase, before the
// timers and the poll for new socket data, which then waited for the next yield.
const TURN_MS = 8;
let heldSince = performance.now();
function letIoRun(): Promise<void> | undefined {
  const now = performance.now();
  if (now - heldSince < TURN_MS) return undefined;
  return new Promise<void>((resolve) =>
    setImmediate(() =>
      setImmediate(() => {
        heldSince = performance.now();
        resolve();
      }),
    ),
  );
}

// PostgreSQL's defaults size shared memory for a server with many backends (128 MB of shared buffers alone);
// PGlite is one backend whose files sit in the OS page cache (or, in memory, in this process already), so small
// buffers cost little speed and save over 100 MiB of resident memory.
const SMALL_FOOTPRINT = [
  '-c',
  'shared_buffers=8MB',
  '-c',
  'wal_buffers=512kB',
  '-c',
  'temp_buffers=1MB',
  '-c',
  'maintenance_work_mem=8MB',
  '-c',
  'max_connections=4',
  '-c',
  'max_wal_senders=0',
  '-c',
  'max_replication_slots=0',
];

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

// Fills the folder ACCORD_PGLITE_FOLDER and writes its dump to ACCORD_PGLITE_DUMP: both forms from one initdb.
const INITDB = `
const { PGlite } = await import(process.env.ACCORD_PGLITE_URL);
const { writeFile } = await import('node:fs/promises');
const pg = new PGlite({ dataDir: process.env.ACCORD_PGLITE_FOLDER });
await pg.waitReady;
await writeFile(process.env.ACCORD_PGLITE_DUMP, Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer()));
await pg.close();
`;

/** Runs initdb in a child process; true when it made both the folder and the dump. */
function initdbChild(pgliteUrl: string, folder: string, dump: string): Promise<boolean> {
  return new Promise((resolve) => {
    // One initdb and exit: V8's optimising tier would only spend CPU on PGlite's WASM (a Node without the flag
    // fails the child, and initdb runs here).
    const child = spawn(process.execPath, ['--liftoff-only', '--input-type=module', '-e', INITDB], {
      env: {
        PATH: process.env.PATH ?? '',
        ACCORD_PGLITE_URL: pgliteUrl,
        ACCORD_PGLITE_FOLDER: folder,
        ACCORD_PGLITE_DUMP: dump,
      },
      stdio: 'ignore',
    });
    child.once('error', () => resolve(false));
    child.once('exit', (exitCode) => resolve(exitCode === 0));
  });
}

/**
 * A new, empty database: for a folder, the folder filled; in memory, a dump to load. Undefined when none can be
 * made apart (PGlite then runs initdb in this process as before).
 *
 * initdb runs in a child process: PGlite runs it in extra WebAssembly instances whose memory (some 450 MiB) a
 * process keeps for the rest of its life, and a child gives it all back when it exits. Its result depends only on
 * the PGlite build, so it is kept in the temp folder under that version, as a data folder (copied into a new
 * folder by plain file copies: unpacking a dump would grow this process's WebAssembly memory for good) and as a
 * dump (loaded into a new in-memory database). Every later new database on this machine starts from it: a copy
 * or a load instead of 3-5 s of CPU. Each is made under a temporary name and renamed, so it is whole or absent.
 */
async function newDatabase(dir: string | undefined): Promise<{ dump?: Blob; cached: string } | undefined> {
  let pgliteUrl: string;
  let version: string;
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve('@electric-sql/pglite');
    pgliteUrl = pathToFileURL(main).href;
    version = (JSON.parse(await readFile(join(main, '../../package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return undefined;
  }
  const cacheDir = process.env.ACCORD_PGLITE_CACHE_DIR ?? join(tmpdir(), 'accord-pglite-initdb');
  const keptFolder = join(cacheDir, `pglite-${version}`);
  const keptDump = `${keptFolder}.tar`;
  const cached = dir === undefined ? keptDump : keptFolder;
  if (!(await exists(cached))) {
    await mkdir(cacheDir, { recursive: true });
    const tmp = await mkdtemp(join(cacheDir, 'new-'));
    try {
      const folder = join(tmp, 'data');
      const dump = join(tmp, 'data.tar');
      if (!(await initdbChild(pgliteUrl, folder, dump))) return undefined;
      // Another process may have won the race; its copy is as good.
      await rename(folder, keptFolder).catch(() => {});
      await rename(dump, keptDump).catch(() => {});
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  try {
    if (dir !== undefined) {
      await cp(cached, dir, { recursive: true });
      return { cached };
    }
    return { dump: new Blob([await readFile(cached)]), cached };
  } catch {
    return undefined;
  }
}

// Throwaway folders live here; one whose process died without deleting it (SIGKILL) is deleted by a later open.
const throwawayRoot = () => join(tmpdir(), 'accord-pglite-throwaway');
/** A folder this young may be one that another process made and has not locked yet. */
const THROWAWAY_GRACE_MS = 60_000;

async function throwawayFolder(): Promise<string> {
  const root = throwawayRoot();
  await mkdir(root, { recursive: true });
  for (const entry of await readdir(root).catch(() => [])) {
    const folder = join(root, entry);
    const info = await stat(folder).catch(() => undefined);
    if (info === undefined || Date.now() - info.mtimeMs < THROWAWAY_GRACE_MS) continue;
    if ((await readDataDirHolder(folder)) === undefined) await rm(folder, { recursive: true, force: true });
  }
  return mkdtemp(join(root, 'db-'));
}

const discarded = new Set<string>();
let discardHookInstalled = false;
/** Deletes `dir` when called, or when the process exits before that; returns the call. */
function discardOnExit(dir: string): () => Promise<void> {
  discarded.add(dir);
  if (!discardHookInstalled) {
    discardHookInstalled = true;
    // Synchronous, as 'exit' allows: PGlite's files are closed by then or die with the process.
    process.on('exit', () => {
      for (const d of discarded) rmSync(d, { recursive: true, force: true });
    });
  }
  return async () => {
    discarded.delete(dir);
    await rm(dir, { recursive: true, force: true });
  };
}

export interface PgliteOptions {
  /** Data folder (created if missing) that this process then owns until close(); absent means in memory. */
  dataDir?: string | undefined;
  /**
   * A data folder of its own under the temp folder, deleted on close or exit: the lifetime of an in-memory database
   * at a folder's resident memory (an in-memory one holds its files and their load in this process, some 170 MiB).
   * Refused with dataDir or loadDataDir.
   */
  throwaway?: boolean | undefined;
  /** In memory only: start from a dump (`dump()`) instead of running initdb, much faster for throwaway databases. */
  loadDataDir?: Blob | File | undefined;
  /** Schema to create and use for every statement (search_path); default public. */
  schema?: string | undefined;
  /** Name recorded in the data folder's lock, e.g. "accord-broker"; default the script's file name. */
  owner?: string | undefined;
  /**
   * Plan each prepared statement once for the session, never per call (`plan_cache_mode = force_generic_plan`), as
   * `PostgresOptions.genericPlans` does on a server.
   */
  genericPlans?: boolean | undefined;
}

export type PgliteDb = MigratableDb & {
  readonly kind: 'pglite';
  /** A tarball of the data folder, for `loadDataDir`. */
  dump(): Promise<Blob | File>;
};

/** Runs of a transaction that met a stale prepared statement; each run prepares every statement afresh. */
const MAX_STALE_ATTEMPTS = 3;

/**
 * A transaction's handle. Its statements take only PGlite's query mutex (the transaction already holds the
 * transaction mutex), as PGlite's own `tx.query` does; they run as the session's prepared statements.
 */
function txDb(pg: PGlite, tx: Transaction, statements: SessionStatements): Db {
  const self: Db = {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      await letIoRun();
      if (tx.closed) throw new Error('Transaction is closed');
      const rows = await pg.runExclusive(() => statements.query<T>(sql, params ?? [], true));
      return { rows };
    },
    transaction: (fn) => fn(self),
    async exec(sql) {
      await letIoRun();
      try {
        await tx.exec(sql);
      } finally {
        // A script may change the schema under the prepared statements; the transaction's next ones parse afresh.
        statements.forgetAll();
      }
    },
  };
  return self;
}

/** Checks the folder before PGlite writes into it: a directory we may write, empty or a PGlite data folder. */
async function prepareDataDir(dir: string): Promise<void> {
  const found = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw invalid(dir, err.code === 'EACCES' ? 'permission denied' : err.message, err);
  });
  if (found !== undefined && !found.isDirectory()) throw invalid(dir, 'not a directory');
  await mkdir(dir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw invalid(dir, err.code === 'EACCES' ? 'permission denied' : err.message, err);
  });
}

async function checkContents(dir: string): Promise<void> {
  const entries = (await readdir(dir)).filter((e) => e !== LOCK_FILE && !e.startsWith(`${LOCK_FILE}.`));
  // PGlite would run initdb into any folder without PG_VERSION, scattering files among someone else's.
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw invalid(dir, 'it is not empty and not a PGlite data folder (no PG_VERSION)');
  }
}

function invalid(dir: string, reason: string, cause?: unknown): DbError {
  return new DbError('data_dir_invalid', `cannot use data folder ${dir}: ${reason}`, {
    dataDir: dir,
    ...(cause === undefined ? {} : { cause }),
  });
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDb> {
  if (options.schema !== undefined && !validSchema(options.schema)) {
    throw new DbError(
      'invalid_options',
      `schema must be a lower-case SQL identifier, got "${options.schema}"`,
    );
  }
  if (options.dataDir !== undefined && options.loadDataDir !== undefined) {
    // Unpacking a dump into a folder would also unpack the dumped folder's lock over this process's own.
    throw new DbError(
      'invalid_options',
      'loadDataDir starts an in-memory database; it cannot be combined with dataDir',
    );
  }
  if (options.throwaway && (options.dataDir !== undefined || options.loadDataDir !== undefined)) {
    throw new DbError(
      'invalid_options',
      'throwaway makes its own data folder; it cannot be combined with dataDir or loadDataDir',
    );
  }
  const dir = options.throwaway
    ? await throwawayFolder()
    : options.dataDir === undefined
      ? undefined
      : resolve(options.dataDir);
  let lock: DataDirLock | undefined;
  if (dir !== undefined) {
    await prepareDataDir(dir);
    lock = await acquireDataDirLock(dir, { owner: options.owner });
  }
  // Whatever ends this handle (close, a failed open, the process exiting) deletes a throwaway folder.
  const discard = options.throwaway && dir !== undefined ? discardOnExit(dir) : undefined;
  let pg: PGlite;
  try {
    if (dir !== undefined) await checkContents(dir);
    const fresh =
      dir === undefined ? options.loadDataDir === undefined : !(await exists(join(dir, 'PG_VERSION')));
    const made = fresh ? await newDatabase(dir) : undefined;
    const loadDataDir = made?.dump ?? options.loadDataDir;
    pg = new PGlite({
      startParams: [
        ...PGlite.defaultStartParams,
        ...SMALL_FOOTPRINT,
        ...(options.genericPlans ? ['-c', 'plan_cache_mode=force_generic_plan'] : []),
      ],
      ...(dir === undefined ? {} : { dataDir: dir }),
      ...(loadDataDir === undefined ? {} : { loadDataDir }),
    });
    await pg.waitReady.catch(async (err: unknown) => {
      // A cached new database that does not load is dropped, so the next open makes a new one.
      if (made !== undefined) await rm(made.cached, { recursive: true, force: true });
      throw dir === undefined
        ? err
        : invalid(
            dir,
            `PGlite cannot open it; it is damaged or was written by another PostgreSQL version (${(err as Error).message})`,
            err,
          );
    });
    if (options.schema !== undefined) {
      // One session for the life of the handle, so this search_path holds for every statement.
      await pg.exec(
        `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}; SET search_path TO ${quoteIdent(options.schema)};`,
      );
    }
  } catch (err) {
    await lock?.release();
    await discard?.();
    throw err;
  }
  const statements = new SessionStatements(pg);
  let closing: Promise<void> | undefined;
  // Work handed to the one session, running or queued: what the pool gauges report for PGlite.
  let pending = 0;
  const counted = async <T>(work: () => Promise<T>): Promise<T> => {
    pending++;
    try {
      return await work();
    } finally {
      pending--;
    }
  };
  const db: PgliteDb = {
    kind: 'pglite',
    dataDirLock: lock,
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const rows = await counted(async () => {
        await letIoRun();
        // PGlite's query() takes the transaction mutex, then the query mutex: so does a statement here.
        return pg._runExclusiveTransaction(() =>
          pg.runExclusive(async () => {
            if (!pg.ready) await pg._checkReady(); // throws once close() has begun
            return statements.query<T>(sql, params ?? [], false);
          }),
        );
      });
      return { rows };
    },
    transaction: (fn) =>
      counted(async () => {
        for (let attempt = 1; ; attempt++) {
          const staleBefore = statements.staleSeen;
          try {
            return await pg.transaction((tx) => fn(txDb(pg, tx, statements)));
          } catch (err) {
            // A statement prepared before a schema change aborted the transaction; it is prepared afresh now, so
            // the transaction runs again from the start (as on PostgreSQL).
            if (statements.staleSeen === staleBefore || attempt >= MAX_STALE_ATTEMPTS) throw err;
          }
        }
      }),
    async exec(sql) {
      await counted(async () => {
        try {
          await pg.exec(sql);
        } finally {
          statements.forgetAll();
        }
      });
    },
    poolStats: () => ({ total: 1, idle: pending === 0 ? 1 : 0, waiting: Math.max(0, pending - 1) }),
    // PGlite is a single session already: every query is on it.
    withSession: (fn) => fn(db),
    dump: () => pg.dumpDataDir('none'),
    close() {
      // PGlite's close waits for the statement and transaction in flight; the folder is free only after it.
      closing ??= pg
        .close()
        .finally(() => lock?.release())
        .finally(() => discard?.());
      return closing;
    },
  };
  return db;
}
