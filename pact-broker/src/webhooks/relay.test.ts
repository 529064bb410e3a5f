// Unit tests for the retry schedule (one wait per retry, in order) and for a delivery deleted while it is sent.

import { describe, expect, it } from 'vitest';
import type { Db } from '../db/db.js';
import { parseWebhookConfig } from './config.js';
import { Relay, retryDelayMs } from './relay.js';

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

describe('a delivery deleted while it is being sent', () => {
  it('is logged as such, not as a relay error, whether its row is gone or recording it deadlocked', async () => {
    for (const code of ['23503', '40P01']) {
      const logged: Array<[string, string]> = [];
      let claims = 0;
      const db = {
        query: async (sql: string) => {
          if (sql.includes('UPDATE webhook_deliveries d')) {
            claims += 1;
            // One claimed delivery, to a scheme the policy refuses (no network), then nothing more is due.
            const request = { method: 'POST', url: 'ftp://example.com/x', headers: {}, body: '' };
            return {
              rows: claims === 1 ? [{ id: 1, uuid: 'u1', request, attempts: 1, max_attempts: 7 }] : [],
            };
          }
          if (sql.includes('webhook_executions')) throw Object.assign(new Error('gone'), { code });
          return { rows: [] };
        },
      } as unknown as Db;
      const config = { ...parseWebhookConfig({}), pollMs: 60_000 };
      const relay = new Relay(
        db,
        config,
        { schemes: ['https'], methods: ['POST'], hosts: [] },
        (level, text) => {
          logged.push([level, text]);
        },
      );
      relay.start();
      await expect.poll(() => claims).toBe(2);
      await relay.close();
      expect(
        logged.filter(([level]) => level === 'error'),
        code,
      ).toEqual([]);
      expect(
        logged.some(([, text]) => text.includes('u1')),
        code,
      ).toBe(true);
    }
  });
});
