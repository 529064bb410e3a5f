import { idempotencyStoreContract } from '../../test/support/idempotency-contract.js';
import { createMemoryIdempotencyStore } from './memory.js';

idempotencyStoreContract('memory', () => {
  let clock = Date.now();
  return {
    store: createMemoryIdempotencyStore({ now: () => clock }),
    expiredLeaseMs: 1_000,
    expireLeases: () => {
      clock += 1_001;
    },
  };
});
