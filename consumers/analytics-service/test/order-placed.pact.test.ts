// Consumer contract of analytics-service for OrderPlaced as it still reads it, v1 (PactV4 asynchronous): writes pacts/analytics-service-orders-service.json.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatValidationErrors, getValidator } from '@accord/contracts';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { createOrderAnalytics } from '../src/index.js';

const { like, eachLike, regex, uuid, datetime, integer } = MatchersV3;

const PACT_DIR = fileURLToPath(new URL('../pacts', import.meta.url));
// PactV4 merges into an existing file: start from none so removed interactions do not linger.
rmSync(`${PACT_DIR}/analytics-service-orders-service.json`, { force: true });
const pact = new PactV4({
  consumer: 'analytics-service',
  provider: 'orders-service',
  dir: PACT_DIR,
  logLevel: (process.env.PACT_LOG_LEVEL as 'warn' | undefined) ?? 'warn',
});
const TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSX";
const money = (amount: number) => ({ amount: integer(amount), currency: regex('^[A-Z]{3}$', 'EUR') });

/**
 * OrderPlaced as analytics-service was written against it (v1): only v1 fields are asked for, and
 * `schemaversion` is any integer, so the provider publishing v2 (or later, additive) still satisfies it.
 */
const orderPlacedV1 = {
  specversion: '1.0',
  id: uuid('0f8fad5b-d9cb-469f-a165-70867728950e'),
  source: like('/orders-service'),
  type: 'OrderPlaced',
  schemaversion: integer(1),
  time: datetime(TIMESTAMP, '2026-11-26T08:15:00.000Z'),
  data: {
    orderId: uuid('5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90'),
    customerId: regex('^cus_[A-Za-z0-9]{6,32}$', 'cus_8f3kQ2Lm'),
    items: eachLike({
      sku: regex('^[A-Z0-9][A-Z0-9-]{2,31}$', 'MUG-BLUE-350'),
      quantity: integer(2),
      unitPrice: money(1250),
    }),
    total: money(2500),
    placedAt: datetime(TIMESTAMP, '2026-11-26T08:15:00.000Z'),
  },
};

describe('analytics-service ← orders-service (message contract)', () => {
  it('counts revenue and units from an OrderPlaced event', async () => {
    await pact
      .addAsynchronousInteraction()
      .given('an order has been placed')
      .expectsToReceive('an OrderPlaced event', (builder) => {
        builder.withJSONContent(orderPlacedV1).withMetadata({ contentType: 'application/json' });
      })
      .executeTest(async (message) => {
        const content = message.contents.content;
        const validate = getValidator('OrderPlaced', 1);
        expect(validate(content), formatValidationErrors(validate.errors).join('; ')).toBe(true);

        const analytics = createOrderAnalytics();
        expect((await analytics.handle(JSON.stringify(content))).outcome).toBe('counted');
        expect(analytics.report()).toMatchObject({
          orders: 1,
          revenue: { EUR: 2500 },
          unitsBySku: { 'MUG-BLUE-350': 2 },
        });
      });
  });
});
