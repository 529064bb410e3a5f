// Unit tests for the retry schedule: one wait per retry, in order.

import { describe, expect, it } from 'vitest';
import { parseWebhookConfig } from './config.js';
import { retryDelayMs } from './relay.js';

describe('retryDelayMs', () => {
  it('waits the official 10 s, 1, 2, 5, 10 and 20 min between the 7 tries', () => {
    const config = parseWebhookConfig({});
    expect(config.maxAttempts).toBe(7);
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(config, n))).toEqual([
      10_000, 60_000, 120_000, 300_000, 600_000, 1_200_000,
    ]);
  });

  it('reads the schedule in seconds, space or comma separated; the old try limit still builds one', () => {
    expect(parseWebhookConfig({ PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1 2,3' }).retryScheduleMs).toEqual([
      1000, 2000, 3000,
    ]);
    const old = parseWebhookConfig({
      PACT_BROKER_WEBHOOK_MAX_ATTEMPTS: '4',
      PACT_BROKER_WEBHOOK_BACKOFF_MS: '50',
    });
    expect(old).toMatchObject({ maxAttempts: 4, retryScheduleMs: [50, 100, 200] });
    expect(retryDelayMs(old, 9)).toBe(200);
  });
});
