// Vitest settings for orders-service: unit + integration tests (PGlite, PostgreSQL, RabbitMQ); pact verification runs separately.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The files share no mutable module state, so a worker keeps its loaded modules between them (a fresh module
    // graph per file was a quarter to a half of this suite's CPU time).
    isolate: false,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/pact/**', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Short-lived test workers never pay back V8 optimising PGlite's WASM postgres; its baseline tier is enough.
    execArgv: ['--liftoff-only'],
  },
});
