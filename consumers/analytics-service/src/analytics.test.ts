import { createEvent } from '@accord/contracts';
import { describe, expect, it } from 'vitest';
import { createOrderAnalytics } from './analytics.js';

const data = {
  orderId: '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90',
  customerId: 'cus_8f3kQ2Lm',
  items: [
    { sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
    { sku: 'TEA-EARL-GREY', quantity: 1, unitPrice: { amount: 899, currency: 'EUR' } },
  ],
  total: { amount: 3399, currency: 'EUR' },
  placedAt: '2026-11-26T08:15:00.000Z',
};

describe('order analytics (written against OrderPlaced v1)', () => {
  it('counts a v1 event', async () => {
    const analytics = createOrderAnalytics();
    const result = await analytics.handle(
      JSON.stringify(createEvent('OrderPlaced', 1, data, { source: '/orders-service' })),
    );
    expect(result).toMatchObject({ outcome: 'counted', producerVersion: 1, dropped: [] });
    expect(analytics.report()).toEqual({
      orders: 1,
      revenue: { EUR: 3399 },
      unitsBySku: { 'MUG-BLUE-350': 2, 'TEA-EARL-GREY': 1 },
      byProducerVersion: { v1: 1 },
    });
  });

  it('reads a v2 event as v1, dropping the fields v1 does not know', async () => {
    const analytics = createOrderAnalytics();
    const v2 = createEvent(
      'OrderPlaced',
      2,
      { ...data, channel: 'mobile', couponCodes: ['WINTER10'] },
      { source: '/orders-service' },
    );
    const result = await analytics.handle(new TextEncoder().encode(JSON.stringify(v2)));
    expect(result.outcome).toBe('counted');
    expect(result.outcome === 'counted' && result.producerVersion).toBe(2);
    expect(result.outcome === 'counted' && [...result.dropped].sort()).toEqual([
      '/data/channel',
      '/data/couponCodes',
    ]);
    expect(analytics.report()).toMatchObject({
      orders: 1,
      revenue: { EUR: 3399 },
      byProducerVersion: { v2: 1 },
    });
  });

  it('counts an event once however often it is delivered', async () => {
    const analytics = createOrderAnalytics();
    const event = createEvent('OrderPlaced', 2, data, { source: '/orders-service' });
    await analytics.handle(event);
    expect(await analytics.handle(event)).toEqual({ disposition: 'ack', outcome: 'duplicate' });
    expect(analytics.report().orders).toBe(1);
  });

  it('dead-letters a message it can never read', async () => {
    const analytics = createOrderAnalytics();
    const event = createEvent('OrderPlaced', 2, data, { source: '/orders-service' });
    const result = await analytics.handle({ ...event, data: { ...event.data, total: 'a lot' } });
    expect(result.disposition).toBe('dead-letter');
    expect(result.outcome === 'unreadable' && result.error.code).toBe('INVALID_DATA');
    expect(analytics.report().orders).toBe(0);
  });
});
