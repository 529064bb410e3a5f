// Per-catalog cache of everything compiled from an artifact: validators and projectors, built once.

import { applySpecification } from '@accord/schema-diff/toolkit';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { CatalogSource, JsonSchema } from '../catalog.js';
import { ReadError } from '../errors.js';
import { compilePairProjector, compileProjector, type Projector } from './projector.js';
import { relaxedArtifact } from './relax.js';

export interface CompiledVersion {
  readonly contract: string;
  readonly version: number;
  /**
   * Hot-path check against the published (closed) artifact: stops at the first error and fills declared
   * defaults while validating. Only its boolean answer is used.
   */
  readonly check: ValidateFunction;
  /** The same schema with every error collected (allErrors), for the slow path and error reports. */
  readonly strict: ValidateFunction;
  /** The open reader copy, no defaults, no mutation: "is this a well-formed message of that version?". */
  readonly relaxed: ValidateFunction;
  /** `relaxed` stopping at the first error, for the boolean answer. */
  readonly relaxedCheck: ValidateFunction;
  /** The closed artifact, first error, no defaults, no mutation: "is this exactly a message of that version?". */
  readonly closedCheck: ValidateFunction;
  /** Projection onto this version, compiled on first use per pass-through key. */
  projector(passThroughKey: string | undefined): Projector;
  /**
   * Projection that also fills declared defaults, for reads that need no validation after it. It edits the value
   * in place: pass only a private copy.
   */
  fillingProjector(passThroughKey: string | undefined): Projector;
  /**
   * `fillingProjector(undefined)` specialised for values that `writer`'s closed artifact accepts (see
   * compilePairProjector), compiled on first use; null when the pair is not specialised.
   */
  projectorFrom(writer: CompiledVersion): Projector | null;
  /**
   * The reader-side copy (the toolkit's relaxation), for proofs: a message valid under a version whose relaxed
   * schema is included in this one's needs no validation against this version after projection.
   */
  readonly relaxedSchema: JsonSchema;
  /** The published artifact (closed for writers) as compiled. */
  readonly strictSchema: JsonSchema;
  /**
   * True when projecting a value this version's relaxed schema accepts (and filling defaults) always gives a
   * value its closed artifact accepts: no oneOf, not, if, dependencies, unevaluated keywords or dynamic refs, no defaults in
   * anyOf branches or tuple items.
   */
  readonly projectionIsExact: boolean;
}

interface CatalogRuntime {
  /** First-error validators that fill defaults: the hot path. */
  check: Ajv2020;
  /** All-errors validators that fill defaults (they mutate the value they check). */
  withDefaults: Ajv2020;
  /** Validators that never mutate: producer-side checks and anyOf/oneOf branch tests. */
  plain: Ajv2020;
  plainCheck: Ajv2020;
  versions: Map<string, CompiledVersion>;
}

const runtimes = new WeakMap<CatalogSource, CatalogRuntime>();

function newAjv(useDefaults: boolean, allErrors: boolean): Ajv2020 {
  // strict: false because artifacts legitimately carry annotations ajv does not know (e.g. x-*).
  // logger: false: a library writes nothing to the console (ajv would note each format it does not know).
  const ajv = new Ajv2020({ allErrors, strict: false, useDefaults, validateFormats: true, logger: false });
  // ajv-formats is CommonJS: depending on the loader the plugin is the default export or its .default.
  const plugin = addFormats as unknown as { default?: FormatsPlugin };
  const add = typeof plugin === 'function' ? (plugin as FormatsPlugin) : plugin.default!;
  // Readers check formats in ajv-formats' "fast" mode (simpler regexes): producers validate with the full
  // checks before publishing, and the full uri/date-time checks would cost more than JSON.parse itself.
  add(ajv, { mode: 'fast' });
  // The specification's reading (exact multipleOf, no `dependencies` in 2020-12), the one `accord diff` proves about.
  return applySpecification(ajv, '2020-12');
}

type FormatsPlugin = (ajv: Ajv2020, options?: { mode?: 'fast' | 'full' }) => Ajv2020;

