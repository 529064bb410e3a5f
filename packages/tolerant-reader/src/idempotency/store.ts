// Idempotent consumption: the store interface and processOnce, which gives at-least-once handling without duplicates.

/** Outcome of trying to take a message for processing. */
export type ClaimOutcome =
  /** This worker holds the lease; `attempts` counts claims of this message (1 on first delivery). */
  | { status: 'claimed'; token: string; attempts: number }
  /** Processed before: acknowledge and skip. */
  | { status: 'done' }
  /** Another worker holds a live lease: do NOT acknowledge; let the broker redeliver later. */
  | { status: 'in-progress' };

export interface ClaimOptions {
  /**
   * How long the claim protects the message from other workers. A worker that crashes mid-handler
   * loses nothing: once the lease runs out the next delivery claims it again. Default 60 000 ms.
   */
  leaseMs?: number;
}

/**
 * A ledger of processed message ids per consumer. Implementations must make `claim` atomic: of two
 * concurrent claims of the same (messageId, consumer) at most one is 'claimed'.
 */
export interface IdempotencyStore {
  claim(messageId: string, consumer: string, options?: ClaimOptions): Promise<ClaimOutcome>;
  /** Records success. False when the claim was lost (lease expired and another worker took over). */
  markDone(messageId: string, consumer: string, token: string): Promise<boolean>;
  /** Gives the message back at once (handler failed), so a redelivery can claim it without waiting. */
  release(messageId: string, consumer: string, token: string): Promise<void>;
  /** Forgets 'done' entries finished before `olderThan` (keep longer than the broker's redelivery window). */
  prune(olderThan: Date): Promise<number>;
}

export const DEFAULT_LEASE_MS = 60_000;

export type ProcessOutcome<R> =
  | { status: 'processed'; result: R; attempts: number; recorded: boolean }
  | { status: 'duplicate' }
  | { status: 'in-progress' };

export interface ProcessOnceOptions extends ClaimOptions {
  messageId: string;
  /** Name of the consuming service/handler: each consumer processes every message once. */
  consumer: string;
}

/**
 * Runs `handler` unless this consumer already processed `messageId`.
 * - 'processed': the handler ran and finished; acknowledge the message. (`recorded` is false in the rare
 *   case the lease expired during the handler and another worker re-claimed: the handler may run twice,
 *   which at-least-once delivery allows.)
 * - 'duplicate': processed before; acknowledge and skip.
 * - 'in-progress': another worker is on it right now; do not acknowledge (nack/requeue with delay).
 * If the handler throws, the claim is released and the error rethrown: do not acknowledge, so the
 * broker redelivers. A crash before markDone leaves a lease that expires, so the message is retried.
 */
export async function processOnce<R>(
  store: IdempotencyStore,
  options: ProcessOnceOptions,
  handler: (context: { attempts: number }) => Promise<R> | R,
): Promise<ProcessOutcome<R>> {
  const claim = await store.claim(options.messageId, options.consumer, {
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
  });
  if (claim.status === 'done') return { status: 'duplicate' };
  if (claim.status === 'in-progress') return { status: 'in-progress' };
  let result: R;
  try {
    result = await handler({ attempts: claim.attempts });
  } catch (error) {
    try {
      await store.release(options.messageId, options.consumer, claim.token);
    } catch {
      // The handler's error is the one that matters; an unreleased lease simply expires.
    }
    throw error;
  }
  const recorded = await store.markDone(options.messageId, options.consumer, claim.token);
  return { status: 'processed', result, attempts: claim.attempts, recorded };
}
