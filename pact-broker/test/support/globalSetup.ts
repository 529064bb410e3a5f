// Vitest global setup: builds one migrated PGlite database and dumps it, so each test broker loads the dump
// instead of running initdb (seconds saved per test file on a loaded 2-core machine).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, openPglite } from '../../src/db/index.js';

let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'accord-pglite-template-'));
  // A migrated data folder: child-process brokers start from a copy of it.
  const dataDir = join(dir, 'data');
  const db = await openPglite({ dataDir });
  await migrate(db);
  const dump = await db.dump();
  await db.close();
  const file = join(dir, 'template.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('pgliteTemplateDir', dataDir);
}

export async function teardown(): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgliteTemplateDir: string;
  }
}
