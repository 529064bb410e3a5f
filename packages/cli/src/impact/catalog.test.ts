import { describe, expect, it } from 'vitest';
import { contractOfName, routesOf } from './catalog.js';

describe('routesOf', () => {
  it('reads every endpoint, else the primary http binding, and skips what is not a route', () => {
    expect(
      routesOf({
        http: { method: 'POST', path: '/orders', status: 201 },
        endpoints: [
          { method: 'post', path: '/orders', status: 201 },
          { method: 'GET', path: '/orders/{id}', status: 200 },
          { path: 'x' },
        ],
      }),
    ).toEqual([
      { method: 'POST', path: '/orders', status: 201 },
      { method: 'GET', path: '/orders/{id}', status: 200 },
    ]);
    expect(routesOf({ http: { method: 'POST', path: '/orders' } })).toEqual([
      { method: 'POST', path: '/orders' },
    ]);
    expect(routesOf({})).toEqual([]);
  });
});

describe('contractOfName', () => {
  it('names contract and version from a $id or an artifact path', () => {
    expect(contractOfName('https://contracts.accord.dev/OrderPlaced/v2.schema.json')).toEqual({
      name: 'OrderPlaced',
      version: 2,
    });
    expect(contractOfName('contracts/schemas/Order/v1.schema.json')).toEqual({ name: 'Order', version: 1 });
    expect(contractOfName('order-v2.json')).toBeUndefined();
    expect(contractOfName(undefined)).toBeUndefined();
  });
});
