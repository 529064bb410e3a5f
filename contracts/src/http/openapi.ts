// Builds the OpenAPI 3.1 document of a route table from the contracts' JSON Schema artifacts, renders it as
// YAML, and reads the committed document (openapi/orders-service.openapi.yaml) at runtime.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import type { JsonSchema } from '../catalog/types.js';
import { ContractsError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import type {
  ApiDeclaration,
  ContractRef,
  RouteDeclaration,
  RouteHeader,
  RouteParameter,
  RouteResponse,
} from './routes.js';

/** Where the generated document of the orders API is committed, relative to the package root. */
export const OPENAPI_PATH = 'openapi/orders-service.openapi.yaml';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const JSON_MEDIA_TYPE = 'application/json';

/** An OpenAPI document as a plain object. */
export type OpenApiDocument = { [key: string]: unknown };

/** The artifact of a contract version (the generator passes the in-memory ones, the runtime loadSchema). */
export type ArtifactLookup = (contract: string, version: number) => JsonSchema;

/** `OrderV1`: the name of a contract version under components/schemas. */
export function componentName(ref: ContractRef): string {
  return `${ref.contract}V${ref.version}`;
}

function schemaRef(ref: ContractRef): JsonSchema {
  return { $ref: `#/components/schemas/${componentName(ref)}` };
}

/** A value schema (parameter, header) from zod, without the dialect marker the document already declares. */
function valueSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
  }) as JsonSchema;
  return rest;
}

/**
 * An artifact as a component: `$id` and `$schema` removed, because a nested `$id` would rebase every `$ref`
 * resolved inside it and the document's `jsonSchemaDialect` already names the dialect.
 */
function componentSchema(artifact: JsonSchema): JsonSchema {
  const { $id: _id, $schema: _dialect, ...rest } = structuredClone(artifact);
  return rest;
}

/** Collects shared parameters and headers while operations are built, so each is written once. */
class Components {
  readonly parameters = new Map<string, { declaration: RouteParameter; object: JsonSchema }>();
  readonly headers = new Map<string, { declaration: RouteHeader; object: JsonSchema }>();

  parameter(p: RouteParameter): JsonSchema {
    const object: JsonSchema = {
      name: p.name,
      in: p.in,
      description: p.description,
      required: p.in === 'path' ? true : p.required,
      schema: valueSchema(p.schema),
    };
    if (p.component === undefined) return object;
    return this.shared(this.parameters, 'parameters', p.component, p, object);
  }

  header(h: RouteHeader): JsonSchema {
    const object: JsonSchema = {
      description: h.description,
      required: h.required,
      schema: valueSchema(h.schema),
    };
    if (h.component === undefined) return object;
    return this.shared(this.headers, 'headers', h.component, h, object);
  }

  private shared<D>(
    into: Map<string, { declaration: D; object: JsonSchema }>,
    section: string,
    name: string,
    declaration: D,
    object: JsonSchema,
  ): JsonSchema {
    const existing = into.get(name);
    if (existing === undefined) into.set(name, { declaration, object });
    else if (existing.declaration !== declaration) {
      throw new Error(`Two different declarations are named components/${section}/${name}`);
    }
    return { $ref: `#/components/${section}/${name}` };
  }
}

function response(r: Omit<RouteResponse, 'status'>, components: Components): JsonSchema {
  const out: JsonSchema = { description: r.description };
  if (r.headers && r.headers.length > 0) {
    out.headers = Object.fromEntries(r.headers.map((h) => [h.name, components.header(h)]));
  }
  out.content = { [JSON_MEDIA_TYPE]: { schema: schemaRef(r.body) } };
  return out;
}

function operation(
  route: RouteDeclaration,
  components: Components,
  serverError: ApiDeclaration['serverErrorResponse'],
): JsonSchema {
  const out: JsonSchema = { operationId: route.operationId, summary: route.summary };
  if (route.parameters.length > 0) out.parameters = route.parameters.map((p) => components.parameter(p));
  if (route.requestBody) {
    out.requestBody = {
      description: route.requestBody.description,
      required: true,
      content: { [JSON_MEDIA_TYPE]: { schema: schemaRef(route.requestBody) } },
    };
  }
  const responses = [...route.responses].sort((a, b) => a.status - b.status);
  out.responses = Object.fromEntries(responses.map((r) => [String(r.status), response(r, components)]));
  if (serverError) (out.responses as JsonSchema)['5XX'] = response(serverError, components);
  return out;
}

const byName = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Every contract version a route table refers to, sorted by component name. */
export function referencedContracts(api: ApiDeclaration): ContractRef[] {
  const refs = new Map<string, ContractRef>();
  for (const route of api.routes) {
    if (route.requestBody) refs.set(componentName(route.requestBody), route.requestBody);
    for (const r of route.responses) refs.set(componentName(r.body), r.body);
  }
  if (api.serverErrorResponse)
    refs.set(componentName(api.serverErrorResponse.body), api.serverErrorResponse.body);
  return [...refs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ref]) => ref);
}

/**
 * The OpenAPI 3.1 document of `api`. Paths and operations keep the table's order, responses ascend by status
 * (the API's `5XX` server-error response last), components are sorted by name, so the same table and artifacts always give
 * the same document.
 */
export function buildOpenApiDocument(api: ApiDeclaration, artifactOf: ArtifactLookup): OpenApiDocument {
  const components = new Components();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of api.routes) {
    const item = paths[route.path] ?? {};
    paths[route.path] = item;
    const method = route.method.toLowerCase();
    if (item[method]) throw new Error(`Route ${route.method} ${route.path} is declared twice`);
    item[method] = operation(route, components, api.serverErrorResponse);
  }
  const schemas = Object.fromEntries(
    referencedContracts(api).map((ref) => [
      componentName(ref),
      componentSchema(artifactOf(ref.contract, ref.version)),
    ]),
  );
  return {
    openapi: '3.1.0',
    info: { title: api.title, version: api.version, description: api.description },
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    paths,
    components: {
      schemas,
      parameters: byName([...components.parameters].map(([name, c]) => [name, c.object])),
      headers: byName([...components.headers].map(([name, c]) => [name, c.object])),
    },
  };
}

/** The document as YAML: no anchors/aliases, no line folding, a trailing newline. */
export function renderOpenApiYaml(document: OpenApiDocument): string {
  return stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}

let committed: { text: string; document: OpenApiDocument } | undefined;

/** The committed OpenAPI document of the orders API: its text (what a provider publishes) and the parsed form. */
export function loadOpenApiDocument(): { path: string; text: string; document: OpenApiDocument } {
  const path = join(PACKAGE_ROOT, OPENAPI_PATH);
  if (!committed) {
    try {
      const text = readFileSync(path, 'utf8');
      committed = { text, document: parse(text) as OpenApiDocument };
    } catch (error) {
      throw new ContractsError('SCHEMA_NOT_FOUND', `Cannot read ${path}: ${(error as Error).message}`);
    }
  }
  return { path, ...committed };
}
