// End to end with the real @accord/contracts catalog: events built by createEvent, typed results, upcasters.
import { createEvent, type OrderPlacedV1, type OrderPlacedV2, type OrderV1 } from '@accord/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createEventReader,
  createReader,
  ReadError,
  readResponse,
  type UpcasterRegistry,
} from '../src/index.js';

const data = {
  orderId: '3b241101-e2bb-4255-8caf-4136c566a962',
  customerId: 'cus_8f3kQ2Lm',
  placedAt: '2026-11-26T08:15:00Z',
  items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
  total: { amount: 2500, currency: 'EUR' },
};
const v1 = createEvent('OrderPlaced', 1, data, { source: '/orders-service', time: '2026-11-26T08:15:01Z' });
const v2 = createEvent(
  'OrderPlaced',
  2,
  { ...data, channel: 'mobile', couponCodes: ['WELCOME10'] },
  {
    source: '/orders-service',
    time: '2026-11-26T08:15:01Z',
  },
);

describe('OrderPlaced with the real catalog', () => {
  it('types the result as the reader version from the generated contract types', () => {
    const reader = createReader({ contract: 'OrderPlaced', version: 2 });
    expectTypeOf(reader.read).returns.toEqualTypeOf<OrderPlacedV2>();
    const old = createReader({ contract: 'OrderPlaced', version: 1 });
    expectTypeOf(old.read).returns.toEqualTypeOf<OrderPlacedV1>();
    const value = reader.read(JSON.stringify(v1));
    expect(value.data.channel).toBe('web');
    expect(value.data.couponCodes).toEqual([]);
  });

  it('a v1 consumer reads v2 events without the fields it never knew', () => {
    const value = createReader({ contract: 'OrderPlaced', version: 1 }).read(Buffer.from(JSON.stringify(v2)));
    expect(value).toEqual({ ...v1, id: v2.id });
  });

  it('a registered upcaster runs for the step that needs logic', () => {
    const upcasters: UpcasterRegistry = {
      OrderPlaced: {
        1: (event: OrderPlacedV1) => ({
          ...event,
          data: {
            ...event.data,
            channel: event.source === '/pos-gateway' ? ('pos' as const) : ('web' as const),
          },
        }),
      },
    };
    const reader = createReader({ contract: 'OrderPlaced', version: 2, upcasters });
    const fromPos = reader.read({ ...v1, source: '/pos-gateway' });
    expect(fromPos.data.channel).toBe('pos');
    expect(fromPos.schemaversion).toBe(2);
  });

  it('one event reader for the orders topic returns a union discriminated by type', () => {
    const reader = createEventReader({ contracts: { OrderPlaced: 2, OrderCancelled: 1 } });
    const event = reader.read(JSON.stringify(v1));
    if (event.type === 'OrderPlaced') {
      expectTypeOf(event).toEqualTypeOf<OrderPlacedV2>();
      expect(event.data.channel).toBe('web');
    } else {
      throw new Error('dispatched to the wrong contract');
    }
  });

  it('an Order response is read and typed; an ErrorResponse becomes HTTP_ERROR_BODY', async () => {
    const order = {
      id: data.orderId,
      customerId: data.customerId,
      status: 'confirmed',
      items: [
        {
          sku: 'MUG-BLUE-350',
          name: 'Blue mug',
          quantity: 2,
          unitPrice: { amount: 1250, currency: 'EUR' },
          lineTotal: { amount: 2500, currency: 'EUR' },
        },
      ],
      total: { amount: 2500, currency: 'EUR' },
      shippingAddress: {
        name: 'Ada',
        line1: 'Main St 1',
        city: 'Berlin',
        postalCode: '10115',
        country: 'DE',
      },
      createdAt: '2026-11-26T08:15:00Z',
      updatedAt: '2026-11-26T08:15:00Z',
      addedByNewerProvider: { anything: true },
    };
    const ok = new Response(JSON.stringify(order), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
    const read = readResponse(ok, { contract: 'Order', version: 1 });
    expectTypeOf(read).resolves.toEqualTypeOf<OrderV1>();
    const { addedByNewerProvider: _dropped, ...known } = order;
    const value = await read;
    expect(value).toEqual(known);
    expect(value).not.toHaveProperty('addedByNewerProvider');

    const notFound = new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'No order 42' }), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
    const err = await readResponse(notFound, { contract: 'Order', version: 1 }).catch((e: ReadError) => e);
    expect(err).toBeInstanceOf(ReadError);
    expect(err).toMatchObject({ code: 'HTTP_ERROR_BODY', status: 404, errorBody: { code: 'NOT_FOUND' } });
  });
});
