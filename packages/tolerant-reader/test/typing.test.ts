// Compile-time contract of the public types (checked by `tsc`), with runtime assertions of the same calls.
import type { OrderPlacedV1, OrderPlacedV2 } from '@accord/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createReader } from '../src/index.js';

describe('public types', () => {
  it('infers upcaster parameters from the contract types', () => {
    const reader = createReader({
      contract: 'OrderPlaced',
      version: 2,
      upcasters: {
        OrderPlaced: {
          1: (event) => {
            expectTypeOf(event).toEqualTypeOf<OrderPlacedV1>();
            return { ...event, data: { ...event.data, channel: 'api' } };
          },
        },
      },
    });
    expectTypeOf(reader.read).returns.toEqualTypeOf<OrderPlacedV2>();
    expect(reader.version).toBe(2);
  });

  it('adds the pass-through bag to every object type when passThroughKey is set', () => {
    const reader = createReader({ contract: 'OrderPlaced', version: 1, passThroughKey: '$unknown' });
    type Result = ReturnType<typeof reader.read>;
    expectTypeOf<Result['$unknown']>().toEqualTypeOf<Record<string, unknown> | undefined>();
    expectTypeOf<Result['data']['total']['amount']>().toEqualTypeOf<number>();
    expectTypeOf<Result['data']['$unknown']>().toEqualTypeOf<Record<string, unknown> | undefined>();
    expect(reader.contract).toBe('OrderPlaced');
  });

  it('falls back to a type argument for contracts outside ContractTypes', () => {
    const reader = createReader<{ id: string }>({ contract: 'Order', version: 1 });
    expectTypeOf(reader.read).returns.toEqualTypeOf<{ id: string }>();
    expect(reader.kind).toBe('http-response');
  });
});
