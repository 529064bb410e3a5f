// Vitest settings for @accord/pipeline: the end-to-end tests start brokers and run the services' pact tests and
// verifications as child processes, each in its own copy of the workspace on its own ports, so two files run at
// once (one waits on children while the other computes); their timeouts allow for a busy 2-core runner.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
  },
});
