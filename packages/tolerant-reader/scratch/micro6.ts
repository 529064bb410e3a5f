import { randomUUID } from 'node:crypto';
import { createEvent } from '@accord/contracts';
import { createReader } from '../src/index.js';

const order = (i: number) => ({
  orderId: randomUUID(),
  customerId: `cus_${(1_000_000 + i).toString(36)}Xy`,
  placedAt: new Date(Date.UTC(2026, 10, 26, 8, 15, i % 60)).toISOString(),
  items: [
    { sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
    { sku: 'TEA-EARLGREY-100', quantity: 1 + (i % 3), unitPrice: { amount: 690, currency: 'EUR' } },
    { sku: 'SPOON-STEEL-12', quantity: 4, unitPrice: { amount: 199, currency: 'EUR' } },
  ],
  total: { amount: 5000, currency: 'EUR' },
});
const opts = (i: number) => ({
  source: '/orders-service',
  time: new Date(Date.UTC(2026, 10, 26, 8, 15, i % 60)),
});
const v2 = Array.from({ length: 64 }, (_, i) =>
  JSON.stringify(
    createEvent('OrderPlaced', 2, { ...order(i), channel: 'mobile', couponCodes: ['WELCOME10'] }, opts(i)),
  ),
);
const r1 = createReader({ contract: 'OrderPlaced', version: 1 });
let n = 0;
const a = performance.now();
for (let k = 0; k < 4000; k++)
  for (const s of v2) {
    r1.read(s);
    n++;
  }
console.log((((performance.now() - a) / n) * 1000).toFixed(2), 'µs');
