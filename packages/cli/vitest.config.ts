// Tests spawn the built CLI, git and scaffolded packages; CI runs every package at once on two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
