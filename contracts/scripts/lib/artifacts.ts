// Builds, in memory, everything `npm run generate` writes: the JSON Schema artifacts, catalog.json,
// the TypeScript types generated from the artifacts and the OpenAPI document of the orders API. The
// checks rebuild the same files and compare.
import { createHash } from 'node:crypto';
import { compile } from 'json-schema-to-typescript';
import { z } from 'zod';
import { artifactPath, buildCatalog, contractDefinitions } from '../../src/catalog/definitions.js';
import { zodSchemas } from '../../src/catalog/registry.js';
import type { JsonSchema } from '../../src/catalog/types.js';
import { buildOpenApiDocument, OPENAPI_PATH, renderOpenApiYaml } from '../../src/http/openapi.js';
import { ordersApi } from '../../src/http/routes.js';

export const GENERATE_COMMAND = 'npm run generate -w @accord/contracts';
const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const SCHEMA_ID_BASE = 'https://contracts.accord.dev';
const CATALOG_PATH = 'catalog.json';
export const GENERATED_DIR = 'src/generated';
export const SCHEMAS_DIR = 'schemas';
export const OPENAPI_DIR = 'openapi';

export interface OutputFile {
  /** Relative to the package root, with forward slashes. */
  path: string;
  content: string;
}

export interface ArtifactInfo {
  name: string;
  version: number;
  kind: string;
  path: string;
  schema: JsonSchema;
  content: string;
}

export class GenerateError extends Error {
  override readonly name = 'GenerateError';
}

/** Sorts object keys (code-unit order, locale-independent) at every depth, and `required` lists. */
function canonicalize(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalize(item));
    if (key === 'required' && items.every((item) => typeof item === 'string')) {
      return [...(items as string[])].sort(compareCodeUnits);
    }
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort(compareCodeUnits)) {
      out[k] = canonicalize((value as Record<string, unknown>)[k], k);
    }
    return out;
  }
  return value;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 2-space JSON with a trailing newline: the one serialisation of every generated JSON file. */
export function serializeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function sha256(content: string): string {
  return `sha256:${createHash('sha256').update(content, 'utf8').digest('hex')}`;
}

/** Walks a schema and reports every object subschema that is open (writers must be closed). */
function findOpenObjects(schema: unknown, pointer: string, out: string[]): void {
  if (Array.isArray(schema)) {
    for (const [i, item] of schema.entries()) findOpenObjects(item, `${pointer}/${i}`, out);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if ((node.type === 'object' || 'properties' in node) && node.additionalProperties !== false) {
    out.push(pointer || '/');
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'default' || k === 'const' || k === 'enum' || k === 'examples') continue;
    findOpenObjects(v, `${pointer}/${k}`, out);
  }
}

/** Converts one zod schema into its published artifact (canonical key order, ids, closed objects). */
function toArtifact(name: string, version: number, schema: z.ZodType): JsonSchema {
  let raw: JsonSchema;
  try {
    // "input" describes the wire: fields with a default are optional and declare the default.
    raw = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'throw',
    }) as JsonSchema;
  } catch (error) {
    throw new GenerateError(
      `${name} v${version}: zod schema has no JSON Schema form: ${(error as Error).message}`,
    );
  }
  const text = JSON.stringify(raw);
  if (text.includes('"$ref"') || text.includes('"$defs"')) {
    throw new GenerateError(
      `${name} v${version}: the artifact would contain $ref/$defs; give shared schemas no "id" metadata so they are inlined.`,
    );
  }
  const open: string[] = [];
  findOpenObjects(raw, '', open);
  if (open.length > 0) {
    throw new GenerateError(
      `${name} v${version}: objects must be closed for writers; use z.strictObject at ${open.join(', ')}.`,
    );
  }
  const artifact: JsonSchema = {
    ...raw,
    $schema: SCHEMA_DIALECT,
    $id: `${SCHEMA_ID_BASE}/${name}/v${version}.schema.json`,
    title: `${name}V${version}`,
  };
  return canonicalize(artifact) as JsonSchema;
}

/** Every contract version from the typed catalog, converted; fails when catalog and registry disagree. */
export function buildArtifacts(): ArtifactInfo[] {
  const registry = zodSchemas as Record<string, Record<number, z.ZodType>>;
  const seen = new Set<string>();
  const artifacts: ArtifactInfo[] = [];
  for (const def of contractDefinitions) {
    for (const { version } of def.versions) {
      const schema = registry[def.name]?.[version];
      if (!schema) {
        throw new GenerateError(
          `${def.name} v${version} is in src/catalog/definitions.ts but has no zod schema in src/catalog/registry.ts.`,
        );
      }
      seen.add(`${def.name}/${version}`);
      const json = toArtifact(def.name, version, schema);
      artifacts.push({
        name: def.name,
        version,
        kind: def.kind,
        path: artifactPath(def.name, version),
        schema: json,
        content: serializeJson(json),
      });
    }
  }
  for (const [name, versions] of Object.entries(registry)) {
    for (const version of Object.keys(versions)) {
      if (!seen.has(`${name}/${version}`)) {
        throw new GenerateError(
          `${name} v${version} has a zod schema in src/catalog/registry.ts but no entry in src/catalog/definitions.ts.`,
        );
      }
    }
  }
  return artifacts;
}

