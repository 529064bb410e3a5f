// Request and response bodies of the orders HTTP API (POST /orders, GET /orders/{id}, GET /orders,
// POST /orders/{id}/cancel), one exported schema per published version.
import { z } from 'zod';
import {
  AddressSchema,
  CancellationCommentSchema,
  CancellationReasonSchema,
  CustomerIdSchema,
  LineItemSchema,
  MoneySchema,
  OrderIdSchema,
  OrderStatusSchema,
  QuantitySchema,
  SkuSchema,
  TimestampSchema,
} from './primitives.js';

/** Body of POST /orders. */
export const CreateOrderRequestV1Schema = z
  .strictObject({
    customerId: CustomerIdSchema,
    items: z.array(LineItemSchema).min(1).max(100).describe('What to order; at least one line.'),
    shippingAddress: AddressSchema,
    notes: z.string().min(1).max(500).optional().describe('Delivery instructions from the customer.'),
  })
  .describe('Body of POST /orders: place an order for a customer.');

/** An order as orders-service returns it (POST /orders 201, GET /orders/{id} 200, POST /orders/{id}/cancel 200). */
export const OrderV1Schema = z
  .strictObject({
    id: OrderIdSchema,
    customerId: CustomerIdSchema,
    status: OrderStatusSchema,
    items: z
      .array(
        z.strictObject({
          sku: SkuSchema,
          name: z.string().min(1).max(200).optional().describe('Product name at the time of ordering.'),
          quantity: QuantitySchema,
          unitPrice: MoneySchema,
          lineTotal: MoneySchema.describe('quantity × unitPrice.'),
        }),
      )
      .min(1)
      .max(100),
    total: MoneySchema.describe('Sum of all line totals.'),
    shippingAddress: AddressSchema,
    notes: z.string().min(1).max(500).optional(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    cancellation: z
      .strictObject({
        reason: CancellationReasonSchema,
        comment: CancellationCommentSchema.optional(),
        cancelledAt: TimestampSchema,
      })
      .optional()
      .describe('Present once the order is cancelled (status "cancelled").'),
  })
  .describe('An order as orders-service returns it.');

/** Body of GET /orders?status=…&cursor=…&limit=… (200). */
export const OrderListV1Schema = z
  .strictObject({
    orders: z.array(OrderV1Schema).max(100).describe('One page of orders, newest first.'),
    nextCursor: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Opaque cursor for the next page; absent on the last page.'),
  })
  .describe('One page of orders, optionally filtered by status.');

/** Body of POST /orders/{id}/cancel. */
export const CancelOrderRequestV1Schema = z
  .strictObject({
    reason: CancellationReasonSchema,
    comment: CancellationCommentSchema.optional(),
  })
  .describe('Body of POST /orders/{id}/cancel.');

/** Body of every 4xx/5xx response of the orders API. */
export const ErrorResponseV1Schema = z
  .strictObject({
    code: z
      .enum(['VALIDATION_FAILED', 'NOT_FOUND', 'ORDER_NOT_CANCELLABLE', 'CONFLICT', 'INTERNAL_ERROR'])
      .describe('Stable machine-readable error code; switch on this, not on the message.'),
    message: z.string().min(1).max(1000).describe('Human-readable summary.'),
    details: z
      .array(
        z.strictObject({
          field: z
            .string()
            .min(1)
            .max(200)
            .describe('Dotted path of the offending request field, e.g. "items.0.quantity".'),
          message: z.string().min(1).max(500),
        }),
      )
      .max(100)
      .optional()
      .describe('One entry per invalid field (VALIDATION_FAILED).'),
    requestId: z.string().min(1).max(100).optional().describe('Correlation id to quote to support.'),
  })
  .describe('Error body of every 4xx/5xx response.');
