// Runs every test under test/ once on embedded PGlite and once on the PostgreSQL server (a project per storage);
// the unit tests beside the code (src/) touch no storage, so they run once, in their own project.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A test process is short-lived: V8's optimising tier never pays back compiling PGlite's WASM postgres
    // (about half of a PGlite file's CPU time on a 2-core runner).
    execArgv: ['--liftoff-only'],
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
