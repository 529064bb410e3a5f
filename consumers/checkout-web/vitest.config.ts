// Vitest settings for checkout-web: unit, end-to-end and pact consumer tests (the pact test rewrites pacts/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
