// In-memory IdempotencyStore: for tests and single-process consumers (state is lost on restart).
import { randomUUID } from 'node:crypto';
import { type ClaimOptions, type ClaimOutcome, DEFAULT_LEASE_MS, type IdempotencyStore } from './store.js';

interface Entry {
  status: 'in_progress' | 'done';
  token: string;
  attempts: number;
  leaseUntil: number;
  doneAt?: number;
}

export interface MemoryIdempotencyStoreOptions {
  /** Clock in ms; injectable so lease expiry can be tested without waiting. Default Date.now. */
  now?: () => number;
}

export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): IdempotencyStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const keyOf = (messageId: string, consumer: string) => `${consumer}\u0000${messageId}`;

  return {
    async claim(messageId: string, consumer: string, claimOptions: ClaimOptions = {}): Promise<ClaimOutcome> {
      const key = keyOf(messageId, consumer);
      const t = now();
      const leaseUntil = t + (claimOptions.leaseMs ?? DEFAULT_LEASE_MS);
      const entry = entries.get(key);
      if (entry === undefined) {
        const token = randomUUID();
        entries.set(key, { status: 'in_progress', token, attempts: 1, leaseUntil });
        return { status: 'claimed', token, attempts: 1 };
      }
      if (entry.status === 'done') return { status: 'done' };
      if (entry.leaseUntil > t) return { status: 'in-progress' };
      entry.token = randomUUID();
      entry.attempts += 1;
      entry.leaseUntil = leaseUntil;
      return { status: 'claimed', token: entry.token, attempts: entry.attempts };
    },
    async markDone(messageId, consumer, token) {
      const entry = entries.get(keyOf(messageId, consumer));
      if (entry === undefined || entry.status !== 'in_progress' || entry.token !== token) return false;
      entry.status = 'done';
      entry.doneAt = now();
      return true;
    },
    async release(messageId, consumer, token) {
      const entry = entries.get(keyOf(messageId, consumer));
      if (entry !== undefined && entry.status === 'in_progress' && entry.token === token)
        entry.leaseUntil = now();
    },
    async prune(olderThan) {
      let removed = 0;
      for (const [key, entry] of entries) {
        if (entry.status === 'done' && entry.doneAt !== undefined && entry.doneAt < olderThan.getTime()) {
          entries.delete(key);
          removed++;
        }
      }
      return removed;
    },
  };
}
