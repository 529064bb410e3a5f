// Property test: random edits of the valid fixtures (drop a field, replace a value, add a field) are
// accepted or rejected alike by the zod schema and by ajv on the published artifact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getZodSchema } from '../src/catalog/registry.js';
import { getValidator } from '../src/runtime/validators.js';
import { loadFixtures } from './fixtures.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every JSON pointer (as token lists) inside `value`, the root included. */
function pointers(value: Json, prefix: string[] = []): string[][] {
  const out = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...pointers(v, [...prefix, String(i)]));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pointers(v, [...prefix, k]));
  }
  return out;
}

type Edit = { kind: 'remove' | 'replace' | 'add'; at: number; value: Json; key: string };

function applyEdit(doc: Json, edit: Edit): Json {
  const copy = structuredClone(doc);
  const all = pointers(copy);
  const path = all[edit.at % all.length]!;
  if (path.length === 0) return edit.kind === 'replace' ? edit.value : copy;
  const parent = path.slice(0, -1).reduce<Json>((node, t) => (node as Record<string, Json>)[t]!, copy) as
    | Json[]
    | Record<string, Json>;
  const last = path[path.length - 1]!;
  if (edit.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (edit.kind === 'replace') {
    (parent as Record<string, Json>)[last] = edit.value;
  } else {
    const target = (parent as Record<string, Json>)[last];
    if (Array.isArray(target)) target.push(edit.value);
    else if (target !== null && typeof target === 'object') target[edit.key] = edit.value;
    else (parent as Record<string, Json>)[last] = edit.value;
  }
  return copy;
}

const edit = fc.record({
  kind: fc.constantFrom('remove' as const, 'replace' as const, 'add' as const),
  at: fc.nat(),
  value: fc.oneof(
    fc.jsonValue() as fc.Arbitrary<Json>,
    fc.constantFrom<Json>(
      '',
      'EUR',
      'web',
      'cancelled',
      0,
      -1,
      1.5,
      1000,
      '2026-11-26T08:15:00Z',
      null,
      [],
      {},
    ),
  ),
  key: fc.constantFrom('channel', 'extra', 'amount', 'status', 'comment'),
});

describe.each(loadFixtures())(
  '$contract v$version: zod ⇔ ajv on random edits',
  ({ contract, version, valid }) => {
    it('agree on every edited document', () => {
      const validate = getValidator(contract, version);
      const schema = getZodSchema(contract, version)!;
      fc.assert(
        fc.property(
          fc.nat(valid.length - 1),
          fc.array(edit, { minLength: 1, maxLength: 3 }),
          (which, edits) => {
            const doc = edits.reduce((d, e) => applyEdit(d, e), valid[which]!.value as Json);
            expect({ doc, ajv: validate(doc) }).toEqual({ doc, ajv: schema.safeParse(doc).success });
          },
        ),
        { seed: 20261126, numRuns: 300 },
      );
    });
  },
);
