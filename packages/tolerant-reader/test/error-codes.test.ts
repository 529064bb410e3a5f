// Every ReadError code has a case that produces it, and the raw message is always recoverable from the error.
import { describe, expect, it } from 'vitest';
import {
  createEventReader,
  createReader,
  inlineCatalog,
  READ_ERROR_CODES,
  ReadError,
  type ReadErrorCode,
  readResponse,
} from '../src/index.js';
import { envelopeSchema, shipment, testCatalog, testContracts } from './support/inline-catalog.js';

const catalog = inlineCatalog([
  ...testContracts,
  // Version 1 was dropped from the catalog: old messages can no longer be read.
  {
    name: 'Gappy',
    kind: 'event',
    versions: [2, 3].map((v) => ({ version: v, schema: envelopeSchema('Gappy', v, { type: 'object' }) })),
  },
]);
const shipmentV2 = createReader({ contract: 'Shipment', version: 2, catalog });
const shipmentV3 = createReader({ contract: 'Shipment', version: 3, catalog });
const ledgerV1 = createReader({ contract: 'Ledger', version: 1, catalog });
const gappyV3 = createReader({ contract: 'Gappy', version: 3, catalog });
const events = createEventReader({ contracts: { Shipment: 2 }, catalog });
const parcel = createReader({ contract: 'Parcel', version: 1, catalog });

interface MessageCase {
  code: ReadErrorCode;
  /** The message as text; also fed as bytes to check raw recovery both ways. */
  text: string;
  read: (input: string | Uint8Array) => unknown;
}

const json = (v: unknown) => JSON.stringify(v);

const messageCases: MessageCase[] = [
  { code: 'NOT_JSON', text: '{"specversion": "1.0", "id": ', read: (i) => shipmentV2.read(i) },
  { code: 'UNKNOWN_CONTRACT', text: json({ ...shipment(2), type: 'Refunded' }), read: (i) => events.read(i) },
  {
    code: 'UNKNOWN_VERSION',
    text: json({ ...shipment(1), type: 'Gappy', data: {} }),
    read: (i) => gappyV3.read(i),
  },
  {
    code: 'INCOMPATIBLE_VERSION',
    text: json({ ...shipment(2), type: 'Ledger', data: { n: 1 } }),
    read: (i) => ledgerV1.read(i),
  },
  {
    code: 'INVALID_ENVELOPE',
    text: json({ ...shipment(2), schemaversion: '2' }),
    read: (i) => shipmentV2.read(i),
  },
  { code: 'UNEXPECTED_TYPE', text: json({ ...shipment(2), type: 'Audit' }), read: (i) => shipmentV2.read(i) },
  { code: 'INVALID_DATA', text: json(shipment(2, { weightGrams: -5 })), read: (i) => shipmentV2.read(i) },
  { code: 'UPCAST_FAILED', text: json(shipment(1)), read: (i) => shipmentV3.read(i) },
];

interface HttpCase {
  code: ReadErrorCode;
  body: string;
  response: () => Response;
  options?: Parameters<typeof readResponse>[2];
}

const httpCases: HttpCase[] = [
  {
    code: 'HTTP_ERROR_BODY',
    body: json({ code: 'NOT_FOUND', message: 'no such parcel' }),
    response() {
      return new Response(this.body, { status: 404, headers: { 'content-type': 'application/json' } });
    },
  },
  {
    code: 'HTTP_ERROR_STATUS',
    body: '<h1>503 Service Unavailable</h1>',
    response() {
      return new Response(this.body, { status: 503, headers: { 'content-type': 'text/html' } });
    },
  },
  {
    code: 'HTTP_UNEXPECTED_STATUS',
    body: json({ id: 'p1', status: 'open' }),
    response() {
      return new Response(this.body, { status: 202, headers: { 'content-type': 'application/json' } });
    },
    options: { expectStatus: 200 },
  },
  {
    code: 'HTTP_NOT_JSON',
    body: 'id=p1&status=open',
    response() {
      return new Response(this.body, {
        status: 200,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    },
  },
];

async function caught(fn: () => unknown): Promise<ReadError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ReadError);
    return e as ReadError;
  }
  throw new Error('expected a ReadError');
}

