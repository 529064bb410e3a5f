// Vitest settings for `npm run verify:pacts`: provider verification only, one long test.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/pact/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
