// Vitest settings for @accord/pipeline: the end-to-end tests start the broker and run the services' pact
// tests as child processes, so they get long timeouts and run one file at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