function runtimeFor(catalog: CatalogSource): CatalogRuntime {
  let rt = runtimes.get(catalog);
  if (rt === undefined) {
    rt = {
      check: newAjv(true, false),
      withDefaults: newAjv(true, true),
      plain: newAjv(false, true),
      plainCheck: newAjv(false, false),
      versions: new Map(),
    };
    runtimes.set(catalog, rt);
  }
  return rt;
}

/** Compiles (once per catalog) the validators and projector for one version of a contract. */
export function compiledVersion(catalog: CatalogSource, contract: string, version: number): CompiledVersion {
  const rt = runtimeFor(catalog);
  const key = `${contract}\u0000${version}`;
  const hit = rt.versions.get(key);
  if (hit !== undefined) return hit;

  let artifact: JsonSchema;
  try {
    artifact = catalog.loadSchema(contract, version);
  } catch (cause) {
    throw new ReadError(
      'UNKNOWN_VERSION',
      `Contract "${contract}" has no schema artifact for version ${version}`,
      {
        contract,
        producerVersion: version,
        cause,
      },
    );
  }
  const strictId =
    typeof artifact.$id === 'string' ? artifact.$id : `urn:accord:contract:${contract}:v${version}`;
  const relaxedId = `urn:accord:reader:${encodeURIComponent(contract)}:v${version}`;
  const strictSchema = { ...artifact, $id: strictId };
  const relaxedSchema = relaxedArtifact(strictSchema, relaxedId);
  const check = rt.check.getSchema(strictId) ?? rt.check.compile(strictSchema);
  const strict = rt.withDefaults.getSchema(strictId) ?? rt.withDefaults.compile(strictSchema);
  const relaxed = rt.plain.compile(relaxedSchema);
  const relaxedCheck = rt.plainCheck.compile(relaxedSchema);
  const closedCheck = rt.plainCheck.getSchema(strictId) ?? rt.plainCheck.compile(strictSchema);

  const projectors = new Map<string, Projector>();
  const projectorFor = (passThroughKey: string | undefined, fillDefaults: boolean): Projector => {
    const key = `${fillDefaults}|${passThroughKey ?? ''}|${passThroughKey === undefined}`;
    let p = projectors.get(key);
    if (p === undefined) {
      p = compileProjector(strictSchema, {
        passThroughKey,
        fillDefaults,
        // Used on a reader's private parsed copy when no validation follows: no need to copy.
        inPlace: fillDefaults,
        branchTest: (pointer) => {
          const v = rt.plainCheck.getSchema(`${relaxedId}#${pointer}`);
          return v === undefined ? () => false : (value) => v(value) === true;
        },
      });
      projectors.set(key, p);
    }
    return p;
  };
  const fromWriter = new Map<CompiledVersion, Projector | null>();
  const compiled: CompiledVersion = {
    contract,
    version,
    check,
    strict,
    relaxed,
    relaxedCheck,
    closedCheck,
    projector: (passThroughKey) => projectorFor(passThroughKey, false),
    fillingProjector: (passThroughKey) => projectorFor(passThroughKey, true),
    projectorFrom: (writer) => {
      let p = fromWriter.get(writer);
      if (p === undefined) {
        p = compilePairProjector(writer.strictSchema, strictSchema);
        fromWriter.set(writer, p);
      }
      return p;
    },
    relaxedSchema,
    strictSchema,
    projectionIsExact: projectionIsExact(strictSchema),
  };
  rt.versions.set(key, compiled);
  return compiled;
}

const INEXACT = new Set([
  'oneOf',
  'not',
  'if',
  'dependentSchemas',
  'dependencies',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
  '$recursiveRef',
]);

function projectionIsExact(schema: JsonSchema): boolean {
  let exact = true;
  const visit = (s: unknown, inUnion: boolean): void => {
    if (!exact || s === null || typeof s !== 'object') return;
    if (Array.isArray(s)) {
      for (const x of s) visit(x, inUnion);
      return;
    }
    for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
      if (k === 'enum' || k === 'const' || k === 'examples') continue;
      if (k === 'default') {
        if (inUnion) exact = false;
        continue;
      }
      if (INEXACT.has(k) || (k === 'items' && Array.isArray(v)) || k === 'prefixItems') {
        exact = false;
        return;
      }
      visit(v, inUnion || k === 'anyOf');
    }
  };
  visit(schema, false);
  return exact;
}
