// Events shared by the shipping-service tests, built with @accord/contracts' createEvent so they are valid envelopes.
import { createEvent } from '@accord/contracts';

export function orderPlacedV2(
  overrides: { orderId?: string; channel?: 'web' | 'mobile' | 'pos' | 'api'; id?: string } = {},
) {
  return createEvent(
    'OrderPlaced',
    2,
    {
      orderId: overrides.orderId ?? '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90',
      customerId: 'cus_8f3kQ2Lm',
      items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
      total: { amount: 2500, currency: 'EUR' },
      placedAt: '2026-11-26T08:15:00.000Z',
      channel: overrides.channel ?? 'web',
      couponCodes: [],
    },
    { source: '/orders-service', ...(overrides.id === undefined ? {} : { id: overrides.id }) },
  );
}

export const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
