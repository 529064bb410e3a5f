// Runs every test under test/ once on embedded PGlite and once on the PostgreSQL server (a project per storage);
// the unit tests beside the code (src/) touch no storage, so they run once, in their own project.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A test process is short-lived: V8's optimising tier never pays back compiling PGlite's WASM postgres
    // (about half of a PGlite file's CPU time on a 2-core runner).
    execArgv: ['--liftoff-only'],
    // Most of a broker test's time is spent waiting on PostgreSQL, child processes and sockets, not on the CPU:
    // vitest's default (one worker per core less one) runs these files one at a time on a 2-core runner.
    maxWorkers: Math.max(4, availableParallelism()),
    // Each file starts and closes its own brokers, so files can share a worker's loaded modules (a worker only
    // ever runs files of one project, so the storage a project names is the one its files see).
    isolate: false,
    globalSetup: ['test/support/globalSetup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'pglite', include: ['test/**/*.test.ts'], env: { ACCORD_BROKER_STORAGE: 'pglite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          env: { ACCORD_BROKER_STORAGE: 'postgres' },
        },
      },
    ],
  },
});
