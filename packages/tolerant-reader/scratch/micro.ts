import { randomUUID } from 'node:crypto';
import { createEvent } from '@accord/contracts';
import { defaultCatalog } from '../src/default-catalog.js';
import { createReader } from '../src/index.js';
import { compiledVersion } from '../src/schema/compiled.js';

const c = defaultCatalog();
const v1 = compiledVersion(c, 'OrderPlaced', 1),
  v2 = compiledVersion(c, 'OrderPlaced', 2);
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
const m1 = JSON.stringify(createEvent('OrderPlaced', 1, order(1), { source: '/o', time: new Date() }));
const r1 = createReader({ contract: 'OrderPlaced', version: 1 });
const r2 = createReader({ contract: 'OrderPlaced', version: 2 });
const time = (label: string, f: () => unknown, n = 200000) => {
  for (let i = 0; i < 20000; i++) f();
  const a = performance.now();
  for (let i = 0; i < n; i++) f();
  console.log(label.padEnd(30), (((performance.now() - a) / n) * 1000).toFixed(2), 'µs');
};
const p2 = JSON.parse(m2),
  p1 = JSON.parse(m1);
time('parse m2', () => JSON.parse(m2));
time('v2 relaxedCheck', () => v2.relaxedCheck(p2));
time('v2 check(closed+defaults)', () => v2.check(JSON.parse(m2)));
time('v1 fillingProjector(p2)', () => v1.fillingProjector(undefined)(p2, undefined, ''));
time('v1 closedCheck(p1)', () => v1.closedCheck(p1));
time('v2 fillingProjector(p1)', () => v2.fillingProjector(undefined)(p1, undefined, ''));
time('read newer', () => r1.read(m2));
time('read older', () => r2.read(m1));
time('read same', () => r2.read(m2));
