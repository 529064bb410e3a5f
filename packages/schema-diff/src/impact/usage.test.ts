import { describe, expect, it } from 'vitest';
import type { ContractBinding } from './binding.js';
import { consumerVersionFromPact, type Place } from './impact.js';
import { fieldUsage } from './usage.js';

const str = { type: 'string' };
const ORDER: ContractBinding = {
  name: 'Order',
  kind: 'http-response',
  versions: [1],
  routes: [{ method: 'GET', path: '/orders/{id}', status: 200 }],
};
const schema = {
  type: 'object',
  properties: {
    id: str,
    legacyId: str,
    address: { type: 'object', properties: { city: str, zip: str }, required: ['city'] },
  },
  required: ['id'],
};
const place = (environment: string): Place => ({
  kind: 'environment',
  environment,
  production: environment === 'production',
  how: 'deployed',
});
const reader = (consumer: string, version: string, where: Place[], body: unknown) =>
  consumerVersionFromPact(
    { consumer, version, places: where },
    {
      consumer: { name: consumer },
      provider: { name: 'orders-service' },
      interactions: [
        {
          description: 'get',
          request: { method: 'GET', path: '/orders/1' },
          response: { status: 200, body },
        },
      ],
      metadata: { pactSpecification: { version: '3.0.0' } },
    },
    [ORDER],
  );

describe('fieldUsage', () => {
  it('lists, field by field, the consumer versions relying on it or below it, with where they run', () => {
    const report = fieldUsage({ contract: ORDER, version: 1, schema }, [
      reader('web', 'w1', [place('production')], { id: 'o', address: { city: 'B' } }),
      reader('ops', 'o1', [place('test')], { id: 'o', legacyId: 'L', extra: 1 }),
    ]);
    const readers = Object.fromEntries(
      report.fields.map((f) => [
        f.path,
        f.readers.map(
          (r) =>
            `${r.consumer}@${r.places.map((p) => (p.kind === 'environment' ? p.environment : 'main')).join('+')}`,
        ),
      ]),
    );
    expect(readers).toEqual({
      '$.id': ['ops@test', 'web@production'],
      '$.legacyId': ['ops@test'],
      '$.address': ['web@production'],
      '$.address.city': ['web@production'],
      '$.address.zip': [],
    });
    expect(report.fields.find((f) => f.path === '$.id')?.required).toBe(true);
    expect(report.undeclared).toEqual([
      { path: '$.extra', readers: [expect.objectContaining({ consumer: 'ops' })] },
    ]);
    expect(report.consumers.map((c) => [c.consumer, c.reliedPaths])).toEqual([
      ['ops', 4],
      ['web', 4],
    ]);
  });
});
