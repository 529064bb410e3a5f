// Version-skew matrix generated from the catalog: every producer version × every reader version of every contract.

import { isSchemaObject, resolvePointer } from '@accord/schema-diff/toolkit';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CatalogContract,
  type CatalogSource,
  type CompatibilityMode,
  createReader,
  defaultCatalog,
  inlineCatalog,
  type JsonSchema,
  ReadError,
} from '../src/index.js';
import { arbitraryFor, sampleOf } from './support/arbitrary.js';

// The specification the reader must follow, written out independently of its implementation.
const READS_NEWER = new Set<CompatibilityMode>(['forward', 'full', 'forward-transitive', 'full-transitive']);
const READS_OLDER = new Set<CompatibilityMode>([
  'backward',
  'full',
  'backward-transitive',
  'full-transitive',
]);
const DEFAULT_MODE = {
  event: 'full-transitive',
  'http-response': 'forward',
  'http-request': 'backward',
} as const;

function expectedReadable(contract: CatalogContract, producer: number, reader: number): boolean {
  const mode = contract.compatibility ?? DEFAULT_MODE[contract.kind];
  if (producer === reader) return true;
  return producer > reader ? READS_NEWER.has(mode) : READS_OLDER.has(mode);
}

/** An oracle independent of the reader's own ajv instance: plain ajv, no defaults, no mutation. */
function oracle(source: CatalogSource) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const plugin = addFormats as unknown as { default?: (a: Ajv2020) => void };
  (typeof plugin === 'function' ? (plugin as (a: Ajv2020) => void) : plugin.default!)(ajv);
  const cache = new Map<string, ValidateFunction>();
  return (name: string, version: number): ValidateFunction => {
    const key = `${name}@${version}`;
    let v = cache.get(key);
    if (v === undefined) {
      v = ajv.compile({ ...source.loadSchema(name, version), $id: `urn:oracle:${name}:${version}` });
      cache.set(key, v);
    }
    return v;
  };
}

/**
 * Nothing the reader's version knows is lost or changed; nothing it does not know leaks through;
 * what the producer left out is exactly the declared default.
 */
function expectFaithful(
  original: unknown,
  result: unknown,
  schema: unknown,
  root: JsonSchema,
  path: string,
): void {
  let s = schema;
  while (isSchemaObject(s) && typeof s.$ref === 'string') s = resolvePointer(root, s.$ref);
  if (!isSchemaObject(s)) return;
  if (path === '/schemaversion') return;
  if (isSchemaObject(s.properties) && isSchemaObject(original) && isSchemaObject(result)) {
    for (const key of Object.keys(result)) {
      expect(
        Object.hasOwn(s.properties, key) || s.additionalProperties !== false,
        `leaked ${path}/${key}`,
      ).toBe(true);
    }
    for (const [key, sub] of Object.entries(s.properties)) {
      if (Object.hasOwn(original, key)) {
        expect(Object.hasOwn(result, key), `lost ${path}/${key}`).toBe(true);
        expectFaithful(original[key], result[key], sub, root, `${path}/${key}`);
      } else if (
        `${path}/${key}` !== '/schemaversion' &&
        (Object.hasOwn(result, key) || 'default' in (sub as JsonSchema))
      ) {
        expect(result[key], `${path}/${key} is not the declared default`).toEqual(
          (sub as JsonSchema).default,
        );
      }
    }
    return;
  }
  if (Array.isArray(original) && Array.isArray(result) && isSchemaObject(s.items)) {
    expect(result).toHaveLength(original.length);
    original.forEach((item, i) => {
      expectFaithful(item, result[i], s.items, root, `${path}/${i}`);
    });
    return;
  }
  if (original === null || typeof original !== 'object') expect(result, path).toEqual(original);
}

