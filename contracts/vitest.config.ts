// Vitest settings for @accord/contracts: generous timeouts because the artifact checks run
// json-schema-to-typescript and spawn the CLIs while CI runs every package in parallel on 2 cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The files share no mutable module state, so a worker keeps its loaded modules between them (a fresh module
    // graph per file was a quarter to a half of this suite's CPU time).
    isolate: false,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
