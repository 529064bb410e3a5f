// Benchmark: diff of a large schema pair (5,000 properties, nested, with $refs), as ms per diff and as a ratio to
// JSON.parse of the same two documents measured in the same run, for the whole diffSchemas (meta-schema validation,
// rule walk, inclusion checks, witnesses built and checked) and for its parts. Target for the whole: ≤ 4×.
import { loadDocument as loadChecked, nodeAt, relaxedDocument } from '../src/document.js';
import { diffSchemas } from '../src/index.js';
import { InclusionContext } from '../src/toolkit/inclusion/includes.js';
import { newShared, Walk } from '../src/walk.js';

const GROUPS = 50;
const PER_GROUP = 100;

function bigSchema(variant: 'old' | 'new'): Record<string, unknown> {
  const groups: Record<string, unknown> = {};
  for (let g = 0; g < GROUPS; g++) {
    const props: Record<string, unknown> = {};
    for (let p = 0; p < PER_GROUP; p++) {
      const name = `field_${g}_${p}`;
      switch (p % 6) {
        case 0:
          props[name] = {
            type: 'string',
            maxLength: variant === 'new' && p % 60 === 0 ? 64 : 128,
            description: `Field ${name}`,
          };
          break;
        case 1:
          props[name] = { type: 'integer', minimum: 0, maximum: 1000 };
          break;
        case 2:
          props[name] = { $ref: '#/$defs/Money' };
          break;
        case 3:
          props[name] = { enum: variant === 'new' && p % 30 === 3 ? ['a', 'b', 'c', 'd'] : ['a', 'b', 'c'] };
          break;
        case 4:
          props[name] = { type: 'array', items: { $ref: '#/$defs/Line' }, maxItems: 50 };
          break;
        default:
          props[name] = { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] };
      }
    }
    if (variant === 'new') props[`added_${g}`] = { type: 'string', default: '' };
    groups[`group_${g}`] = {
      type: 'object',
      additionalProperties: false,
      properties: props,
      required: Object.keys(props).filter((_, i) => i % 3 === 0),
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://contracts.accord.dev/Bench/${variant}.schema.json`,
    type: 'object',
    additionalProperties: false,
    properties: groups,
    required: Object.keys(groups),
    $defs: {
      Money: {
        type: 'object',
        additionalProperties: false,
        properties: {
          amount: { type: 'integer', minimum: 0 },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        },
        required: ['amount', 'currency'],
      },
      Line: {
        type: 'object',
        additionalProperties: false,
        properties: {
          sku: { type: 'string' },
          quantity: { type: 'integer', minimum: 1, maximum: variant === 'new' ? 500 : 999 },
          price: { $ref: '#/$defs/Money' },
          children: { type: 'array', items: { $ref: '#/$defs/Line' } },
        },
        required: ['sku', 'quantity'],
      },
    },
  };
}

function median(fn: () => void, iterations: number): number {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const oldText = JSON.stringify(bigSchema('old'));
const newText = JSON.stringify(bigSchema('new'));
const oldSchema = JSON.parse(oldText);
const newSchema = JSON.parse(newText);
const propertyCount = GROUPS * PER_GROUP;

// Warm up the JIT (and ajv's meta-schema compilation) before measuring.
for (let i = 0; i < 3; i++) diffSchemas(oldSchema, newSchema);
const ITER = Number(process.env.ACCORD_BENCH_ITER ?? 15);
const parseMs = median(() => {
  JSON.parse(oldText);
  JSON.parse(newText);
}, ITER);
const diffMs = median(() => diffSchemas(oldSchema, newSchema), ITER);
const metaMs = median(() => {
  loadChecked(oldSchema, 'old');
  loadChecked(newSchema, 'new');
}, ITER);
const oldDoc = loadChecked(oldSchema, 'old');
const newDoc = loadChecked(newSchema, 'new');
const walkMs = median(() => {
  const shared = newShared();
  for (const d of ['backward', 'forward'] as const)
    new Walk(d, false, shared).compare(nodeAt(oldDoc, ''), nodeAt(newDoc, ''));
}, ITER);
const relaxed = relaxedDocument;
const checkMs = median(() => {
  const ctx = new InclusionContext();
  ctx.failure(oldDoc, relaxed(newDoc));
  ctx.failure(newDoc, relaxed(oldDoc));
}, ITER);
const result = diffSchemas(oldSchema, newSchema);
const ratio = (ms: number) => `${(ms / parseMs).toFixed(1)}× JSON.parse`;

console.log(
  `schema pair: ${propertyCount} properties per document, ${(oldText.length / 1024).toFixed(0)} KiB each, $refs + recursion`,
);
console.log(
  `changes found: ${result.changes.length} (${result.changes.filter((c) => c.breaking).length} breaking); verdicts: backward ${result.verdicts.backward.verdict}, forward ${result.verdicts.forward.verdict}`,
);
const sizes = (['backward', 'forward'] as const).map((d) => {
  const v = result.verdicts[d];
  return v.verdict === 'fails'
    ? `${d} ${(JSON.stringify(v.witness.instance).length / 1024).toFixed(0)} KiB`
    : `${d} none`;
});
console.log(`witnesses: ${sizes.join(', ')}`);
console.log(`JSON.parse of both documents: ${parseMs.toFixed(2)} ms (median of ${ITER})`);
console.log(`diffSchemas, whole (target ≤ 4×): ${diffMs.toFixed(1)} ms = ${ratio(diffMs)}`);
console.log(`  meta-schema validation of both documents: ${metaMs.toFixed(1)} ms = ${ratio(metaMs)}`);
console.log(`  rule walk, both directions: ${walkMs.toFixed(1)} ms = ${ratio(walkMs)}`);
console.log(`  inclusion checks, both directions (no witness): ${checkMs.toFixed(1)} ms = ${ratio(checkMs)}`);
const rest = diffMs - metaMs - walkMs - checkMs;
console.log(`  witness construction + check (the rest): ${rest.toFixed(1)} ms = ${ratio(rest)}`);
console.log(`target ≤ 4× JSON.parse for the whole: ${diffMs / parseMs <= 4 ? 'met' : 'NOT met'}`);
