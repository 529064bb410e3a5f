import { describe, expect, it } from 'vitest';
import { envelopeSchema, shipment, testCatalog, testContracts } from '../test/support/inline-catalog.js';
import { inlineCatalog } from './catalog.js';
import { ReadError } from './errors.js';
import { createEventReader } from './event-reader.js';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReadError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('createEventReader', () => {
  const reader = createEventReader({ contracts: { Shipment: 2, Audit: 2 }, catalog: testCatalog });

  it('dispatches on type to the reader of that contract', () => {
    const s = reader.readDetailed(JSON.stringify(shipment(1)));
    expect(s.contract).toBe('Shipment');
    expect(s.upcasts).toEqual([{ from: 1, to: 2, upcaster: false }]);
    const a = reader.read({ ...shipment(1, {}, { type: 'Audit' }), data: { n: 3 } });
    expect(a).toMatchObject({ type: 'Audit', schemaversion: 2, data: { n: 3, note: '' } });
  });

  it('separates contracts it does not read from contracts nobody knows', () => {
    expect(code(() => reader.read({ ...shipment(1), type: 'Ledger' }))).toBe('UNEXPECTED_TYPE');
    expect(code(() => reader.read({ ...shipment(1), type: 'Mystery' }))).toBe('UNKNOWN_CONTRACT');
    expect(code(() => reader.read({ ...shipment(1), type: 7 }))).toBe('INVALID_ENVELOPE');
    expect(code(() => reader.read('[1]'))).toBe('INVALID_ENVELOPE');
    expect(code(() => reader.read('nope'))).toBe('NOT_JSON');
  });

  it('refuses HTTP contracts at construction', () => {
    expect(code(() => createEventReader({ contracts: { Parcel: 1 }, catalog: testCatalog }))).toBe(
      'UNKNOWN_CONTRACT',
    );
  });

  it('works with any catalog source', () => {
    const one = inlineCatalog([
      ...testContracts,
      {
        name: 'Ping',
        kind: 'event',
        versions: [{ version: 1, schema: envelopeSchema('Ping', 1, { type: 'object' }) }],
      },
    ]);
    const r = createEventReader({ contracts: { Ping: 1 }, catalog: one });
    expect(r.read({ ...shipment(1), type: 'Ping', data: {} })).toMatchObject({ type: 'Ping' });
  });
});
