// The CloudEvents 1.0 envelope every orders event is published in (structured JSON mode).
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { z } from 'zod';
import { TimestampSchema } from './primitives.js';

const URI_REFERENCE = fullFormats['uri-reference'] as RegExp;

/**
 * Wraps a payload schema in the envelope. `schemaversion` is an integer, not a const, so that the
 * artifacts of two versions stay comparable; the `data` schema is titled `<Type>V<version>Data`
 * so generated types get that name.
 */
export function cloudEvent<const T extends string, D extends z.ZodObject>(type: T, version: number, data: D) {
  return z
    .strictObject({
      specversion: z.literal('1.0').describe('CloudEvents specification version.'),
      id: z.uuid().describe('Unique event id; consumers de-duplicate on (source, id).'),
      source: z
        .string()
        .regex(/^\S+$/)
        // The artifact declares `format: uri-reference`; zod checks it with ajv-formats' own regex so both agree.
        .refine((value) => URI_REFERENCE.test(value), { message: 'Invalid URI reference' })
        .meta({ format: 'uri-reference', description: 'Producer, e.g. "/orders-service".' }),
      type: z.literal(type).describe('Contract name of the event.'),
      schemaversion: z.int().min(1).describe('Version of the contract the data conforms to.'),
      time: TimestampSchema.describe('When the occurrence happened.'),
      datacontenttype: z.literal('application/json').optional().describe('Media type of data; always JSON.'),
      data: data.meta({ title: `${type}V${version}Data` }),
    })
    .describe(`CloudEvents 1.0 envelope of ${type} v${version}.`);
}
