// A small inline catalog for unit tests: every kind of skew the reader must handle, independent of @accord/contracts.
import {
  type CompatibilityMode,
  type InlineContract,
  inlineCatalog,
  type JsonSchema,
} from '../../src/catalog.js';

const uuid = { type: 'string', format: 'uuid' };

export function envelopeSchema(type: string, version: number, data: JsonSchema): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://contracts.test/${type}/v${version}.schema.json`,
    title: `${type}V${version}`,
    type: 'object',
    additionalProperties: false,
    properties: {
      specversion: { type: 'string', const: '1.0' },
      id: uuid,
      source: { type: 'string', format: 'uri-reference' },
      type: { type: 'string', const: type },
      schemaversion: { type: 'integer', minimum: 1 },
      time: { type: 'string', format: 'date-time' },
      datacontenttype: { type: 'string', const: 'application/json' },
      data,
    },
    required: ['specversion', 'id', 'source', 'type', 'schemaversion', 'time', 'data'],
  };
}

const address = (v: number): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    street: { type: 'string', minLength: 1 },
    city: { type: 'string', minLength: 1 },
    ...(v >= 2 ? { country: { type: 'string', pattern: '^[A-Z]{2}$', default: 'DE' } } : {}),
  },
  required: ['street', 'city'],
});

/** Shipment: v2 adds optional fields with defaults (one nested), v3 adds a required field (needs an upcaster). */
const shipmentData = (v: number): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    shipmentId: uuid,
    weightGrams: { type: 'integer', minimum: 1 },
    address: address(v),
    ...(v >= 2
      ? {
          carrier: { type: 'string', enum: ['dhl', 'ups', 'gls'], default: 'dhl' },
          tags: { type: 'array', items: { type: 'string' }, default: [] },
        }
      : {}),
    ...(v >= 3 ? { parcels: { type: 'integer', minimum: 1 } } : {}),
  },
  required: ['shipmentId', 'weightGrams', 'address', ...(v >= 3 ? ['parcels'] : [])],
});

const simpleEvent = (name: string, mode: CompatibilityMode): InlineContract => ({
  name,
  kind: 'event',
  compatibility: mode,
  versions: [1, 2].map((v) => ({
    version: v,
    schema: envelopeSchema(name, v, {
      type: 'object',
      additionalProperties: false,
      properties: { n: { type: 'integer' }, ...(v >= 2 ? { note: { type: 'string', default: '' } } : {}) },
      required: ['n'],
    }),
  })),
});

const parcelBody = (v: number): JsonSchema => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `https://contracts.test/Parcel/v${v}.schema.json`,
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['open', 'sent'] },
    ...(v >= 2 ? { eta: { type: 'string', format: 'date-time' } } : {}),
  },
  required: ['id', 'status'],
});

export const testContracts: InlineContract[] = [
  {
    name: 'Shipment',
    kind: 'event',
    compatibility: 'full-transitive',
    versions: [1, 2, 3].map((v) => ({ version: v, schema: envelopeSchema('Shipment', v, shipmentData(v)) })),
  },
  simpleEvent('Ledger', 'none'),
  simpleEvent('Audit', 'backward'),
  simpleEvent('Telemetry', 'forward'),
  {
    name: 'Parcel',
    kind: 'http-response',
    versions: [1, 2].map((v) => ({ version: v, schema: parcelBody(v) })),
  },
  {
    name: 'ErrorResponse',
    kind: 'http-response',
    versions: [
      {
        version: 1,
        schema: {
          $id: 'https://contracts.test/ErrorResponse/v1.schema.json',
          type: 'object',
          additionalProperties: false,
          properties: { code: { type: 'string' }, message: { type: 'string', minLength: 1 } },
          required: ['code', 'message'],
        },
      },
    ],
  },
];

export const testCatalog = inlineCatalog(testContracts);

const SHIPMENT_ID = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
export const EVENT_ID = '0b7e4c1a-9d2f-4a3b-8c5d-6e7f8a9b0c1d';

export function shipment(
  version: number,
  data: Record<string, unknown> = {},
  envelope: Record<string, unknown> = {},
) {
  return {
    specversion: '1.0',
    id: EVENT_ID,
    source: '/shipping-service',
    type: 'Shipment',
    schemaversion: version,
    time: '2026-11-26T08:15:00Z',
    datacontenttype: 'application/json',
    data: {
      shipmentId: SHIPMENT_ID,
      weightGrams: 1200,
      address: { street: 'Hauptstr. 1', city: 'Berlin', ...(version >= 2 ? { country: 'AT' } : {}) },
      ...(version >= 2 ? { carrier: 'ups', tags: ['fragile'] } : {}),
      ...(version >= 3 ? { parcels: 2 } : {}),
      ...data,
    },
    ...envelope,
  };
}
