import { describe, expect, it } from 'vitest';
import { EVENT_ID, shipment, testCatalog } from '../test/support/inline-catalog.js';
import { inlineCatalog } from './catalog.js';
import { ReadError } from './errors.js';
import { createReader } from './reader.js';
import type { UntypedUpcasterRegistry } from './types.js';

function catchError(fn: () => unknown): ReadError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReadError) return e;
    throw e;
  }
  throw new Error('expected a ReadError');
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary nested fields of results
type Loose = Record<string, any>;
const reader = (version: number, extra: Record<string, unknown> = {}) =>
  createReader<Loose>({ contract: 'Shipment', version, catalog: testCatalog, ...extra });

describe('createReader: same version', () => {
  it('reads a JSON string, UTF-8 bytes and a parsed value to the same result', () => {
    const msg = shipment(2);
    const r = reader(2);
    const text = JSON.stringify(msg);
    expect(r.read(text)).toEqual(msg);
    expect(r.read(new TextEncoder().encode(text))).toEqual(msg);
    expect(r.read(Buffer.from(text))).toEqual(msg);
    expect(r.read(msg)).toEqual(msg);
  });

  it('never mutates a value passed in', () => {
    const msg = shipment(2, { carrier: undefined, extra: 1 });
    delete (msg.data as Record<string, unknown>).carrier;
    const before = structuredClone(msg);
    reader(2).read(msg);
    expect(msg).toEqual(before);
  });

  it('fills declared defaults the producer left out, also in nested objects', () => {
    const msg = shipment(2);
    const { carrier: _c, tags: _t, ...data } = msg.data as Record<string, unknown>;
    const out = reader(2).read({ ...msg, data: { ...data, address: { street: 'a', city: 'b' } } });
    expect(out.data).toMatchObject({
      carrier: 'dhl',
      tags: [],
      address: { street: 'a', city: 'b', country: 'DE' },
    });
  });

  it('drops properties the version does not know (a sloppy producer), or keeps them under passThroughKey', () => {
    const msg = shipment(
      2,
      { gift: true, address: { street: 'a', city: 'b', floor: 3 } },
      { traceparent: '00-ab' },
    );
    const detailed = reader(2).readDetailed(msg);
    expect(detailed.value.data.gift).toBeUndefined();
    expect(detailed.value.traceparent).toBeUndefined();
    expect(detailed.value.data.address).toEqual({ street: 'a', city: 'b', country: 'DE' });
    expect(detailed.dropped).toEqual([
      { path: '/data/address', key: 'floor', value: 3 },
      { path: '/data', key: 'gift', value: true },
      { path: '', key: 'traceparent', value: '00-ab' },
    ]);
    const kept = reader(2, { passThroughKey: '$unknown' }).read(msg);
    expect(kept.$unknown).toEqual({ traceparent: '00-ab' });
    expect(kept.data.$unknown).toEqual({ gift: true });
    expect(kept.data.address.$unknown).toEqual({ floor: 3 });
  });

  it('reports a message that is invalid for its own version as INVALID_DATA with the path', () => {
    const err = catchError(() => reader(2).read(shipment(2, { weightGrams: 0 })));
    expect(err.code).toBe('INVALID_DATA');
    expect(err.path).toBe('/data/weightGrams');
    expect(err.validationErrors?.[0]?.keyword).toBe('minimum');
    expect(err.contract).toBe('Shipment');
    expect(err.readerVersion).toBe(2);
  });
});

describe('createReader: newer producer', () => {
  it('reads a known newer version: validates it as that version, projects onto the reader version', () => {
    const result = reader(2).readDetailed(shipment(3));
    expect(result.path).toBe('newer');
    expect(result.producerVersion).toBe(3);
    expect(result.value.schemaversion).toBe(2);
    expect(result.value.data.parcels).toBeUndefined();
    expect(result.value.data.carrier).toBe('ups');
    expect(result.dropped).toEqual([{ path: '/data', key: 'parcels', value: 2 }]);
  });

  it('rejects a known newer version that is not valid for that version, naming the producer version', () => {
    const err = catchError(() => reader(2).read(shipment(3, { parcels: 0 })));
    expect(err.code).toBe('INVALID_DATA');
    expect(err.producerVersion).toBe(3);
    expect(err.path).toBe('/data/parcels');
  });

  it('reads a version the catalog does not know yet with open-model semantics', () => {
    const msg = shipment(3, { drone: { id: 'd1' } }, { schemaversion: 9 });
    const result = reader(3).readDetailed(msg);
    expect(result.path).toBe('newer');
    expect(result.producerVersion).toBe(9);
    expect(result.value.schemaversion).toBe(3);
    expect(result.value.data.drone).toBeUndefined();
    expect(result.value.data.parcels).toBe(2);
  });

  it('reads v1 by a v1 reader from every later version, unknown nested fields dropped', () => {
    for (const v of [2, 3]) {
      const out = reader(1).read(shipment(v));
      expect(out.data).toEqual({
        shipmentId: expect.any(String),
        weightGrams: 1200,
        address: { street: 'Hauptstr. 1', city: 'Berlin' },
      });
    }
  });
});

