import { randomUUID } from 'node:crypto';
import { createEvent } from '@accord/contracts';
import { createReader } from '../src/index.js';

const order = (i: number) => ({
  orderId: randomUUID(),
  customerId: `cus_${(1_000_000 + i).toString(36)}Xy`,
  placedAt: new Date().toISOString(),
  items: [
    { sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } },
    { sku: 'TEA-EARLGREY-100', quantity: 1, unitPrice: { amount: 690, currency: 'EUR' } },
    { sku: 'SPOON-STEEL-12', quantity: 4, unitPrice: { amount: 199, currency: 'EUR' } },
  ],
  total: { amount: 5000, currency: 'EUR' },
});
const m2 = JSON.stringify(
  createEvent(
    'OrderPlaced',
    2,
    { ...order(1), channel: 'mobile', couponCodes: ['WELCOME10'] },
    { source: '/o', time: new Date() },
  ),
);
const r1 = createReader({ contract: 'OrderPlaced', version: 1 });
const N = Number(process.env.N ?? 300000);
let a = performance.now();
for (let i = 0; i < N; i++) JSON.parse(m2);
console.log('parse', (((performance.now() - a) / N) * 1000).toFixed(2));
a = performance.now();
for (let i = 0; i < N; i++) r1.read(m2);
console.log('read', (((performance.now() - a) / N) * 1000).toFixed(2));