describe('ReadError codes', () => {
  it('every documented code has a case here', () => {
    const covered = new Set<ReadErrorCode>([
      ...messageCases.map((c) => c.code),
      ...httpCases.map((c) => c.code),
      'HTTP_BODY_UNREADABLE', // its own case below: the body stream fails
    ]);
    expect([...covered].sort()).toEqual([...READ_ERROR_CODES].sort());
  });

  for (const c of messageCases) {
    it(`${c.code}: raised with the raw string (same string) and raw bytes (an exact private copy)`, async () => {
      const fromText = await caught(() => c.read(c.text));
      expect(fromText.code).toBe(c.code);
      expect(fromText.raw).toBe(c.text);
      expect(fromText.rawText()).toBe(c.text);

      const bytes = Buffer.from(c.text, 'utf8');
      const fromBytes = await caught(() => c.read(bytes));
      expect(fromBytes.code).toBe(c.code);
      expect(fromBytes.raw).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(fromBytes.raw as Uint8Array).equals(bytes)).toBe(true);
      bytes.fill(0); // a transport reusing its buffer must not corrupt the dead letter
      expect(fromBytes.rawText()).toBe(c.text);
      expect(fromBytes.permanent).toBe(true);
      expect(fromBytes.toJSON()).toMatchObject({ code: c.code, raw: c.text });
    });
  }

  it('NOT_JSON also covers bytes that are not UTF-8, and values that are not JSON', async () => {
    const latin1 = Uint8Array.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]); // {"é"} in Latin-1
    const err = await caught(() => shipmentV2.read(latin1));
    expect(err.code).toBe('NOT_JSON');
    expect([...(err.raw as Uint8Array)]).toEqual([...latin1]);
    expect((await caught(() => shipmentV2.read(undefined))).code).toBe('NOT_JSON');
  });

  it('keeps a parsed value passed in as raw, untouched', async () => {
    const value = shipment(2, { weightGrams: 0 });
    const err = await caught(() => shipmentV2.read(value));
    expect(err.raw).toBe(value);
    expect(err.rawText()).toBe(JSON.stringify(value));
  });

  for (const c of httpCases) {
    it(`${c.code}: raised by readResponse with status, content type and the raw body bytes`, async () => {
      const res = c.response();
      const err = await caught(() => readResponse(res, parcel, c.options));
      expect(err.code).toBe(c.code);
      expect(err.status).toBe(res.status);
      expect(err.contentType).toBe(res.headers.get('content-type'));
      expect(err.raw).toBeInstanceOf(Uint8Array);
      expect(err.rawText()).toBe(c.body);
      expect(err.message).toContain(String(res.status));
    });
  }

  it('HTTP_BODY_UNREADABLE: the body stream fails; retryable', async () => {
    const body = new ReadableStream({
      pull(controller) {
        controller.error(new TypeError('terminated'));
      },
    });
    const err = await caught(() =>
      readResponse(new Response(body, { headers: { 'content-type': 'application/json' } }), parcel),
    );
    expect(err.code).toBe('HTTP_BODY_UNREADABLE');
    expect(err.permanent).toBe(false);
  });

  it('UNKNOWN_CONTRACT and UNKNOWN_VERSION at construction carry the contract and version', async () => {
    const a = await caught(() => createReader({ contract: 'Nope', version: 1, catalog: testCatalog }));
    expect(a).toMatchObject({ code: 'UNKNOWN_CONTRACT', contract: 'Nope' });
    const b = await caught(() => createReader({ contract: 'Shipment', version: 9, catalog: testCatalog }));
    expect(b).toMatchObject({ code: 'UNKNOWN_VERSION', contract: 'Shipment', readerVersion: 9 });
  });
});
