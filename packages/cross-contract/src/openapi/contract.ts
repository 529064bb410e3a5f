// A provider contract ready for comparison: parsed, checked, modelled, and its schemas compiled once in the
// three variants, so one load serves every pact compared with it.
import { CrossContractError } from '../errors.js';
import { buildModel, type DocumentModel } from './model.js';
import {
  checkReferences,
  type DocumentKind,
  detectVersion,
  isObject,
  type Json,
  parseText,
} from './parse.js';
import { buildVariant, normalise, type Variant } from './schemas.js';
import { VariantValidator } from './validator.js';

/** Matching options PactFlow reads from `info` (`x-opc-config-*`). */
export interface MatchingConfig {
  /** `x-opc-config-base-path`: when set, the only prefix stripped from pact paths. */
  basePath: string | undefined;
  ignoreTrailingSlash: boolean;
  ignoreDuplicateSlashes: boolean;
  caseInsensitive: boolean;
}

export interface OpenApiContract {
  kind: DocumentKind;
  /** "3.1.0", "3.0.3", "2.0". */
  specificationVersion: string;
  /** The document as published (parsed); contract pointers address it. */
  document: Json;
  model: DocumentModel;
  config: MatchingConfig;
  validators: Record<Variant, VariantValidator>;
}

function configOf(document: Json): MatchingConfig {
  const info = isObject(document.info) ? document.info : {};
  const flag = (name: string) => info[`x-opc-config-${name}`] === true;
  const base = info['x-opc-config-base-path'];
  return {
    basePath: typeof base === 'string' ? base.replace(/\/+$/, '') : undefined,
    ignoreTrailingSlash: flag('ignore-trailing-slash'),
    ignoreDuplicateSlashes: flag('ignore-duplicate-slashes'),
    caseInsensitive: flag('case-insensitive'),
  };
}

/**
 * Loads a provider contract from its text (YAML or JSON) or an already parsed document. Throws
 * CrossContractError (INVALID_DOCUMENT, UNSUPPORTED_VERSION, UNRESOLVABLE_REF, INVALID_SCHEMA) with a pointer.
 */
export function loadOpenApiContract(source: string | Json): OpenApiContract {
  const parsed = detectVersion(typeof source === 'string' ? parseText(source) : source);
  const document = parsed.document;
  checkReferences(document);
  const { model, synthetic, syntheticOrigins } = buildModel(document, parsed.kind);
  const normalised = normalise(document, synthetic, syntheticOrigins);
  const validators = {} as Record<Variant, VariantValidator>;
  for (const variant of ['request', 'parameter', 'response'] as const) {
    const built = buildVariant(
      normalised.document,
      normalised.origins,
      model.schemaRoots,
      parsed.kind,
      variant,
    );
    validators[variant] = new VariantValidator(built, { coerce: variant === 'parameter' });
  }
  // Compile every schema now: an invalid one is the publisher's error, reported once, at publication.
  for (const at of model.schemaRoots) {
    for (const variant of ['request', 'response'] as const) {
      try {
        validators[variant].compile(at);
      } catch (error) {
        if (error instanceof CrossContractError) throw error;
        throw new CrossContractError(
          'INVALID_SCHEMA',
          `schema at ${at} is invalid: ${(error as Error).message}`,
          at,
        );
      }
    }
  }
  return {
    kind: parsed.kind,
    specificationVersion: parsed.specificationVersion,
    document,
    model,
    config: configOf(document),
    validators,
  };
}
