// JSON Schema dialects: which one a document is written in, and which keywords mean what in it.
import { createRequire } from 'node:module';
import { SchemaDiffError } from '../errors.js';

export type Dialect = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12';

export const DIALECTS: readonly Dialect[] = ['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12'];

/** What a document without `$schema` is read as: draft-07, as Confluent Schema Registry assumes. */
export const DEFAULT_DIALECT: Dialect = 'draft-07';

export const META_SCHEMA_URI: Record<Dialect, string> = {
  'draft-04': 'http://json-schema.org/draft-04/schema#',
  'draft-06': 'http://json-schema.org/draft-06/schema#',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

const requireJson = createRequire(import.meta.url);

/** Where ajv keeps each dialect's meta-schema documents (2019-09 and 2020-12 split into vocabularies). */
const META_FILES: Record<Dialect, Record<string, string>> = (() => {
  const split = (draft: string, parts: string[]): Record<string, string> => {
    const out: Record<string, string> = {
      [`https://json-schema.org/draft/${draft}/schema`]: `ajv/dist/refs/json-schema-${draft}/schema.json`,
    };
    for (const part of parts)
      out[`https://json-schema.org/draft/${draft}/meta/${part}`] =
        `ajv/dist/refs/json-schema-${draft}/meta/${part}.json`;
    return out;
  };
  return {
    'draft-04': {
      'http://json-schema.org/draft-04/schema': 'ajv-draft-04/dist/refs/json-schema-draft-04.json',
    },
    'draft-06': { 'http://json-schema.org/draft-06/schema': 'ajv/dist/refs/json-schema-draft-06.json' },
    'draft-07': { 'http://json-schema.org/draft-07/schema': 'ajv/dist/refs/json-schema-draft-07.json' },
    '2019-09': split('2019-09', ['core', 'applicator', 'validation', 'meta-data', 'format', 'content']),
    '2020-12': split('2020-12', [
      'core',
      'applicator',
      'unevaluated',
      'validation',
      'meta-data',
      'format-annotation',
      'content',
    ]),
  };
})();

/**
 * A dialect's meta-schema documents by URI (without fragment), as ajv ships them; shared, so callers that change
 * one copy it first.
 */
export function metaSchemaDocuments(dialect: Dialect): ReadonlyMap<string, unknown> {
  return new Map(Object.entries(META_FILES[dialect]).map(([uri, file]) => [uri, requireJson(file)]));
}

export function isDialect(value: unknown): value is Dialect {
  return typeof value === 'string' && (DIALECTS as readonly string[]).includes(value);
}

/** The dialect `$schema` names; `fallback` when there is none. Throws for a `$schema` we do not know. */
export function detectDialect(schema: unknown, name: string, fallback: Dialect = DEFAULT_DIALECT): Dialect {
  const uri =
    typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>).$schema : undefined;
  if (uri === undefined) return fallback;
  if (typeof uri !== 'string')
    throw new SchemaDiffError('INVALID_SCHEMA', `${name}: "$schema" must be a string`, '/$schema');
  if (uri.includes('2020-12')) return '2020-12';
  if (uri.includes('2019-09')) return '2019-09';
  const draft = /draft-0([467])\b/.exec(uri);
  if (draft) return `draft-0${draft[1]}` as Dialect;
  // "The latest" meta-schema URI of older tooling names no draft: read it like a document without $schema.
  if (/^https?:\/\/json-schema\.org\/schema#?$/.test(uri)) return fallback;
  // OpenAPI 3.1's dialect is 2020-12 plus annotation keywords.
  if (/^https:\/\/spec\.openapis\.org\/oas\/3\.1\/dialect\//.test(uri)) return '2020-12';
  throw new SchemaDiffError(
    'UNSUPPORTED_DIALECT',
    `${name}: unsupported "$schema" ${uri} (supported: draft-04, draft-06, draft-07, 2019-09, 2020-12)`,
    '/$schema',
  );
}

/** Keyword semantics that differ between dialects, as flags the toolkit reads instead of the dialect name. */
export interface Vocabulary {
  readonly dialect: Dialect;
  /** `$ref` siblings are ignored (draft-04 … draft-07). */
  readonly refOverrides: boolean;
  /** `items: [...]` is a tuple and `additionalItems` covers the rest (draft-04 … 2019-09). */
  readonly tupleItems: boolean;
  /** `prefixItems` (2020-12). */
  readonly prefixItems: boolean;
  /** `exclusiveMinimum`/`exclusiveMaximum` are booleans modifying minimum/maximum (draft-04). */
  readonly booleanExclusive: boolean;
  /** `dependencies` (draft-04 … 07) vs `dependentRequired`/`dependentSchemas` (2019-09+). */
  readonly dependencies: boolean;
  readonly dependentKeywords: boolean;
  /** `const`, `contains`, `propertyNames`, boolean schemas (draft-06+). */
  readonly draft06: boolean;
  /** `if`/`then`/`else` (draft-07+). */
  readonly conditionals: boolean;
  /** `unevaluatedProperties`/`unevaluatedItems`, `minContains`/`maxContains`, `$anchor` (2019-09+). */
  readonly unevaluated: boolean;
  /** The id keyword: `id` in draft-04, `$id` later. */
  readonly idKeyword: '$id' | 'id';
  /** The dynamic reference keyword: `$recursiveRef` in 2019-09, `$dynamicRef` in 2020-12, none before. */
  readonly dynamicRefs: readonly ('$recursiveRef' | '$dynamicRef')[];
}

const VOCABULARIES = new Map<Dialect, Vocabulary>(
  DIALECTS.map((d) => {
    const n = DIALECTS.indexOf(d);
    return [
      d,
      {
        dialect: d,
        refOverrides: n <= 2,
        tupleItems: n <= 3,
        prefixItems: n === 4,
        booleanExclusive: n === 0,
        dependencies: n <= 2,
        dependentKeywords: n >= 3,
        draft06: n >= 1,
        conditionals: n >= 2,
        unevaluated: n >= 3,
        idKeyword: n === 0 ? 'id' : '$id',
        dynamicRefs: n === 3 ? ['$recursiveRef'] : n === 4 ? ['$dynamicRef'] : [],
      },
    ];
  }),
);

export const vocabularyOf = (dialect: Dialect): Vocabulary => VOCABULARIES.get(dialect)!;
