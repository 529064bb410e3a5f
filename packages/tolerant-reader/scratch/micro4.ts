import { randomUUID } from 'node:crypto';
import { createEvent } from '@accord/contracts';
import { defaultCatalog } from '../src/default-catalog.js';
import { createReader } from '../src/index.js';
import { compiledVersion } from '../src/schema/compiled.js';

const c = defaultCatalog();
const cv1 = compiledVersion(c, 'OrderPlaced', 1),
  cv2 = compiledVersion(c, 'OrderPlaced', 2);
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
const v1 = Array.from({ length: 64 }, (_, i) =>
  JSON.stringify(createEvent('OrderPlaced', 1, order(i), opts(i))),
);
const v2 = Array.from({ length: 64 }, (_, i) =>
  JSON.stringify(
    createEvent('OrderPlaced', 2, { ...order(i), channel: 'mobile', couponCodes: ['WELCOME10'] }, opts(i)),
  ),
);
const r1 = createReader({ contract: 'OrderPlaced', version: 1 });
const r2 = createReader({ contract: 'OrderPlaced', version: 2 });
const p1v = cv1.fillingProjector(undefined),
  p2v = cv2.fillingProjector(undefined);
const cases: Record<string, (s: string) => unknown> = {
  parse: (s) => JSON.parse(s),
  'parse+relaxedCheck(v2)': (s) => cv2.relaxedCheck(JSON.parse(s)),
  'parse+check(v2)': (s) => cv2.check(JSON.parse(s)),
  'parse+proj(v1)': (s) => p1v(JSON.parse(s), undefined, ''),
  'parse+rc+proj': (s) => {
    const x = JSON.parse(s);
    cv2.relaxedCheck(x);
    return p1v(x, undefined, '');
  },
  'read newer': (s) => r1.read(s),
  'read same': (s) => r2.read(s),
};
for (let round = 0; round < 3; round++) {
  for (const [name, f] of Object.entries(cases)) {
    const N = 200;
    let n = 0;
    const a = performance.now();
    for (let k = 0; k < N; k++)
      for (const s of v2) {
        f(s);
        n++;
      }
    console.log(round, name.padEnd(24), (((performance.now() - a) / n) * 1000).toFixed(2), 'µs');
  }
}
for (let round = 0; round < 2; round++) {
  for (const [name, f] of Object.entries({
    parse: (s: string) => JSON.parse(s),
    'parse+closedCheck(v1)': (s: string) => cv1.closedCheck(JSON.parse(s)),
    'parse+proj(v2)': (s: string) => p2v(JSON.parse(s), undefined, ''),
    'read older': (s: string) => r2.read(s),
  })) {
    const N = 200;
    let n = 0;
    const a = performance.now();
    for (let k = 0; k < N; k++)
      for (const s of v1) {
        f(s);
        n++;
      }
    console.log(round, name.padEnd(24), (((performance.now() - a) / n) * 1000).toFixed(2), 'µs');
  }
}
