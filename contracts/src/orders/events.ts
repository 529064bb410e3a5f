// Events orders-service publishes, one exported schema per published version (envelope + data).
// Versions evolve additively: a new version may only add optional fields, each with a default.
import { z } from 'zod';
import { cloudEvent } from './envelope.js';
import {
  CancellationCommentSchema,
  CancellationReasonSchema,
  CustomerIdSchema,
  LineItemSchema,
  MoneySchema,
  OrderIdSchema,
  TimestampSchema,
} from './primitives.js';

export const OrderPlacedV1DataSchema = z
  .strictObject({
    orderId: OrderIdSchema,
    customerId: CustomerIdSchema,
    items: z.array(LineItemSchema).min(1).max(100),
    total: MoneySchema.describe('Sum of quantity × unitPrice over all items.'),
    placedAt: TimestampSchema,
  })
  .describe('An order was accepted.');

export const OrderPlacedV1Schema = cloudEvent('OrderPlaced', 1, OrderPlacedV1DataSchema);

/** v2 adds `channel` and `couponCodes`; both optional with a default, so v1 payloads are valid v2 payloads. */
export const OrderPlacedV2DataSchema = OrderPlacedV1DataSchema.extend({
  channel: z
    .enum(['web', 'mobile', 'pos', 'api'])
    .default('web')
    .describe('Where the order was placed; "web" when the producer does not say.'),
  couponCodes: z
    .array(z.string().regex(/^[A-Z0-9]{3,20}$/))
    .max(10)
    .default([])
    .describe('Coupon codes applied to the order; empty when none.'),
}).describe('An order was accepted.');

export const OrderPlacedV2Schema = cloudEvent('OrderPlaced', 2, OrderPlacedV2DataSchema);

export const OrderCancelledV1DataSchema = z
  .strictObject({
    orderId: OrderIdSchema,
    customerId: CustomerIdSchema,
    reason: CancellationReasonSchema,
    comment: CancellationCommentSchema.optional(),
    refund: MoneySchema.optional().describe('Amount refunded to the customer, when a payment was taken.'),
    cancelledAt: TimestampSchema,
  })
  .describe('An order was cancelled.');

export const OrderCancelledV1Schema = cloudEvent('OrderCancelled', 1, OrderCancelledV1DataSchema);
