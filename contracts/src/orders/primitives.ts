// Building blocks shared by the orders contracts: ids, money, timestamps, addresses, statuses.
// Changing one of these changes every published artifact that embeds it; add a new one instead.
import { z } from 'zod';

export const OrderIdSchema = z.uuid().describe('Order id (UUID) assigned by orders-service.');

export const CustomerIdSchema = z
  .string()
  .regex(/^cus_[A-Za-z0-9]{6,32}$/)
  .describe('Customer id, "cus_" followed by 6-32 letters or digits, e.g. "cus_8f3kQ2Lm".');

export const SkuSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/)
  .describe('Stock keeping unit: 3-32 upper-case letters, digits or dashes, e.g. "MUG-BLUE-350".');

export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .describe('ISO 4217 alphabetic currency code, e.g. "EUR".');

export const MoneySchema = z
  .strictObject({
    amount: z
      .int()
      .min(0)
      .describe('Amount in integer minor units of the currency (cents for EUR and USD, yen for JPY).'),
    currency: CurrencySchema,
  })
  .describe('A non-negative amount of money in integer minor units; never a float.');

export const QuantitySchema = z.int().min(1).max(999).describe('Number of units, 1-999.');

export const TimestampSchema = z.iso
  .datetime({ offset: true })
  .describe('RFC 3339 date-time with "Z" or an offset, e.g. "2026-11-26T08:15:00Z".');

export const AddressSchema = z
  .strictObject({
    name: z.string().min(1).max(200).describe('Recipient name.'),
    line1: z.string().min(1).max(200),
    line2: z.string().min(1).max(200).optional(),
    city: z.string().min(1).max(100),
    postalCode: z.string().min(1).max(20),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .describe('ISO 3166-1 alpha-2 country code, e.g. "DE".'),
  })
  .describe('Postal address.');

export const OrderStatusSchema = z
  .enum(['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'])
  .describe('Lifecycle state of an order.');

export const CancellationReasonSchema = z
  .enum(['customer_request', 'payment_failed', 'out_of_stock', 'fraud_suspected', 'other'])
  .describe('Why an order was cancelled.');

export const CancellationCommentSchema = z
  .string()
  .min(1)
  .max(500)
  .describe('Free-text explanation, shown to support staff.');

/** A line as the client sends it when placing an order (and as OrderPlaced carries it). */
export const LineItemSchema = z.strictObject({
  sku: SkuSchema,
  quantity: QuantitySchema,
  unitPrice: MoneySchema,
});
