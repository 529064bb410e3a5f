import { randomUUID } from 'node:crypto';
import { createEvent } from '@accord/contracts';
import { defaultCatalog } from '../src/default-catalog.js';
import { compiledVersion } from '../src/schema/compiled.js';

const c = defaultCatalog();
const cv1 = compiledVersion(c, 'OrderPlaced', 1);
const order = (i: number) => ({
  orderId: randomUUID(),
  customerId: `cus_${(1_000_000 + i).toString(36)}Xy`,
  placedAt: new Date().toISOString(),
  items: [{ sku: 'MUG-BLUE-350', quantity: 2, unitPrice: { amount: 1250, currency: 'EUR' } }],
  total: { amount: 5000, currency: 'EUR' },
});
const v2 = Array.from({ length: 64 }, (_, i) =>
  JSON.stringify(
    createEvent(
      'OrderPlaced',
      2,
      { ...order(i), channel: 'mobile', couponCodes: ['WELCOME10'] },
      { source: '/o', time: new Date() },
    ),
  ),
);
const p1v = cv1.fillingProjector(undefined);
const a = performance.now();
let n = 0;
for (let k = 0; k < 3000; k++)
  for (const s of v2) {
    p1v(JSON.parse(s), undefined, '');
    n++;
  }
console.log((((performance.now() - a) / n) * 1000).toFixed(2), 'µs');
