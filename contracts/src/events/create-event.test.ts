// createEvent builds typed CloudEvents envelopes and validates them against the published artifact.
import { describe, expect, it } from 'vitest';
import { ContractsError } from '../errors.js';
import type { OrderCancelledV1Data, OrderPlacedV2Data } from '../generated/index.js';
import { createEvent } from './create-event.js';

const placed: OrderPlacedV2Data = {
  orderId: '0b6f3a52-2c8e-4d0e-9a43-2f1f4c6f8e11',
  customerId: 'cus_8f3kQ2Lm',
  items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1299, currency: 'EUR' } }],
  total: { amount: 2598, currency: 'EUR' },
  placedAt: '2026-11-26T08:15:00Z',
  channel: 'api',
};

describe('createEvent', () => {
  it('wraps the payload in a CloudEvents envelope of that contract version', () => {
    const event = createEvent('OrderPlaced', 2, placed, {
      source: '/orders-service',
      id: '5f0c1e2d-3b4a-4c5d-9e6f-708192a3b4c5',
      time: new Date('2026-11-26T08:15:01Z'),
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: '5f0c1e2d-3b4a-4c5d-9e6f-708192a3b4c5',
      source: '/orders-service',
      type: 'OrderPlaced',
      schemaversion: 2,
      time: '2026-11-26T08:15:01.000Z',
      datacontenttype: 'application/json',
      data: placed,
    });
  });

  it('generates a UUID id and the current time when not given', () => {
    const data: OrderCancelledV1Data = {
      orderId: placed.orderId,
      customerId: placed.customerId,
      reason: 'out_of_stock',
      cancelledAt: '2026-11-26T09:00:00Z',
    };
    const event = createEvent('OrderCancelled', 1, data, { source: '/orders-service' });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(event.time))).toBe(false);
    expect(event.schemaversion).toBe(1);
  });

  it('rejects a payload that breaks the artifact, listing every problem', () => {
    const bad = {
      ...placed,
      channel: 'fax',
      total: { amount: -5, currency: 'EUR' },
    } as unknown as OrderPlacedV2Data;
    let error: unknown;
    try {
      createEvent('OrderPlaced', 2, bad, { source: '/orders-service' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractsError);
    expect((error as ContractsError).code).toBe('INVALID_EVENT');
    expect((error as ContractsError).details).toEqual([
      '/data/channel must be one of "web", "mobile", "pos", "api"',
      '/data/total/amount must be >= 0',
    ]);
    expect((error as ContractsError).message).toContain('Invalid OrderPlaced v2 event');
  });

  it('rejects a v2 field in a v1 event, and a source that is not a URI reference', () => {
    expect(() => createEvent('OrderPlaced', 1, placed, { source: '/orders-service' })).toThrow(
      '/data must not have property "channel"',
    );
    const { channel: _channel, ...v1 } = placed;
    expect(() => createEvent('OrderPlaced', 1, v1, { source: 'orders service' })).toThrow(
      '/source must match format "uri-reference"',
    );
  });

  it('skips validation when asked to', () => {
    const bad = { ...placed, channel: 'fax' } as unknown as OrderPlacedV2Data;
    expect(createEvent('OrderPlaced', 2, bad, { source: '/o', validate: false }).data).toBe(bad);
  });

  it('refuses HTTP contracts and unknown names with their codes', () => {
    const call = (type: string) => () =>
      createEvent(type as 'OrderPlaced', 1 as never, placed as never, { source: '/orders-service' });
    expect(call('Order')).toThrow(expect.objectContaining({ code: 'NOT_AN_EVENT' }));
    expect(call('OrderShipped')).toThrow(expect.objectContaining({ code: 'UNKNOWN_CONTRACT' }));
  });
});
