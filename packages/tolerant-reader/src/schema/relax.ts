// The reader-side copy of a published artifact: the toolkit's tolerant-reader relaxation, under its own $id.
import { relaxSchema } from '@accord/schema-diff/toolkit';
import type { JsonSchema } from '../catalog.js';

/**
 * Artifacts are closed for writers (`additionalProperties: false`); a tolerant reader accepts unknown
 * properties (and then drops them). The relaxation is @accord/schema-diff's, the one the diff judges readers
 * with, so what `accord diff` proves is about this reader. The copy gets a distinct $id so both variants can
 * live in one ajv instance.
 */
export function relaxedArtifact(schema: JsonSchema, id: string): JsonSchema {
  const originalId = typeof schema.$id === 'string' ? schema.$id : undefined;
  const relaxed = relaxSchema(schema);
  // Absolute refs into the original document must keep pointing at the relaxed copy.
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string' && originalId !== undefined && x.startsWith(`${originalId}#`))
        out[k] = x.slice(originalId.length);
      else if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') out[k] = x;
      else out[k] = rewrite(x);
    }
    return out;
  };
  const copy = rewrite(relaxed) as JsonSchema;
  copy.$id = id;
  return copy;
}
