// loadSchema / schemaFile / getValidator: artifacts resolved from the package, cached, readable errors.
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog/catalog.js';
import { ContractsError } from '../errors.js';
import { loadSchema, schemaFile } from './schemas.js';
import { formatValidationErrors, getValidator } from './validators.js';

describe('schemaFile / loadSchema', () => {
  it('resolves every catalog version to an existing artifact with its $id and title', () => {
    for (const contract of catalog.contracts) {
      for (const { version } of contract.versions) {
        const file = schemaFile(contract.name, version);
        expect(isAbsolute(file)).toBe(true);
        expect(existsSync(file)).toBe(true);
        expect(loadSchema(contract.name, version)).toMatchObject({
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          $id: `https://contracts.accord.dev/${contract.name}/v${version}.schema.json`,
          title: `${contract.name}V${version}`,
          type: 'object',
          additionalProperties: false,
        });
      }
    }
  });

  it('caches the parsed artifact', () => {
    expect(loadSchema('Order', 1)).toBe(loadSchema('Order', 1));
  });

  it('fails with UNKNOWN_CONTRACT / UNKNOWN_VERSION', () => {
    expect(() => loadSchema('Invoice', 1)).toThrow(ContractsError);
    expect(() => loadSchema('Invoice', 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_CONTRACT' }));
    expect(() => schemaFile('OrderPlaced', 3)).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_VERSION',
        message: 'OrderPlaced has no version 3 (known: 1, 2).',
      }),
    );
  });
});

describe('getValidator', () => {
  it('compiles once per version and validates with all errors', () => {
    const validate = getValidator('CancelOrderRequest', 1);
    expect(getValidator('CancelOrderRequest', 1)).toBe(validate);
    expect(validate({ reason: 'other', comment: '', extra: 1 })).toBe(false);
    expect(validate.errors).toHaveLength(2);
  });

  it('checks formats from the artifact (uuid, date-time)', () => {
    const validate = getValidator('OrderCancelled', 1);
    const event = {
      specversion: '1.0',
      id: 'not-a-uuid',
      source: '/orders-service',
      type: 'OrderCancelled',
      schemaversion: 1,
      time: '2026-13-01T00:00:00Z',
      data: {
        orderId: '0b6f3a52-2c8e-4d0e-9a43-2f1f4c6f8e11',
        customerId: 'cus_8f3kQ2Lm',
        reason: 'other',
        cancelledAt: '2026-11-26T09:00:00Z',
      },
    };
    expect(validate(event)).toBe(false);
    expect(formatValidationErrors(validate.errors)).toEqual([
      '/id must match format "uuid"',
      '/time must match format "date-time"',
    ]);
  });
});

describe('formatValidationErrors', () => {
  it('returns nothing for no errors', () => {
    expect(formatValidationErrors(null)).toEqual([]);
    expect(formatValidationErrors(undefined)).toEqual([]);
  });
});
