// Properties over the orders API's own document: any subset of a valid response fits; one undeclared field
// is exactly one mismatch naming it; every pointer of every mismatch resolves in the pact and the document.
import { loadOpenApiDocument } from '@accord/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithOpenApi, loadOpenApiContract, parsePointer, resolvePointer } from '../src/index.js';

const { text, document } = loadOpenApiDocument();
const contract = loadOpenApiContract(text);

const subset = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(model, { requiredKeys: [] });
const money = subset({ amount: fc.nat({ max: 10_000_000 }), currency: fc.stringMatching(/^[A-Z]{3}$/) });
const timestamp = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const order = subset({
  id: fc.uuid({ version: 4 }),
  customerId: fc.stringMatching(/^cus_[A-Za-z0-9]{6,32}$/),
  status: fc.constantFrom('pending', 'confirmed', 'shipped', 'delivered', 'cancelled'),
  items: fc.array(
    subset({
      sku: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,31}$/),
      name: fc.string({ minLength: 1, maxLength: 20 }),
      quantity: fc.integer({ min: 1, max: 999 }),
      unitPrice: money,
      lineTotal: money,
    }),
    { minLength: 1, maxLength: 3 },
  ),
  total: money,
  shippingAddress: subset({
    name: fc.string({ minLength: 1, maxLength: 20 }),
    line1: fc.string({ minLength: 1, maxLength: 20 }),
    city: fc.string({ minLength: 1, maxLength: 20 }),
    postalCode: fc.string({ minLength: 1, maxLength: 10 }),
    country: fc.stringMatching(/^[A-Z]{2}$/),
  }),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const pactFor = (body: unknown) => ({
  interactions: [
    {
      description: 'a request for an order',
      request: {
        method: 'GET',
        path: '/orders/5b2b0a7e-3c1d-4f0a-9d7e-2f6a8c4b1e90',
        headers: { Accept: 'application/json' },
      },
      response: { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body },
    },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
});

/** Pointers (as token lists) of every object inside `value`, the root included. */
function objectsIn(value: unknown, at: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [];
  const here = Array.isArray(value) ? [] : [at];
  return [...here, ...Object.entries(value).flatMap(([k, v]) => objectsIn(v, [...at, k]))];
}

function leavesIn(value: unknown, at: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [at];
  return Object.entries(value).flatMap(([k, v]) => leavesIn(v, [...at, k]));
}

function setAt(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

describe('comparator properties (orders document)', () => {
  it('any subset of a valid Order v1 response fits the document', () => {
    fc.assert(
      fc.property(order, (body) => {
        const result = compareWithOpenApi(pactFor(body), contract);
        expect(result.errors).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('one undeclared field anywhere is exactly one response.body.incompatible naming it', () => {
    fc.assert(
      fc.property(
        order,
        fc.nat(),
        fc.stringMatching(/^x_[a-z]{1,8}$/),
        fc.jsonValue(),
        (body, pick, name, value) => {
          const objects = objectsIn(body);
          const target = objects[pick % objects.length]!;
          const broken = setAt(body, [...target, name], value);
          const result = compareWithOpenApi(pactFor(broken), contract);
          expect(result.errors).toHaveLength(1);
          expect(result.errors[0]).toMatchObject({
            code: 'response.body.incompatible',
            pact: { pointer: `/interactions/0/response/body${target.map((t) => `/${t}`).join('')}/${name}` },
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('every pact pointer and every contract pointer of a mismatch resolves', () => {
    fc.assert(
      fc.property(order, fc.nat(), fc.jsonValue(), (body, pick, value) => {
        const leaves = leavesIn(body);
        const pact = pactFor(setAt(body, leaves[pick % leaves.length]!, value));
        const result = compareWithOpenApi(pact, contract);
        for (const m of [...result.errors, ...result.warnings]) {
          const tokens = parsePointer(m.pact.pointer);
          const parentOfPact = `/${tokens.slice(0, -1).join('/')}`;
          // An additional-property pointer names the property, which exists; a missing value points at its parent.
          expect(
            resolvePointer(pact, m.pact.pointer) !== undefined ||
              resolvePointer(pact, parentOfPact) !== undefined,
          ).toBe(true);
          expect(resolvePointer(document, m.contract.pointer)).toBeDefined();
        }
      }),
      { numRuns: 60 },
    );
  });
});
