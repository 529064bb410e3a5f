// Events shared by the shipping-service tests, built with @accord/contracts' createEvent so they are valid envelopes.
import { randomUUID } from 'node:crypto';
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

export function orderCancelledV1(
  overrides: { orderId?: string; reason?: 'customer_request' | undefined } = {},
) {
  const data: Record<string, unknown> = {
    orderId: overrides.orderId ?? '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90',
    customerId: 'cus_8f3kQ2Lm',
    reason: 'customer_request',
    cancelledAt: '2026-11-26T09:00:00.000Z',
  };
  if ('reason' in overrides && overrides.reason === undefined) delete data.reason;
  // Built by hand (not createEvent) so a test can also make an invalid one.
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/orders-service',
    type: 'OrderCancelled',
    schemaversion: 1,
    time: '2026-11-26T09:00:00.000Z',
    datacontenttype: 'application/json',
    data,
  };
}

export const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
