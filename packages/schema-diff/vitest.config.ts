// Vitest settings: the property-based soundness test may take a few seconds on a loaded CI machine.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
  },
});
