import { loadSchema } from '@accord/contracts';
import { sampleOf } from '../test/support/arbitrary.ts';

for (const [c, v] of [
  ['OrderPlaced', 2],
  ['Order', 1],
  ['OrderList', 1],
  ['CreateOrderRequest', 1],
] as const) {
  console.log(JSON.stringify(sampleOf(loadSchema(c, v), { optional: 'full' })).slice(0, 600));
}
