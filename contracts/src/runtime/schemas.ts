// Reads the committed JSON Schema artifacts (schemas/<Contract>/v<n>.schema.json), cached per version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getContract } from '../catalog/catalog.js';
import type { JsonSchema } from '../catalog/types.js';
import { ContractsError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';

const cache = new Map<string, JsonSchema>();

/** Absolute path of the artifact of `name` v`version`; throws UNKNOWN_CONTRACT / UNKNOWN_VERSION. */
export function schemaFile(name: string, version: number): string {
  const contract = getContract(name);
  if (!contract) {
    throw new ContractsError('UNKNOWN_CONTRACT', `No contract named "${name}" in the catalog.`);
  }
  const entry = contract.versions.find((v) => v.version === version);
  if (!entry) {
    const known = contract.versions.map((v) => v.version).join(', ');
    throw new ContractsError('UNKNOWN_VERSION', `${name} has no version ${version} (known: ${known}).`);
  }
  return join(PACKAGE_ROOT, entry.schema);
}

/** The parsed artifact; the same object on every call, so treat it as read-only. */
export function loadSchema(name: string, version: number): JsonSchema {
  const key = `${name}/v${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const file = schemaFile(name, version);
  let schema: JsonSchema;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  } catch (error) {
    throw new ContractsError('SCHEMA_NOT_FOUND', `Cannot read ${file}: ${(error as Error).message}`);
  }
  cache.set(key, schema);
  return schema;
}
