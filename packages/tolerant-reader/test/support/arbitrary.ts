// Schema-driven data: a fast-check arbitrary for any published artifact, so fixtures follow new versions automatically.

import { isSchemaObject, resolvePointer } from '@accord/schema-diff/toolkit';
import fc from 'fast-check';
import type { JsonSchema } from '../../src/catalog.js';

export interface ArbitraryOptions {
  /** 'full': every optional property present; 'minimal': required only; 'random': either. */
  optional: 'full' | 'minimal' | 'random';
}

const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  uuid: () => fc.uuid({ version: 4 }),
  'date-time': () =>
    fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
  date: () =>
    fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10)),
  'uri-reference': () => fc.constantFrom('/orders-service', '/billing-service', '/shipping'),
  uri: () => fc.constantFrom('https://orders.example.com/orders', 'https://example.com/'),
  email: () => fc.constantFrom('ada@example.com', 'grace.hopper@example.org'),
};

/** A fast-check arbitrary producing values valid for `schema` (a subschema of `root`). */
export function arbitraryFor(
  schema: unknown,
  root: JsonSchema,
  options: ArbitraryOptions,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema === true || schema === undefined) return fc.constant('any');
  if (!isSchemaObject(schema)) throw new Error(`cannot generate for schema ${JSON.stringify(schema)}`);
  if (depth > 12) throw new Error('schema nests too deep for the generator');
  const next = (s: unknown) => arbitraryFor(s, root, options, depth + 1);

  if (typeof schema.$ref === 'string') {
    if (!schema.$ref.startsWith('#')) throw new Error(`external $ref ${schema.$ref}`);
    return next(resolvePointer(root, schema.$ref));
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  for (const k of ['anyOf', 'oneOf'] as const) {
    const list = schema[k];
    if (Array.isArray(list))
      return fc.oneof(...list.map((b) => next({ ...stripComposition(schema), ...(b as object) })));
  }
  if (Array.isArray(schema.allOf)) {
    const merged = schema.allOf.reduce<JsonSchema>(
      (acc, s) => mergeObjects(acc, s as JsonSchema),
      stripComposition(schema),
    );
    return next(merged);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return objectArbitrary(schema, next, options);
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const max = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : min + 3, min + 3);
      const minLength = options.optional === 'full' ? Math.max(min, Math.min(2, max)) : min;
      return fc.array(next(schema.items ?? true), { minLength, maxLength: Math.max(minLength, max) });
    }
    case 'string':
      return stringArbitrary(schema);
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max =
        typeof schema.maximum === 'number' ? Math.min(schema.maximum, min + 100_000) : min + 100_000;
      return fc.integer({ min, max });
    }
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : min + 1000;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      if (isSchemaObject(schema.properties)) return objectArbitrary(schema, next, options);
      return fc.constant('any');
  }
}

function stripComposition(schema: JsonSchema): JsonSchema {
  const { anyOf: _a, oneOf: _o, allOf: _l, ...rest } = schema;
  return rest;
}

function mergeObjects(a: JsonSchema, b: JsonSchema): JsonSchema {
  return {
    ...a,
    ...b,
    properties: { ...(a.properties as object), ...(b.properties as object) },
    required: [...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])],
  };
}

function objectArbitrary(
  schema: JsonSchema,
  next: (s: unknown) => fc.Arbitrary<unknown>,
  options: ArbitraryOptions,
): fc.Arbitrary<unknown> {
  const props = isSchemaObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(props)) {
    if (options.optional === 'minimal' && !required.has(key)) continue;
    model[key] = next(sub);
  }
  if (options.optional === 'random') {
    return fc.record(model, { requiredKeys: Object.keys(model).filter((k) => required.has(k)) });
  }
  return fc.record(model);
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(minLength, 40);
  let arb: fc.Arbitrary<string>;
  if (format !== undefined) arb = format();
  else if (pattern !== undefined) arb = fc.stringMatching(pattern);
  else {
    // Readable text, like the free-text fields of real messages.
    arb = fc
      .array(fc.constantFrom('order', 'parcel', 'blue', 'mug', 'late', 'customer', 'asked', 'refund'), {
        minLength: 1,
        maxLength: 6,
      })
      .map((words) => words.join(' '))
      .map((s) => (s.length < minLength ? s.padEnd(minLength, '.') : s.slice(0, maxLength)));
  }
  return arb.filter(
    (s) => s.length >= minLength && s.length <= maxLength && (pattern === undefined || pattern.test(s)),
  );
}

/** One deterministic sample: the "realistic fixture" of a schema. */
export function sampleOf(schema: JsonSchema, options: ArbitraryOptions, seed = 42): unknown {
  return fc.sample(arbitraryFor(schema, schema, options), { seed, numRuns: 1 })[0];
}
