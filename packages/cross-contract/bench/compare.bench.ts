// Bench: the orders document against 100 pacts × 10 interactions, cold (document load included) and warm,
// as ratios to validating the same response bodies with one precompiled ajv validator in the same run.
import { loadOpenApiDocument, loadSchema } from '@accord/contracts';
import AjvModule from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { compareWithOpenApi, loadOpenApiContract } from '../src/index.js';

const PACTS = 100;
const INTERACTIONS = 10;
const { text } = loadOpenApiDocument();

const order = (i: number) => ({
  id: '5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90',
  customerId: 'cus_8f3kQ2Lm',
  status: 'pending',
  items: [
    {
      sku: `SKU-${i}`,
      quantity: 1 + (i % 5),
      unitPrice: { amount: 100 * i, currency: 'EUR' },
      lineTotal: { amount: 100 * i, currency: 'EUR' },
    },
  ],
  total: { amount: 100 * i, currency: 'EUR' },
  createdAt: '2026-11-26T08:15:00.000Z',
});
const pacts = Array.from({ length: PACTS }, (_, p) => ({
  interactions: Array.from({ length: INTERACTIONS }, (_, i) => ({
    description: `read order ${p}/${i}`,
    request: {
      method: 'GET',
      path: '/orders/5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90',
      headers: { Accept: 'application/json' },
    },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: order(p * INTERACTIONS + i),
    },
  })),
  metadata: { pactSpecification: { version: '3.0.0' } },
}));

function time(run: () => void, repeat: number): number {
  run();
  const start = process.hrtime.bigint();
  for (let r = 0; r < repeat; r++) run();
  return Number(process.hrtime.bigint() - start) / 1e6 / repeat;
}

const ajv = new AjvModule.default({ allErrors: true, strict: false });
addFormatsModule.default(ajv);
const validate = ajv.compile(loadSchema('Order', 1));
const baseline = time(() => {
  for (const p of pacts) for (const i of p.interactions) validate(i.response.body);
}, 20);

const coldLoad = time(() => loadOpenApiContract(text), 3);
const contract = loadOpenApiContract(text);
const warm = time(() => {
  for (const p of pacts) if (!compareWithOpenApi(p, contract).success) throw new Error('bench pact must fit');
}, 5);

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
console.log(`cross-contract bench: ${PACTS} pacts × ${INTERACTIONS} interactions vs the orders document`);
console.log(`  baseline  ajv on the same ${PACTS * INTERACTIONS} bodies       ${fmt(baseline)}  1.0×`);
console.log(
  `  warm      compareWithOpenApi, loaded contract   ${fmt(warm)}  ${(warm / baseline).toFixed(1)}×`,
);
console.log(
  `  cold      + loadOpenApiContract once            ${fmt(warm + coldLoad)}  ${((warm + coldLoad) / baseline).toFixed(1)}×`,
);
console.log(
  `  load      loadOpenApiContract alone             ${fmt(coldLoad)}  ${(coldLoad / baseline).toFixed(1)}×`,
);
