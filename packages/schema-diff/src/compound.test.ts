// Schemas that reference themselves under many keywords, and compound documents (embedded resources with `$id`).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { diffSchemas } from './diff.js';
import { checkInclusion } from './toolkit/index.js';

const require = createRequire(import.meta.url);
const draft07 = () =>
  structuredClone(require('ajv/dist/refs/json-schema-draft-07.json')) as Record<string, unknown>;

describe('recursive schemas and compound documents', () => {
  it('decides a schema recursive under every applicator (the draft-07 meta-schema) against itself', () => {
    // Each recursive keyword used to multiply the work: an inclusion that assumed an outer pair was decided
    // again on every way round.
    expect(checkInclusion(draft07(), draft07()).verdict).toBe('holds');
    expect(diffSchemas(draft07(), draft07()).compatible).toBe(true);
  });

  it('finds the break in a recursive schema with a witness', () => {
    const stricter = draft07();
    (stricter.properties as Record<string, unknown>).title = { type: 'string', maxLength: 3 };
    const r = diffSchemas(draft07(), stricter, { direction: 'backward' });
    expect(r.compatible).toBe(false);
    const v = r.verdicts.backward;
    expect(v.verdict).toBe('fails');
    if (v.verdict === 'fails') expect(JSON.stringify(v.witness.instance)).toContain('"title"');
  });

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

  it('takes an unchanged part with references as accepting what it accepted, though its forms cannot decide it', () => {
    // A oneOf of closed objects behind a $ref: its forms cannot be compared exactly, but it is the same text whose
    // references reach the same text.
    const command = {
      oneOf: [
        { type: 'string' },
        { type: 'object', additionalProperties: false, properties: { ps: { $ref: '#/$defs/name' } } },
        { type: 'object', additionalProperties: false, properties: { sh: { $ref: '#/$defs/name' } } },
      ],
    };
    const doc = (extra: Record<string, unknown>) => ({
      type: 'object',
      properties: { run: { $ref: '#/$defs/command' }, ...extra },
      additionalProperties: false,
      $defs: { command, name: { type: 'string', pattern: '^[a-z]+$' } },
    });
    const same = diffSchemas(doc({}), doc({}), { strictReaders: true });
    expect(same.compatible).toBe(true);
    const added = diffSchemas(doc({}), doc({ note: { type: 'string' } }), { strictReaders: true });
    expect(added.verdicts.backward.verdict).toBe('holds');
    const changed = structuredClone(doc({}));
    changed.$defs.name.pattern = '^[a-z]{2,}$';
    expect(diffSchemas(doc({}), changed, { strictReaders: true, direction: 'backward' }).compatible).toBe(
      false,
    );
  });

  it('takes a tolerant reader that relaxes the unchanged text of the writer as accepting all of it', () => {
    // Eight if/then branches over closed objects: more than the forms decide exactly, but relaxing the same text
    // only widens it (no oneOf or bounded contains in it).
    const kinds = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const doc = () => ({
      type: 'object',
      properties: { kind: { type: 'string' } },
      allOf: kinds.map((k) => ({
        if: { properties: { kind: { const: k } } },
        // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable.
        then: { $ref: `#/definitions/${k}` },
      })),
      definitions: Object.fromEntries(
        kinds.map((k) => [
          k,
          {
            type: 'object',
            properties: { kind: { const: k }, [`${k}Size`]: { type: 'integer' } },
            additionalProperties: false,
          },
        ]),
      ),
    });
    expect(diffSchemas(doc(), doc()).compatible).toBe(true);
  });
});
