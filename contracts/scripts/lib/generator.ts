// The generator's public entry (`@accord/contracts/generator`): what the zod sources produce now, built in
// memory, for tools that must judge the source rather than the committed files (`accord diff --base`).
import { buildCatalog } from '../../src/catalog/definitions.js';
import type { Catalog, JsonSchema } from '../../src/catalog/types.js';
import { buildArtifacts, GENERATE_COMMAND } from './artifacts.js';

export { GENERATE_COMMAND };

export interface GeneratedContracts {
  /** catalog.json as `npm run generate` would write it. */
  catalog: Catalog;
  /** Every contract version's artifact, by its path relative to the package root. */
  artifacts: Array<{ name: string; version: number; path: string; schema: JsonSchema }>;
}

/** Converts every zod schema in the catalog; throws GenerateError when one has no JSON Schema form. */
export function generatedContracts(): GeneratedContracts {
  return {
    catalog: buildCatalog(),
    artifacts: buildArtifacts().map(({ name, version, path, schema }) => ({ name, version, path, schema })),
  };
}
