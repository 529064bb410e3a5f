import { createEvent } from '@accord/contracts';
import { createMemoryIdempotencyStore, type IdempotencyStore } from '@accord/tolerant-reader';
import { describe, expect, it } from 'vitest';
import { encode, orderCancelledV1, orderPlacedV2 } from '../test/support.js';
import { createOrderEventsHandler } from './handler.js';
import { createMemoryShipments, type ShipmentRepository } from './shipments.js';

const setup = (
  shipments: ShipmentRepository = createMemoryShipments(),
  store: IdempotencyStore = createMemoryIdempotencyStore(),
) => ({
  shipments,
  handler: createOrderEventsHandler({ store, shipments }),
});

describe('orders events handler', () => {
  it('creates a shipment from an OrderPlaced v2 event and acknowledges', async () => {
    const { handler, shipments } = setup();
    const event = orderPlacedV2({ channel: 'pos' });
    const result = await handler.handle(encode(event));
    expect(result).toMatchObject({ disposition: 'ack', outcome: 'shipment-created' });
    expect(await shipments.findByOrder(event.data.orderId)).toMatchObject({
      method: 'store-pickup',
      lines: [{ sku: 'MUG-BLUE-350', quantity: 2 }],
      eventId: event.id,
    });
  });

  it('handles a redelivered event once', async () => {
    const { handler, shipments } = setup();
    const event = orderPlacedV2();
    expect((await handler.handle(encode(event))).outcome).toBe('shipment-created');
    expect(await handler.handle(encode(event))).toEqual({ disposition: 'ack', outcome: 'duplicate' });
    expect(await shipments.count()).toBe(1);
  });

  it('reads an older producer’s v1 event as v2 with the declared defaults', async () => {
    const { handler, shipments } = setup();
    const v1 = createEvent(
      'OrderPlaced',
      1,
      {
        orderId: '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        customerId: 'cus_8f3kQ2Lm',
        items: [{ sku: 'TEA-EARL-GREY', quantity: 1, unitPrice: { amount: 899, currency: 'EUR' } }],
        total: { amount: 899, currency: 'EUR' },
        placedAt: '2026-11-26T08:15:00.000Z',
      },
      { source: '/orders-service' },
    );
    expect((await handler.handle(JSON.stringify(v1))).outcome).toBe('shipment-created');
    expect((await shipments.findByOrder(v1.data.orderId))?.method).toBe('parcel');
  });

  it('reads a newer producer’s event, ignoring fields it does not know', async () => {
    const { handler } = setup();
    const event = orderPlacedV2();
    const v3 = { ...event, schemaversion: 3, data: { ...event.data, giftWrap: true } };
    expect((await handler.handle(encode(v3))).outcome).toBe('shipment-created');
  });

  it.each([
    ['not JSON', new TextEncoder().encode('{"type":'), 'NOT_JSON'],
    [
      'an event type the catalog does not know',
      encode({ ...orderPlacedV2(), type: 'OrderShipped' }),
      'UNKNOWN_CONTRACT',
    ],
    ['an OrderCancelled without a reason', encode(orderCancelledV1({ reason: undefined })), 'INVALID_DATA'],
    [
      'a missing required field',
      encode({ ...orderPlacedV2(), data: { ...orderPlacedV2().data, items: undefined } }),
      'INVALID_DATA',
    ],
  ])('dead-letters %s with the reader’s error code', async (_name, body, code) => {
    const { handler, shipments } = setup();
    const result = await handler.handle(body);
    expect(result.disposition).toBe('dead-letter');
    expect(result.outcome === 'unreadable' && result.error.code).toBe(code);
    expect(await shipments.count()).toBe(0);
  });

  it('requeues when storing the shipment fails, and succeeds on redelivery', async () => {
    let down = true;
    const memory = createMemoryShipments();
    const flaky: ShipmentRepository = {
      ...memory,
      create: (s) => (down ? Promise.reject(new Error('database down')) : memory.create(s)),
    };
    const { handler } = setup(flaky);
    const event = orderPlacedV2();
    expect(await handler.handle(encode(event))).toMatchObject({ disposition: 'requeue', outcome: 'failed' });
    down = false;
    expect((await handler.handle(encode(event))).outcome).toBe('shipment-created');
    expect(await memory.count()).toBe(1);
  });

  it('cancels the shipment when the order is cancelled, once', async () => {
    const { handler, shipments } = setup();
    const placed = orderPlacedV2();
    await handler.handle(encode(placed));
    const cancelled = orderCancelledV1({ orderId: placed.data.orderId });
    expect(await handler.handle(encode(cancelled))).toMatchObject({
      disposition: 'ack',
      outcome: 'shipment-cancelled',
      result: 'cancelled',
    });
    expect((await shipments.findByOrder(placed.data.orderId))?.status).toBe('cancelled');
    expect((await handler.handle(encode(cancelled))).outcome).toBe('duplicate');
  });

  it('keeps a late OrderPlaced from creating a shipment for an order cancelled first', async () => {
    const { handler, shipments } = setup();
    const placed = orderPlacedV2();
    const early = await handler.handle(encode(orderCancelledV1({ orderId: placed.data.orderId })));
    expect(early).toMatchObject({ outcome: 'shipment-cancelled', result: 'recorded-early' });
    const late = await handler.handle(encode(placed));
    expect(late.outcome).toBe('shipment-exists');
    expect(await shipments.findByOrder(placed.data.orderId)).toMatchObject({
      status: 'cancelled',
      lines: [],
    });
  });
});
