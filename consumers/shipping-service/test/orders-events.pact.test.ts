// Consumer contract of shipping-service for the OrderPlaced v2 and OrderCancelled v1 messages (PactV4 asynchronous): writes pacts/shipping-service-orders-service.json.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatValidationErrors, getValidator } from '@accord/contracts';
import { createMemoryIdempotencyStore } from '@accord/tolerant-reader';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import { createMemoryShipments, createOrderEventsHandler } from '../src/index.js';

const { like, eachLike, regex, uuid, datetime, integer } = MatchersV3;

const PACT_DIR = fileURLToPath(new URL('../pacts', import.meta.url));
// PactV4 merges into an existing file: start from none so removed interactions do not linger.
rmSync(`${PACT_DIR}/shipping-service-orders-service.json`, { force: true });
const pact = new PactV4({
  consumer: 'shipping-service',
  provider: 'orders-service',
  dir: PACT_DIR,
  logLevel: (process.env.PACT_LOG_LEVEL as 'warn' | undefined) ?? 'warn',
});
const TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSX";
const money = (amount: number) => ({ amount: integer(amount), currency: regex('^[A-Z]{3}$', 'EUR') });

/**
 * The parts of OrderPlaced v2 shipping-service relies on: the envelope fields the reader checks, the
 * required payload fields, and `channel` (it picks the shipping method). `couponCodes` is not used, so
 * it is not asked for: the provider stays free to change it.
 */
const orderPlacedV2 = {
  specversion: '1.0',
  id: uuid('0f8fad5b-d9cb-469f-a165-70867728950e'),
  source: like('/orders-service'),
  type: 'OrderPlaced',
  schemaversion: integer(2),
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
    channel: regex('^(web|mobile|pos|api)$', 'web'),
  },
};

/** OrderCancelled v1 as shipping reads it: which order, and when (reason and comment are not used). */
const orderCancelledV1 = {
  specversion: '1.0',
  id: uuid('9b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'),
  source: like('/orders-service'),
  type: 'OrderCancelled',
  schemaversion: integer(1),
  time: datetime(TIMESTAMP, '2026-11-26T09:00:00.000Z'),
  data: {
    orderId: uuid('5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90'),
    customerId: regex('^cus_[A-Za-z0-9]{6,32}$', 'cus_8f3kQ2Lm'),
    reason: regex(
      '^(customer_request|payment_failed|out_of_stock|fraud_suspected|other)$',
      'customer_request',
    ),
    cancelledAt: datetime(TIMESTAMP, '2026-11-26T09:00:00.000Z'),
  },
};

describe('shipping-service ← orders-service (message contract)', () => {
  it('creates a shipment from an OrderPlaced v2 event', async () => {
    await pact
      .addAsynchronousInteraction()
      .given('an order has been placed')
      .expectsToReceive('an OrderPlaced v2 event', (builder) => {
        builder.withJSONContent(orderPlacedV2).withMetadata({
          contentType: 'application/json',
          routingKey: regex('^OrderPlaced\\.v[0-9]+$', 'OrderPlaced.v2'),
        });
      })
      .executeTest(async (message) => {
        const content = message.contents.content;
        // The example in the pact must itself be a valid OrderPlaced v2 per the published JSON Schema.
        const validate = getValidator('OrderPlaced', 2);
        expect(validate(content), formatValidationErrors(validate.errors).join('; ')).toBe(true);

        const shipments = createMemoryShipments();
        const handler = createOrderEventsHandler({ store: createMemoryIdempotencyStore(), shipments });
        const result = await handler.handle(JSON.stringify(content));
        expect(result.outcome).toBe('shipment-created');
        expect(await shipments.findByOrder('5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90')).toMatchObject({
          method: 'parcel',
          lines: [{ sku: 'MUG-BLUE-350', quantity: 2 }],
        });
      });
  });

  it('cancels the shipment from an OrderCancelled v1 event', async () => {
    await pact
      .addAsynchronousInteraction()
      .given('an order has been cancelled')
      .expectsToReceive('an OrderCancelled v1 event', (builder) => {
        builder.withJSONContent(orderCancelledV1).withMetadata({
          contentType: 'application/json',
          routingKey: regex('^OrderCancelled\\.v[0-9]+$', 'OrderCancelled.v1'),
        });
      })
      .executeTest(async (message) => {
        const content = message.contents.content;
        const validate = getValidator('OrderCancelled', 1);
        expect(validate(content), formatValidationErrors(validate.errors).join('; ')).toBe(true);

        const shipments = createMemoryShipments();
        const handler = createOrderEventsHandler({ store: createMemoryIdempotencyStore(), shipments });
        const result = await handler.handle(JSON.stringify(content));
        expect(result).toMatchObject({ outcome: 'shipment-cancelled', result: 'recorded-early' });
        expect((await shipments.findByOrder('5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90'))?.status).toBe(
          'cancelled',
        );
      });
  });
});