describe('createReader: older producer', () => {
  it('upcasts v1 to v2 by filling the declared defaults', () => {
    const result = reader(2).readDetailed(shipment(1));
    expect(result.path).toBe('older');
    expect(result.upcasts).toEqual([{ from: 1, to: 2, upcaster: false }]);
    expect(result.value.schemaversion).toBe(2);
    expect(result.value.data).toMatchObject({ carrier: 'dhl', tags: [], address: { country: 'DE' } });
    expect(result.value.id).toBe(EVENT_ID);
  });

  it('fails a step that defaults cannot complete (new required field) with UPCAST_FAILED and the step', () => {
    const err = catchError(() => reader(3).read(shipment(1)));
    expect(err.code).toBe('UPCAST_FAILED');
    expect(err.step).toEqual({ from: 2, to: 3 });
    expect(err.path).toBe('/data/parcels');
  });

  it('runs a registered upcaster for the step that needs logic, defaults for the others', () => {
    const upcasters = {
      Shipment: {
        2: (m: { data: Record<string, unknown> }) => ({ ...m, data: { ...m.data, parcels: 1 } }),
      },
    };
    const result = reader(3, { upcasters }).readDetailed(shipment(1));
    expect(result.upcasts).toEqual([
      { from: 1, to: 2, upcaster: false },
      { from: 2, to: 3, upcaster: true },
    ]);
    expect(result.value.schemaversion).toBe(3);
    expect(result.value.data).toMatchObject({ parcels: 1, carrier: 'dhl', address: { country: 'DE' } });
  });

  it('turns an upcaster that throws into UPCAST_FAILED with the cause', () => {
    const boom = new Error('boom');
    const upcasters = {
      Shipment: {
        2: () => {
          throw boom;
        },
      },
    };
    const err = catchError(() => reader(3, { upcasters }).read(shipment(2)));
    expect(err.code).toBe('UPCAST_FAILED');
    expect(err.cause).toBe(boom);
    expect(err.step).toEqual({ from: 2, to: 3 });
  });

  it('validates the old message as its own version first (INVALID_DATA, producer version)', () => {
    const err = catchError(() => reader(2).read(shipment(1, { weightGrams: 'heavy' })));
    expect(err.code).toBe('INVALID_DATA');
    expect(err.producerVersion).toBe(1);
    expect(err.path).toBe('/data/weightGrams');
  });

  it('carries unknown properties through the upcast steps under passThroughKey', () => {
    const out = reader(2, { passThroughKey: '$unknown' }).read(shipment(1, { gift: true }));
    expect(out.data.$unknown).toEqual({ gift: true });
    expect(out.data.carrier).toBe('dhl');
  });
});

describe('createReader: compatibility modes', () => {
  const simple = (contract: string, version: number, upcasters?: UntypedUpcasterRegistry) =>
    createReader({ contract, version, catalog: testCatalog, ...(upcasters ? { upcasters } : {}) });
  const msg = (type: string, v: number) => ({
    ...shipment(v, {}, { type }),
    data: v >= 2 ? { n: 1, note: 'x' } : { n: 1 },
  });

  it('"none": no skew in either direction without an upcaster', () => {
    expect(catchError(() => simple('Ledger', 1).read(msg('Ledger', 2))).code).toBe('INCOMPATIBLE_VERSION');
    expect(catchError(() => simple('Ledger', 2).read(msg('Ledger', 1))).code).toBe('INCOMPATIBLE_VERSION');
    const up = { Ledger: { 1: (m: object) => m } };
    expect(simple('Ledger', 2, up).read(msg('Ledger', 1))).toMatchObject({ data: { n: 1, note: '' } });
  });

  it('"backward": newer readers read older messages, not the other way round', () => {
    expect(catchError(() => simple('Audit', 1).read(msg('Audit', 2))).code).toBe('INCOMPATIBLE_VERSION');
    expect(simple('Audit', 2).read(msg('Audit', 1))).toMatchObject({ schemaversion: 2, data: { note: '' } });
  });

  it('"forward": older readers read newer messages; upcasting needs an explicit upcaster', () => {
    expect(simple('Telemetry', 1).read(msg('Telemetry', 2))).toEqual({ ...msg('Telemetry', 1) });
    const err = catchError(() => simple('Telemetry', 2).read(msg('Telemetry', 1)));
    expect(err.code).toBe('INCOMPATIBLE_VERSION');
    expect(err.producerVersion).toBe(1);
  });
});