function versionSkewMatrix(label: string, source: CatalogSource): void {
  const check = oracle(source);
  describe(`version skew: ${label}`, () => {
    it('has contracts and versions to cover', () => {
      expect(source.list().length).toBeGreaterThan(0);
    });
    for (const contract of source.list()) {
      const versions = contract.versions.map((v) => v.version);
      const isEvent = contract.kind === 'event';
      for (const producer of versions) {
        for (const readerVersion of versions) {
          const readable = expectedReadable(contract, producer, readerVersion);
          it(`${contract.name}: v${producer} producer → v${readerVersion} reader ${readable ? 'reads' : 'refuses'}`, () => {
            const producerSchema = source.loadSchema(contract.name, producer);
            const readerSchema = source.loadSchema(contract.name, readerVersion);
            const reader = createReader({ contract: contract.name, version: readerVersion, catalog: source });
            const stamp = (v: unknown) =>
              isEvent ? { ...(v as Record<string, unknown>), schemaversion: producer } : v;
            const readOne = (message: unknown, detailed: boolean) => {
              const raw = JSON.stringify(message);
              expect(check(contract.name, producer)(message), 'generated fixture is valid').toBe(true);
              if (!readable) {
                let error: unknown;
                try {
                  reader.read(raw, { producerVersion: producer });
                } catch (e) {
                  error = e;
                }
                expect(error).toBeInstanceOf(ReadError);
                expect((error as ReadError).code).toBe('INCOMPATIBLE_VERSION');
                expect((error as ReadError).raw).toBe(raw);
                return;
              }
              const value = detailed
                ? reader.readDetailed(raw, { producerVersion: producer }).value
                : reader.read(raw, { producerVersion: producer });
              const valid = check(contract.name, readerVersion);
              expect(valid(value), JSON.stringify(valid.errors)).toBe(true);
              if (isEvent) expect((value as { schemaversion: number }).schemaversion).toBe(readerVersion);
              expectFaithful(message, value, readerSchema, readerSchema, '');
            };
            // Realistic fixtures: every optional field present, and only the required ones.
            readOne(stamp(sampleOf(producerSchema, { optional: 'full' })), true);
            readOne(stamp(sampleOf(producerSchema, { optional: 'minimal' })), true);
            // And generated ones with any mix of optional fields.
            fc.assert(
              fc.property(arbitraryFor(producerSchema, producerSchema, { optional: 'random' }), (m) => {
                readOne(stamp(m), false);
              }),
              { numRuns: 25, seed: 7 },
            );
          });
        }
      }
    }
  });
}

/**
 * The next version of each event contract as the contracts package would publish it: additive, new
 * optional fields (one with a default, one nested object, one inside array items). Proves the matrix
 * and the reader follow a new version without a code change.
 */
function withNextEventVersions(source: CatalogSource): CatalogSource {
  return inlineCatalog(
    source.list().map((contract) => {
      const versions = contract.versions.map((v) => ({
        version: v.version,
        schema: source.loadSchema(contract.name, v.version),
      }));
      if (contract.kind !== 'event') return { ...contract, versions };
      const latest = versions[versions.length - 1]!;
      const next = structuredClone(latest.schema);
      const nextVersion = latest.version + 1;
      next.$id = `https://contracts.accord.dev/${contract.name}/v${nextVersion}.schema.json`;
      next.title = `${contract.name}V${nextVersion}`;
      const data = (next.properties as Record<string, JsonSchema>).data!;
      const props = data.properties as Record<string, JsonSchema>;
      props.loyaltyPoints = { type: 'integer', minimum: 0, default: 0 };
      props.gift = {
        type: 'object',
        additionalProperties: false,
        properties: { message: { type: 'string', minLength: 1, maxLength: 60 } },
        required: ['message'],
      };
      for (const sub of Object.values(props)) {
        if (sub.type === 'array' && isSchemaObject(sub.items) && isSchemaObject(sub.items.properties)) {
          sub.items.properties.warehouse = { type: 'string', enum: ['BER-1', 'AMS-2'] };
        }
      }
      return { ...contract, versions: [...versions, { version: nextVersion, schema: next }] };
    }),
  );
}

versionSkewMatrix('@accord/contracts catalog', defaultCatalog());
versionSkewMatrix(
  '@accord/contracts catalog + a synthetic next version of every event',
  withNextEventVersions(defaultCatalog()),
);
