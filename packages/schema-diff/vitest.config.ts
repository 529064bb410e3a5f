// Vitest settings: the property-based soundness test may take a few seconds on a loaded CI machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The files share no mutable module state, so a worker keeps its loaded modules between them (a fresh module
    // graph per file was a quarter to a half of this suite's CPU time).
    isolate: false,
    testTimeout: 60_000,
  },
});
