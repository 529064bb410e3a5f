import { describe, expect, it } from 'vitest';
import { diffSchemas, type JsonSchema } from '../index.js';
import type { ContractBinding } from './binding.js';
import { analyseImpact, type ConsumerVersion, consumerVersionFromPact, type Place } from './impact.js';

const str = { type: 'string' };
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const order = (address: Record<string, unknown>) =>
  obj({ id: str, total: obj({ amount: { type: 'integer' } }), shippingAddress: obj(address) });
const ORDER: ContractBinding = {
  name: 'Order',
  kind: 'http-response',
  owner: 'orders-service',
  versions: [1, 2],
  routes: [{ method: 'GET', path: '/orders/{id}', status: 200 }],
};
const production: Place = {
  kind: 'environment',
  environment: 'production',
  production: true,
  how: 'deployed',
};
const main: Place = { kind: 'main-branch', branch: 'main' };

const httpPact = (consumer: string, body: unknown, headers: Record<string, string[]> = {}) => ({
  consumer: { name: consumer },
  provider: { name: 'orders-service' },
  interactions: [
    {
      type: 'Synchronous/HTTP',
      description: `${consumer} gets an order`,
      request: { method: 'GET', path: '/orders/1' },
      response: {
        status: 200,
        headers,
        body: { content: body, contentType: 'application/json', encoded: false },
      },
    },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
});

const comparison = (
  against: number | undefined,
  oldSchema: JsonSchema,
  newSchema: JsonSchema,
  direction: 'forward' | 'full' | 'backward' = 'forward',
) => ({
  against,
  oldSchema,
  newSchema,
  changes: diffSchemas(oldSchema, newSchema, { direction }).changes,
});

describe('analyseImpact', () => {
  const v1 = order({ city: str, postalCode: str });
  const v2 = order({ city: str });
  const checkout = consumerVersionFromPact(
    { consumer: 'checkout-web', version: 'cw1', places: [production, main] },
    httpPact('checkout-web', { id: 'o', shippingAddress: { city: 'Berlin', postalCode: '10115' } }),
    [ORDER],
  );
  const mobile = consumerVersionFromPact(
    { consumer: 'mobile-app', version: '3.1', places: [production] },
    httpPact('mobile-app', { id: 'o', total: { amount: 1 } }),
    [ORDER],
  );

  it('names the consumers a removed field breaks, with the paths and where they run, and those it spares', () => {
    const impact = analyseImpact({ contract: ORDER, version: 2, comparisons: [comparison(1, v1, v2)] }, [
      checkout,
      mobile,
    ]);
    expect(impact.direction).toBe('forward');
    expect(impact.changes).toHaveLength(1);
    const [change] = impact.changes;
    expect(change).toMatchObject({ at: ['$.shippingAddress.postalCode'], breaksConsumers: true });
    expect(change!.change.rule).toBe('required-property-removed');
    expect(change!.hits).toEqual([
      {
        consumer: 'checkout-web',
        version: 'cw1',
        places: [production, main],
        readsVersion: undefined,
        view: 'current',
        paths: ['$.shippingAddress.postalCode'],
        interactions: ['checkout-web gets an order'],
      },
    ]);
    expect(change!.unaffected).toEqual([{ consumer: 'mobile-app', version: '3.1', places: [production] }]);
    expect(impact.consumers.map((c) => [c.consumer, c.verdict, c.reliedPaths])).toEqual([
      ['checkout-web', 'breaks', 5],
      ['mobile-app', 'unaffected', 4],
    ]);
  });

  it('a break only readers of the new version see hits no current reader', () => {
    // additionalProperties false → a required field added: backward breaks, forward does not.
    const withNote = obj({ ...v1.properties, note: str });
    const impact = analyseImpact(
      { contract: ORDER, version: 2, comparisons: [comparison(1, v1, withNote, 'full')] },
      [checkout, mobile],
    );
    expect(impact.changes.map((c) => [c.change.rule, c.breaksConsumers, c.hits.length])).toEqual([
      ['required-property-added', false, 0],
    ]);
    expect(impact.consumers.every((c) => c.verdict === 'unaffected')).toBe(true);
  });

  it('request bodies: a newly required field breaks the writers that do not send it', () => {
    const REQ: ContractBinding = {
      name: 'CreateOrder',
      kind: 'http-request',
      versions: [1, 2],
      routes: [{ method: 'POST', path: '/orders' }],
    };
    const r1 = obj({ customerId: str, notes: str }, ['customerId']);
    const r2 = obj({ customerId: str, notes: str, channel: str }, ['customerId', 'channel']);
    const writer = (name: string, body: unknown): ConsumerVersion =>
      consumerVersionFromPact(
        { consumer: name, version: '1', places: [main] },
        {
          consumer: { name },
          provider: { name: 'orders-service' },
          interactions: [
            {
              description: 'place',
              request: { method: 'POST', path: '/orders', body },
              response: { status: 201 },
            },
          ],
          metadata: { pactSpecification: { version: '2.0.0' } },
        },
        [REQ],
      );
    const impact = analyseImpact(
      { contract: REQ, version: 2, comparisons: [comparison(1, r1, r2, 'backward')] },
      [writer('old-web', { customerId: 'c' }), writer('new-web', { customerId: 'c', channel: 'web' })],
    );
    expect(impact.role).toBe('writes');
    expect(impact.changes[0]?.absent).toBe(true);
    expect(impact.changes[0]?.hits.map((h) => [h.consumer, h.paths])).toEqual([['old-web', ['$.channel']]]);
    expect(impact.changes[0]?.unaffected.map((u) => u.consumer)).toEqual(['new-web']);
  });

  describe('versions: each reader against the version it was written for', () => {
    const EVENT: ContractBinding = { name: 'Placed', kind: 'event', versions: [1, 2, 3], routes: [] };
    const e1 = obj({
      type: str,
      schemaversion: { type: 'integer' },
      data: obj({ total: { type: 'integer' } }),
    });
    const e2 = obj({
      type: str,
      schemaversion: { type: 'integer' },
      data: obj({ total: { type: 'integer' }, channel: str }, ['total']),
    });
    const e3 = obj({
      type: str,
      schemaversion: { type: 'integer' },
      data: obj({ total: { type: 'number' }, channel: str }, ['total']),
    });
    const reader = (name: string, version: number) =>
      consumerVersionFromPact(
        { consumer: name, version: 'x', places: [production] },
        {
          consumer: { name },
          provider: { name: 'orders-service' },
          messages: [
            {
              description: `${name} reads`,
              contents: { type: 'Placed', schemaversion: version, data: { total: 1 } },
            },
          ],
          metadata: { pactSpecification: { version: '3.0.0' } },
        },
        [EVENT],
      );

    it('transitive comparisons: a v1 reader is judged on v3-vs-v1, a v2 reader on v3-vs-v2, a v3 reader is ahead', () => {
      const impact = analyseImpact(
        { contract: EVENT, version: 3, comparisons: [comparison(2, e2, e3), comparison(1, e1, e3)] },
        [reader('shipping', 2), reader('analytics', 1), reader('next', 3)],
      );
      expect(
        impact.changes.map((c) => [c.against, c.at, c.hits.map((h) => `${h.consumer}:${h.view}`)]),
      ).toEqual([
        [2, ['$.data.total'], ['shipping:same']],
        [1, ['$.data.total'], ['analytics:same']],
      ]);
      expect(impact.consumers.map((c) => [c.consumer, c.verdict])).toEqual([
        ['analytics', 'breaks'],
        ['next', 'ahead'],
        ['shipping', 'breaks'],
      ]);
    });

    it('without a comparison for its version, an older reader sees the change through the tolerant reader', () => {
      const impact = analyseImpact({ contract: EVENT, version: 3, comparisons: [comparison(2, e2, e3)] }, [
        reader('analytics', 1),
      ]);
      expect(impact.changes[0]?.hits.map((h) => [h.consumer, h.readsVersion, h.view, h.paths])).toEqual([
        ['analytics', 1, 'tolerant-reader', ['$.data.total']],
      ]);
    });
  });

  it('an unreadable pact is one unmatched entry, not a silent nothing', () => {
    const c = consumerVersionFromPact({ consumer: 'x', version: '1', places: [] }, 'not json', [ORDER]);
    expect(c.unmatched).toEqual([
      { interaction: '(the whole pact)', via: undefined, reason: 'not a readable pact: not a JSON object' },
    ]);
  });
});
