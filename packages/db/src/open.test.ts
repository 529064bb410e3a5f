import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres.js';
import { openDb } from './open.js';

let database: TestDatabase;
let root: string;

beforeAll(async () => {
  database = await createTestDatabase();
  root = await mkdtemp(join(tmpdir(), 'accord-db-open-'));
});

afterAll(async () => {
  await database?.drop();
  await rm(root, { recursive: true, force: true });
});

describe('openDb', () => {
  it('opens PostgreSQL when given a URL, even with a data folder beside it', async () => {
    const db = await openDb({ databaseUrl: database.url, dataDir: join(root, 'unused'), poolSize: 2 });
    try {
      expect(db.kind).toBe('postgres');
      expect(db.dataDirLock).toBeUndefined();
      expect((await db.query('SELECT current_database() AS name')).rows).toEqual([{ name: database.name }]);
    } finally {
      await db.close();
    }
  });

  it('opens PGlite in memory only when asked to', async () => {
    await expect(openDb({})).rejects.toMatchObject({
      code: 'invalid_options',
      message: 'openDb needs a databaseUrl, a dataDir, or memory: true',
    });
    const db = await openDb({ memory: true, schema: 'app' });
    try {
      expect(db.kind).toBe('pglite');
      expect((await db.query('SELECT current_schema() AS s')).rows).toEqual([{ s: 'app' }]);
    } finally {
      await db.close();
    }
  });

  it('opens PGlite in the data folder it is given, checking the folder first', async () => {
    const file = join(root, 'file');
    await writeFile(file, '');
    await expect(openDb({ dataDir: file })).rejects.toMatchObject({ code: 'data_dir_invalid' });
  });
});
