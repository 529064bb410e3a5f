// The behaviour every IdempotencyStore must have; run against each implementation.
import { describe, expect, it } from 'vitest';
import { type IdempotencyStore, processOnce } from '../../src/idempotency/store.js';

export interface StoreHarness {
  store: IdempotencyStore;
  /** Makes every lease taken so far look expired (advance a fake clock, or use leaseMs 0). */
  expiredLeaseMs: number;
  /** Called before asserting on expiry, e.g. to advance a fake clock. */
  expireLeases?: () => void;
}

let seq = 0;
const uniqueId = () => `msg-${process.pid}-${Date.now()}-${seq++}`;

export function idempotencyStoreContract(name: string, harness: () => StoreHarness): void {
  describe(`${name}: IdempotencyStore contract`, () => {
    it('claims a new message once, then reports it in progress, then done after markDone', async () => {
      const { store } = harness();
      const id = uniqueId();
      const first = await store.claim(id, 'billing');
      expect(first).toMatchObject({ status: 'claimed', attempts: 1 });
      expect(await store.claim(id, 'billing')).toEqual({ status: 'in-progress' });
      expect(await store.markDone(id, 'billing', (first as { token: string }).token)).toBe(true);
      expect(await store.claim(id, 'billing')).toEqual({ status: 'done' });
    });

    it('keeps consumers independent', async () => {
      const { store } = harness();
      const id = uniqueId();
      const a = await store.claim(id, 'billing');
      await store.markDone(id, 'billing', (a as { token: string }).token);
      expect(await store.claim(id, 'shipping')).toMatchObject({ status: 'claimed' });
    });

    it('lets exactly one of many concurrent claims win', async () => {
      const { store } = harness();
      const id = uniqueId();
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.claim(id, 'billing')));
      expect(outcomes.filter((o) => o.status === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'in-progress')).toHaveLength(7);
    });

    it('does not lose a message whose worker crashed: the expired lease is claimed again', async () => {
      const h = harness();
      const id = uniqueId();
      const crashed = await h.store.claim(id, 'billing', { leaseMs: h.expiredLeaseMs });
      expect(crashed.status).toBe('claimed');
      h.expireLeases?.();
      const retry = await h.store.claim(id, 'billing');
      expect(retry).toMatchObject({ status: 'claimed', attempts: 2 });
      // The crashed worker's token no longer counts.
      expect(await h.store.markDone(id, 'billing', (crashed as { token: string }).token)).toBe(false);
      expect(await h.store.markDone(id, 'billing', (retry as { token: string }).token)).toBe(true);
    });

    it('processOnce runs the handler once and reports duplicates', async () => {
      const { store } = harness();
      const id = uniqueId();
      let runs = 0;
      const handler = async () => ++runs;
      expect(await processOnce(store, { messageId: id, consumer: 'billing' }, handler)).toEqual({
        status: 'processed',
        result: 1,
        attempts: 1,
        recorded: true,
      });
      expect(await processOnce(store, { messageId: id, consumer: 'billing' }, handler)).toEqual({
        status: 'duplicate',
      });
      expect(runs).toBe(1);
    });

    it('processOnce releases the claim when the handler fails, so the redelivery runs at once', async () => {
      const { store } = harness();
      const id = uniqueId();
      const failure = new Error('downstream unavailable');
      await expect(
        processOnce(store, { messageId: id, consumer: 'billing' }, () => {
          throw failure;
        }),
      ).rejects.toBe(failure);
      const second = await processOnce(
        store,
        { messageId: id, consumer: 'billing' },
        ({ attempts }) => attempts,
      );
      expect(second).toEqual({ status: 'processed', result: 2, attempts: 2, recorded: true });
    });

    it('processOnce answers in-progress while another worker holds the lease', async () => {
      const { store } = harness();
      const id = uniqueId();
      await store.claim(id, 'billing');
      let ran = false;
      const outcome = await processOnce(store, { messageId: id, consumer: 'billing' }, () => {
        ran = true;
      });
      expect(outcome).toEqual({ status: 'in-progress' });
      expect(ran).toBe(false);
    });

    it('prunes done entries older than a cut-off, never in-progress ones', async () => {
      const { store } = harness();
      const done = uniqueId();
      const open = uniqueId();
      await processOnce(store, { messageId: done, consumer: 'pruner' }, () => 1);
      await store.claim(open, 'pruner');
      expect(await store.prune(new Date(Date.now() - 3_600_000))).toBe(0);
      expect(await store.prune(new Date(Date.now() + 3_600_000))).toBeGreaterThanOrEqual(1);
      expect(await store.claim(done, 'pruner')).toMatchObject({ status: 'claimed' });
      expect(await store.claim(open, 'pruner')).toEqual({ status: 'in-progress' });
    });
  });
}
