// Builds the reader-side copy of a published artifact: same schema, open content model.
import type { JsonSchema } from '../catalog.js';
import { mapSchema } from './walk.js';

/**
 * Artifacts are closed for writers (`additionalProperties: false`); a tolerant reader accepts unknown
 * properties (and then drops them). This copy removes every "no extra properties" constraint and
 * gives the document a distinct $id so both variants can live in one ajv instance.
 */
export function relaxSchema(schema: JsonSchema, id: string): JsonSchema {
  const originalId = typeof schema.$id === 'string' ? schema.$id : undefined;
  const relaxed = mapSchema(schema, (s) => {
    if (s.additionalProperties === false) delete s.additionalProperties;
    if (s.unevaluatedProperties === false) delete s.unevaluatedProperties;
    // Absolute refs into the original document must keep pointing at the relaxed copy.
    if (originalId !== undefined && typeof s.$ref === 'string' && s.$ref.startsWith(`${originalId}#`)) {
      s.$ref = s.$ref.slice(originalId.length);
    }
  }) as JsonSchema;
  relaxed.$id = id;
  return relaxed;
}
