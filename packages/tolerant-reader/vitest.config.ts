// Vitest settings: generous timeouts because CI runs every package's tests at once on 2 cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The files share no mutable module state, so a worker keeps its loaded modules between them (a fresh module
    // graph per file was a quarter to a half of this suite's CPU time).
    isolate: false,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PGlite boots a WASM Postgres in beforeAll; ajv compiles schemas on first use.
    hookTimeout: 60_000,
    // Short-lived test workers never pay back V8 optimising PGlite's WASM postgres; its baseline tier is enough.
    execArgv: ['--liftoff-only'],
    testTimeout: 30_000,
  },
});
