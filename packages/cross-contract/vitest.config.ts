// Vitest settings: generous timeouts because CI runs every package's tests at once on 2 cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The files share no mutable module state, so a worker keeps its loaded modules between them (a fresh module
    // graph per file was a quarter to a half of this suite's CPU time).
    isolate: false,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
