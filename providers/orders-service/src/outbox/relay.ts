// The outbox relay: publishes unsent outbox rows in order through a Transport and marks them sent; safe to run anywhere, any number of times.
import type { Db } from '@accord/db';
import type { OutgoingMessage, Transport } from '../transport/transport.js';
import { claimUnsent, markSent, type OutboxRow, recordFailure } from './outbox.js';

export interface RelayOptions {
  db: Db;
  transport: Transport;
  batchSize?: number;
  /** Poll interval when running; `wake()` triggers a pass sooner. */
  intervalMs?: number;
  /** Told about publish failures (the row stays unsent and is retried on the next pass). */
  onError?: (error: unknown, row?: OutboxRow) => void;
}

export interface RelayPassResult {
  published: number;
  failed: number;
}

export interface OutboxRelay {
  /**
   * One pass: locks a batch of unsent rows (FOR UPDATE SKIP LOCKED), publishes them in order, marks the
   * published ones sent and commits. A crash before the commit leaves the rows unsent, so they are
   * published again later: delivery is at-least-once and consumers de-duplicate on the event id.
   */
  relayOnce(): Promise<RelayPassResult>;
  /** Passes until a pass publishes nothing; returns the total published. */
  drain(): Promise<number>;
  start(): void;
  /** Asks a running relay for a pass now (after a commit that enqueued events). */
  wake(): void;
  /** Stops polling and waits for the pass in flight. */
  stop(): Promise<void>;
}

const encoder = new TextEncoder();

/** The message the relay publishes for an outbox row (also what the pact message providers return). */
export function outgoingMessageFor(row: OutboxRow): OutgoingMessage {
  return {
    routingKey: row.routingKey,
    messageId: row.eventId,
    type: row.eventType,
    schemaVersion: row.schemaVersion,
    body: encoder.encode(JSON.stringify(row.payload)),
    contentType: 'application/json',
    timestamp: new Date(row.payload.time),
  };
}

export function createOutboxRelay(options: RelayOptions): OutboxRelay {
  const batchSize = options.batchSize ?? 50;
  const intervalMs = options.intervalMs ?? 250;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  let again = false;

  const relayOnce = async (): Promise<RelayPassResult> =>
    options.db.transaction(async (tx) => {
      const rows = await claimUnsent(tx, batchSize);
      const sent: number[] = [];
      let failed = 0;
      for (const row of rows) {
        try {
          await options.transport.publish(outgoingMessageFor(row));
          sent.push(row.seq);
        } catch (error) {
          // Stop at the first failure so events of one order never overtake each other.
          failed = rows.length - sent.length;
          await recordFailure(tx, row.seq, (error as Error)?.message ?? String(error));
          options.onError?.(error, row);
          break;
        }
      }
      await markSent(tx, sent);
      return { published: sent.length, failed };
    });

  const pass = () => {
    const next = inFlight.then(async () => {
      do {
        again = false;
        try {
          const result = await relayOnce();
          if (result.published === batchSize) again = true;
        } catch (error) {
          options.onError?.(error);
        }
      } while (again && running);
    });
    inFlight = next;
    return next;
  };

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => {
      void pass().then(schedule);
    }, intervalMs);
    timer.unref?.();
  };

  return {
    relayOnce,
    async drain() {
      let total = 0;
      for (;;) {
        const { published, failed } = await relayOnce();
        total += published;
        if (published === 0 || failed > 0) return total;
      }
    },
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    wake() {
      if (!running) return;
      again = true;
      void pass();
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      await inFlight;
    },
  };
}