describe('createReader: HTTP bodies', () => {
  const parcel = (version: number) => createReader({ contract: 'Parcel', version, catalog: testCatalog });

  it('reads a body from a newer provider tolerantly (unknown fields dropped)', () => {
    const body = JSON.stringify({ id: 'p1', status: 'sent', eta: '2026-11-27T10:00:00Z', carrierRef: 'x' });
    expect(parcel(1).read(body)).toEqual({ id: 'p1', status: 'sent' });
    expect(parcel(1).readDetailed(body, { producerVersion: 2 })).toMatchObject({
      path: 'newer',
      producerVersion: 2,
    });
  });

  it('reads an older body by upcasting (http-response defaults to forward: needs the producer version)', () => {
    const err = catchError(() => parcel(2).read({ id: 'p1', status: 'open' }, { producerVersion: 1 }));
    expect(err.code).toBe('INCOMPATIBLE_VERSION');
    // Without a producer version the body is read as the reader's own version: v2 only added optionals.
    expect(parcel(2).read({ id: 'p1', status: 'open' })).toEqual({ id: 'p1', status: 'open' });
  });
});

describe('createReader: configuration errors surface at construction', () => {
  it('unknown contract and unknown reader version', () => {
    expect(catchError(() => createReader({ contract: 'Nope', version: 1, catalog: testCatalog })).code).toBe(
      'UNKNOWN_CONTRACT',
    );
    expect(
      catchError(() => createReader({ contract: 'Shipment', version: 7, catalog: testCatalog })).code,
    ).toBe('UNKNOWN_VERSION');
  });
});

describe('createReader: compiled once', () => {
  it('loads and compiles each artifact once per catalog source, however many readers and messages', () => {
    const loads: string[] = [];
    const counting = {
      list: () => testCatalog.list(),
      getContract: (name: string) => testCatalog.getContract(name),
      loadSchema: (name: string, version: number) => {
        loads.push(`${name}@${version}`);
        return testCatalog.loadSchema(name, version);
      },
    };
    for (let i = 0; i < 3; i++) {
      const r = createReader<Loose>({ contract: 'Shipment', version: 2, catalog: counting });
      for (const v of [1, 2, 3]) r.read(shipment(v));
    }
    expect(loads.sort()).toEqual(['Shipment@1', 'Shipment@2', 'Shipment@3']);
  });
});

describe('createReader: the specification decides what a schema asserts (as accord diff reads it)', () => {
  const priced = inlineCatalog([
    {
      name: 'Price',
      kind: 'http-response',
      versions: [
        {
          version: 1,
          schema: {
            $schema: 'https://json-schema.org/draft/2020-12/schema',
            type: 'object',
            properties: {
              amount: { type: 'number', multipleOf: 0.01 },
              step: { type: 'number', multipleOf: 1.1 },
            },
            // Not a 2020-12 keyword (dependentRequired is): asserts nothing.
            dependencies: { amount: ['currency'] },
          },
        },
      ],
    },
  ]);
  const price = createReader<Loose>({ contract: 'Price', version: 1, catalog: priced });

  it('multipleOf is exact on the written decimals, where a float quotient rejects valid amounts', () => {
    expect(price.read({ amount: 19.99, step: 3.3 })).toEqual({ amount: 19.99, step: 3.3 });
    expect(price.read({ amount: 1e22 })).toEqual({ amount: 1e22 });
    const err = catchError(() => price.read({ amount: 0.005 }));
    expect(err.code).toBe('INVALID_DATA');
    expect(err.path).toBe('/amount');
  });

  it('dependencies asserts nothing in 2020-12', () => {
    expect(price.read({ amount: 2 })).toEqual({ amount: 2 });
  });
});
