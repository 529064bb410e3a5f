// Schemas that reference themselves under many keywords, and compound documents (embedded resources with `$id`).
import { describe, expect, it } from 'vitest';
import { diffSchemas } from './diff.js';

const require = createRequire(import.meta.url);
const draft07 = () =>
  structuredClone(require('ajv/dist/refs/json-schema-draft-07.json')) as Record<string, unknown>;

describe('recursive schemas and compound documents', () => {
  it('resolves a reference in an embedded resource against that resource, also where both sides are equal', () => {
    const doc = (zType: string) => ({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { $ref: 'urn:example:x' }, b: { type: 'integer' } },
      $defs: {
        x: {
          $id: 'urn:example:x',
          type: 'object',
          properties: { q: { $ref: '#/$defs/Z' } },
          $defs: { Z: { type: zType } },
        },
      },
    });
    expect(diffSchemas(doc('string'), doc('string')).compatible).toBe(true);
    const r = diffSchemas(doc('string'), doc('integer'), { direction: 'backward' });
    expect(r.compatible).toBe(false);
    const v = r.verdicts.backward;
    if (v.verdict !== 'fails') throw new Error(v.verdict);
    expect(v.witness.instance).toEqual({ a: { q: expect.any(String) } });
  });
});
