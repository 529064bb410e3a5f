// The three contracts of the example data: Example App's expectations of Example API as it evolved.

import type { PactDoc } from '../pact/content.js';

const product = (id: number, name: string) => ({ id, name, type: 'CREDIT_CARD', version: 'v1' });

const getProducts = {
  description: 'a request for all products',
  providerState: 'products exist',
  request: { method: 'GET', path: '/products' },
  response: {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: [product(9, 'Gem Visa'), product(10, '28 Degrees')],
  },
};

const getProduct = (body: Record<string, unknown>) => ({
  description: 'a request for product 10',
  providerState: 'product with ID 10 exists',
  request: { method: 'GET', path: '/product/10' },
  response: { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body },
});

const missingProduct = {
  description: 'a request for product 11',
  providerState: 'product with ID 11 does not exist',
  request: { method: 'GET', path: '/product/11' },
  response: { status: 404 },
};

const doc = (interactions: unknown[]): PactDoc =>
  ({
    consumer: { name: 'Example App' },
    provider: { name: 'Example API' },
    interactions,
    metadata: { pactSpecification: { version: '2.0.0' } },
  }) as PactDoc;

/** Published by the first main-branch version. */
export const examplePact1 = doc([getProducts, getProduct(product(10, '28 Degrees'))]);
/** The feature branch adds a product's colour. */
export const examplePact2 = doc([getProducts, getProduct({ ...product(10, '28 Degrees'), colour: 'blue' })]);
/** Main later also expects the not-found case. */
export const examplePact3 = doc([getProducts, getProduct(product(10, '28 Degrees')), missingProduct]);
