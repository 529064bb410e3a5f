// The outbox relay: claims due deliveries (several processes share the work), sends them, and schedules retries
// on the official retry schedule until it runs out, after which a delivery is dead with its last error.

import type { Db } from '../db/db.js';
import type { Log } from '../deps.js';
import type { WebhookConfig } from './config.js';
import { deliveryOptions, executeRequest } from './deliver.js';
import { claimDue, finishAttempt, insertExecution } from './queries.js';
import type { TargetPolicy } from './ssrf.js';

const BATCH = 10;

/** Delay before try n+1 after n failed tries: entry n of the schedule (its last entry once it runs out). */
export function retryDelayMs(config: Pick<WebhookConfig, 'retryScheduleMs'>, failedTries: number): number {
  const s = config.retryScheduleMs;
  return s[Math.min(Math.max(failedTries, 1), s.length) - 1] ?? 0;
}

export class Relay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly config: WebhookConfig,
    private readonly policy: TargetPolicy,
    private readonly log: Log,
  ) {}

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.kick(), this.config.pollMs);
    this.kick();
  }

  /** Runs a pass now (or right after the current one). Called after writes that queued deliveries. */
  kick(): void {
    // A process started without a relay leaves its outbox rows to the brokers that run one.
    if (this.closed || !this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.log('error', `webhook relay: ${(err as Error).stack ?? String(err)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const batch = await claimDue(this.db, this.config.leaseMs, BATCH);
      if (batch.length === 0) return;
      await Promise.all(
        batch.map(async (d) => {
          const result = await executeRequest(
            this.policy,
            d.request,
            this.config.timeoutMs,
            undefined,
            deliveryOptions(this.config),
          );
          const last = d.attempts >= d.max_attempts;
          try {
            await insertExecution(this.db, d.id, {
              attempt: d.attempts,
              success: result.success,
              status: result.status,
              error: result.error,
              logs: result.logs,
              durationMs: result.durationMs,
            });
            await finishAttempt(this.db, d, {
              success: result.success,
              error: result.error,
              retryInMs: result.success || last ? null : retryDelayMs(this.config, d.attempts),
            });
          } catch (err) {
            const code = (err as { code?: unknown }).code;
            // Deleted meanwhile (its pacticipant or webhook went): nothing is left to record the attempt on.
            if (code === '23503') {
              this.log('info', `webhook delivery ${d.uuid} was deleted while it was being sent`);
              return;
            }
            // Deadlocked with that delete: the lease runs out and the delivery is claimed again (or is gone).
            if (code === '40P01') {
              this.log(
                'warn',
                `webhook delivery ${d.uuid}: recording the attempt deadlocked; it will be retried`,
              );
              return;
            }
            throw err;
          }
          this.log(
            result.success ? 'debug' : 'info',
            `webhook delivery ${d.uuid} try ${d.attempts}/${d.max_attempts}: ${result.success ? 'delivered' : `${result.error}${last ? ' (dead)' : ''}`}`,
          );
        }),
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
