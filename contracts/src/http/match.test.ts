// The route matcher: templates, literal precedence, 405 with the allowed methods, parameter schemas.

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouteMatcher } from './match.js';
import { ordersApi, type RouteDeclaration } from './routes.js';

const ORDER_ID = '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90';
const orders = createRouteMatcher(ordersApi.routes);

const route = (
  method: RouteDeclaration['method'],
  path: string,
  params: RouteDeclaration['parameters'] = [],
) =>
  ({
    operationId: `${method} ${path}`,
    method,
    path,
    summary: '',
    parameters: params,
    responses: [],
  }) as RouteDeclaration;

describe('createRouteMatcher', () => {
  it('finds the operation of every orders route and decodes its path parameters', () => {
    expect(orders.match('POST', '/orders')).toMatchObject({
      kind: 'route',
      route: { operationId: 'placeOrder' },
    });
    expect(orders.match('GET', '/orders')).toMatchObject({
      kind: 'route',
      route: { operationId: 'listOrders' },
    });
    expect(orders.match('GET', `/orders/${ORDER_ID}`)).toEqual({
      kind: 'route',
      route: ordersApi.routes[2],
      params: { id: ORDER_ID },
    });
    expect(orders.match('post', `/orders/${ORDER_ID}/cancel/`)).toMatchObject({
      kind: 'route',
      route: { operationId: 'cancelOrder' },
      params: { id: ORDER_ID },
    });
  });

  it('answers method-not-allowed with the methods of the path in table order', () => {
    expect(orders.match('DELETE', '/orders')).toEqual({ kind: 'method-not-allowed', allow: ['POST', 'GET'] });
    expect(orders.match('PUT', `/orders/${ORDER_ID}`)).toEqual({
      kind: 'method-not-allowed',
      allow: ['GET'],
    });
  });

  it('treats a path parameter that breaks its schema as no route (so /orders/not-a-uuid is a 404)', () => {
    expect(orders.match('GET', '/orders/not-a-uuid')).toEqual({ kind: 'not-found' });
    expect(orders.match('DELETE', '/orders/not-a-uuid')).toEqual({ kind: 'not-found' });
    expect(orders.match('GET', '/orders/%E0%A4%A')).toEqual({ kind: 'not-found' });
    expect(orders.match('GET', '/customers')).toEqual({ kind: 'not-found' });
    expect(orders.match('GET', `/orders/${ORDER_ID}/items`)).toEqual({ kind: 'not-found' });
  });

  it('prefers literal segments over parameters, whatever the table order', () => {
    const name = { name: 'name', in: 'path', required: true, description: '', schema: z.string() } as const;
    const matcher = createRouteMatcher([
      route('GET', '/files/{name}', [name]),
      route('GET', '/files/latest'),
    ]);
    expect(matcher.match('GET', '/files/latest')).toMatchObject({ route: { path: '/files/latest' } });
    expect(matcher.match('GET', '/files/a%2Fb')).toMatchObject({
      route: { path: '/files/{name}' },
      params: { name: 'a/b' },
    });
  });

  it('rejects templates it cannot serve', () => {
    expect(() => createRouteMatcher([route('GET', '/files/{name}.json')])).toThrow(/whole segment/);
    expect(() => createRouteMatcher([route('GET', '/files/{name}')])).toThrow(
      /no declaration for path parameter "name"/,
    );
    expect(() => createRouteMatcher([route('GET', 'files')])).toThrow(/must start with/);
  });
});
