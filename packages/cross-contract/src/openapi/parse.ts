// Parses a provider contract's text (YAML 1.2, which includes JSON), detects its OpenAPI/Swagger version and
// checks that every `$ref` is local and resolves.
import { parseDocument } from 'yaml';
import { CrossContractError } from '../errors.js';
import { child, hasPointer, refToPointer } from '../pointer.js';

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export type DocumentKind = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

export interface ParsedDocument {
  kind: DocumentKind;
  /** As written: "3.1.0", "3.0.3", "2.0". */
  specificationVersion: string;
  document: Json;
}

const DIALECT_2020 = 'https://json-schema.org/draft/2020-12/schema';

/** Parses YAML or JSON text; throws INVALID_DOCUMENT with the parser's line and column. */
export function parseText(text: string): unknown {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    // prettyErrors appends " at line l, column c:" and a source excerpt; keep the reason, then where.
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const where = at ? ` (line ${at.line}, column ${at.col})` : '';
    throw new CrossContractError('INVALID_DOCUMENT', `is not valid YAML/JSON: ${reason}${where}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new CrossContractError('INVALID_DOCUMENT', `is not valid YAML/JSON: ${(e as Error).message}`);
  }
}

/** The kind and version of an OpenAPI/Swagger document; throws for anything else. */
export function detectVersion(document: unknown): ParsedDocument {
  if (!isObject(document)) {
    throw new CrossContractError(
      'INVALID_DOCUMENT',
      'is not an OpenAPI document: the top level is not a mapping',
    );
  }
  const openapi = document.openapi;
  const swagger = document.swagger;
  let kind: DocumentKind;
  let version: string;
  if (openapi !== undefined) {
    version = String(openapi);
    if (/^3\.0(\.\d+)?$/.test(version)) kind = 'openapi-3.0';
    else if (/^3\.1(\.\d+)?$/.test(version)) kind = 'openapi-3.1';
    else {
      throw new CrossContractError(
        'UNSUPPORTED_VERSION',
        `OpenAPI ${version} is not supported; publish an OpenAPI 3.0 or 3.1 (or Swagger 2.0) document`,
        '/openapi',
      );
    }
  } else if (swagger !== undefined) {
    version = String(swagger);
    if (version !== '2.0') {
      throw new CrossContractError(
        'UNSUPPORTED_VERSION',
        `Swagger ${version} is not supported; publish Swagger 2.0 or OpenAPI 3.0/3.1`,
        '/swagger',
      );
    }
    kind = 'swagger-2.0';
  } else {
    throw new CrossContractError(
      'INVALID_DOCUMENT',
      'is not an OpenAPI document: no "openapi" or "swagger" field',
    );
  }
  if (document.paths !== undefined && !isObject(document.paths)) {
    throw new CrossContractError(
      'INVALID_DOCUMENT',
      'is not an OpenAPI document: "paths" is not a mapping',
      '/paths',
    );
  }
  if (kind !== 'openapi-3.1' && !isObject(document.paths)) {
    throw new CrossContractError(
      'INVALID_DOCUMENT',
      'is not an OpenAPI document: no "paths" mapping',
      '/paths',
    );
  }
  const dialect = document.jsonSchemaDialect;
  if (kind === 'openapi-3.1' && dialect !== undefined && dialect !== DIALECT_2020) {
    throw new CrossContractError(
      'UNSUPPORTED_VERSION',
      `jsonSchemaDialect ${JSON.stringify(dialect)} is not supported; only ${DIALECT_2020}`,
      '/jsonSchemaDialect',
    );
  }
  return { kind, specificationVersion: version, document };
}

/** Keys whose values are data, not document structure: a `$ref` inside them is not a reference. */
const DATA_KEYS = new Set(['example', 'default', 'enum', 'const']);
/** Maps whose keys are names (a property called "default" is a schema, not data). */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'schemas',
  'parameters',
  'responses',
  'headers',
  'securitySchemes',
  'securityDefinitions',
  'requestBodies',
  'examples',
  'links',
  'callbacks',
  'pathItems',
  'paths',
  'content',
  'encoding',
  'variables',
  'webhooks',
]);

/** Throws UNRESOLVABLE_REF for the first `$ref` that is remote or dangling, naming where it is written. */
export function checkReferences(document: Json): void {
  const seen = new WeakSet<object>();
  const visit = (node: unknown, at: string, parentKey: string | undefined): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      // A schema's `examples` is a list of data.
      if (parentKey === 'examples') return;
      for (const [i, item] of node.entries()) visit(item, child(at, i), undefined);
      return;
    }
    const object = node as Json;
    const ref = object.$ref;
    if (typeof ref === 'string') {
      const target = refToPointer(ref);
      if (target === undefined) {
        throw new CrossContractError(
          'UNRESOLVABLE_REF',
          `$ref '${ref}' at ${at || '/'} is not a local reference; bundle the document into one file`,
          at,
        );
      }
      if (!hasPointer(document, target)) {
        throw new CrossContractError(
          'UNRESOLVABLE_REF',
          `$ref '${ref}' at ${at || '/'} does not resolve`,
          at,
        );
      }
    }
    const names = parentKey !== undefined && NAME_MAPS.has(parentKey);
    for (const [key, value] of Object.entries(object)) {
      if (!names && (DATA_KEYS.has(key) || key.startsWith('x-'))) continue;
      visit(value, child(at, key), names ? undefined : key);
    }
  };
  visit(document, '', undefined);
}