function banner(source: string): string {
  return [
    '/* Generated by `npm run generate -w @accord/contracts` from',
    ` * contracts/${source} (json-schema-to-typescript). Do not edit:`,
    ' * change the zod schema in contracts/src and run the command again. */',
  ].join('\n');
}

/** TypeScript types for one artifact, as a consumer in another repository would generate them. */
async function toTypeScript(artifact: ArtifactInfo): Promise<string> {
  const title = artifact.schema.title as string;
  const ts = await compile(structuredClone(artifact.schema) as never, title, {
    bannerComment: banner(artifact.path),
    additionalProperties: false,
    declareExternallyReferenced: true,
    strictIndexSignatures: true,
    unknownAny: true,
    // Plain T[] instead of tuple unions for minItems/maxItems; the bounds stay in the JSDoc.
    ignoreMinAndMaxItems: true,
    format: true,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all', semi: true, tabWidth: 2 },
  });
  return ts.endsWith('\n') ? ts : `${ts}\n`;
}

function typeFileName(artifact: ArtifactInfo): string {
  return `${artifact.name}V${artifact.version}`;
}

/** src/generated/index.ts: re-exports and the name → version → type maps used by createEvent. */
function generatedIndex(artifacts: ArtifactInfo[]): string {
  const lines = [
    '/* Generated by `npm run generate -w @accord/contracts`. Do not edit:',
    ' * change the zod schemas in contracts/src and run the command again. */',
    '',
  ];
  const sorted = [...artifacts].sort((a, b) => compareCodeUnits(typeFileName(a), typeFileName(b)));
  for (const a of sorted) {
    const names = [typeFileName(a)];
    if (a.kind === 'event') names.push(`${typeFileName(a)}Data`);
    lines.push(`import type { ${names.join(', ')} } from './${typeFileName(a)}.js';`);
  }
  lines.push('');
  for (const a of sorted) {
    const names = [typeFileName(a)];
    if (a.kind === 'event') names.push(`${typeFileName(a)}Data`);
    lines.push(`export type { ${names.join(', ')} };`);
  }
  const byName = new Map<string, ArtifactInfo[]>();
  for (const a of artifacts) byName.set(a.name, [...(byName.get(a.name) ?? []), a]);
  const map = (filter: (kind: string) => boolean) => {
    const out: string[] = [];
    for (const name of [...byName.keys()].sort(compareCodeUnits)) {
      const versions = byName.get(name)!.filter((a) => filter(a.kind));
      if (versions.length === 0) continue;
      const members = versions
        .sort((a, b) => a.version - b.version)
        .map((a) => `${a.version}: ${typeFileName(a)};`)
        .join(' ');
      out.push(`  ${name}: { ${members} };`);
    }
    return out;
  };
  lines.push('', '/** Every contract: name → version → the type of a document of that version. */');
  lines.push('export interface ContractTypes {', ...map(() => true), '}');
  lines.push('', '/** Event contracts only: name → version → envelope type. */');
  lines.push('export interface EventTypes {', ...map((kind) => kind === 'event'), '}', '');
  return lines.join('\n');
}

/** The OpenAPI document of the orders API, from the route table and these (in-memory) artifacts. */
function openApiOutput(artifacts: ArtifactInfo[]): OutputFile {
  const artifactOf = (name: string, version: number): JsonSchema => {
    const artifact = artifacts.find((a) => a.name === name && a.version === version);
    if (!artifact) {
      throw new GenerateError(
        `src/http/routes.ts refers to ${name} v${version}, which is not in the catalog.`,
      );
    }
    return artifact.schema;
  };
  return { path: OPENAPI_PATH, content: renderOpenApiYaml(buildOpenApiDocument(ordersApi, artifactOf)) };
}

/** Everything the generator writes except the lock file, sorted by path. */
export async function buildOutputs(artifacts: ArtifactInfo[] = buildArtifacts()): Promise<OutputFile[]> {
  const files: OutputFile[] = artifacts.map((a) => ({ path: a.path, content: a.content }));
  files.push({ path: CATALOG_PATH, content: serializeJson(buildCatalog()) });
  files.push(openApiOutput(artifacts));
  for (const a of artifacts) {
    files.push({ path: `${GENERATED_DIR}/${typeFileName(a)}.ts`, content: await toTypeScript(a) });
  }
  files.push({ path: `${GENERATED_DIR}/index.ts`, content: generatedIndex(artifacts) });
  return files.sort((a, b) => compareCodeUnits(a.path, b.path));
}
