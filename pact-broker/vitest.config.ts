// Runs every test file once on embedded PGlite and once on the PostgreSQL server (project per storage).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/globalSetup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'pglite', env: { ACCORD_BROKER_STORAGE: 'pglite' } },
      },
      {
        extends: true,
        test: { name: 'postgres', env: { ACCORD_BROKER_STORAGE: 'postgres' } },
      },
    ],
  },
});
