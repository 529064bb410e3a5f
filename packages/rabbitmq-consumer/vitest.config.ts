// Talks to the machine's RabbitMQ; CI runs every package at once on two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
