// Vitest settings for orders-service: unit + integration tests (PGlite, PostgreSQL, RabbitMQ); pact verification runs separately.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/pact/**', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Short-lived test workers never pay back V8 optimising PGlite's WASM postgres; its baseline tier is enough.
    execArgv: ['--liftoff-only'],
  },
});
