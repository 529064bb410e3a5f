// Request bodies shared by the orders-service tests.
import type { CreateOrderRequestV1 } from '@accord/contracts';

export function createOrderRequest(overrides: Partial<CreateOrderRequestV1> = {}): CreateOrderRequestV1 {
  return {
    customerId: 'cus_8f3kQ2Lm',
    items: [
      { sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
      { sku: 'TEA-EARL-GREY', quantity: 1, unitPrice: { amount: 899, currency: 'EUR' } },
    ],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: 'Hauptstr. 1',
      city: 'Berlin',
      postalCode: '10115',
      country: 'DE',
    },
    ...overrides,
  };
}

export async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
