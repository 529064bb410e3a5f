// Vitest settings: PGlite boots a WASM PostgreSQL per database, and CI runs every package at once on two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Short-lived test workers never pay back V8 optimising PGlite's WASM postgres; its baseline tier is enough.
    execArgv: ['--liftoff-only'],
  },
});
