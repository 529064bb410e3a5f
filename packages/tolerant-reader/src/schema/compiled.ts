// Per-catalog cache of everything compiled from an artifact: validators and projectors, built once.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { CatalogSource, JsonSchema } from '../catalog.js';
import { ReadError } from '../errors.js';
import { compileProjector, type Projector } from './projector.js';
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
  /** Projection onto this version, compiled on first use per pass-through key. */
  projector(passThroughKey: string | undefined): Projector;
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
  const ajv = new Ajv2020({ allErrors, strict: false, useDefaults, validateFormats: true });
  // ajv-formats is CommonJS: depending on the loader the plugin is the default export or its .default.
  const plugin = addFormats as unknown as { default?: FormatsPlugin };
  const add = typeof plugin === 'function' ? (plugin as FormatsPlugin) : plugin.default!;
  // Readers check formats in ajv-formats' "fast" mode (simpler regexes): producers validate with the full
  // checks before publishing, and the full uri/date-time checks would cost more than JSON.parse itself.
  add(ajv, { mode: 'fast' });
  return ajv;
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

  const projectors = new Map<string | undefined, Projector>();
  const compiled: CompiledVersion = {
    contract,
    version,
    check,
    strict,
    relaxed,
    relaxedCheck,
    projector(passThroughKey) {
      let p = projectors.get(passThroughKey);
      if (p === undefined) {
        p = compileProjector(strictSchema, {
          passThroughKey,
          branchTest: (pointer) => {
            const v = rt.plainCheck.getSchema(`${relaxedId}#${pointer}`);
            return v === undefined ? () => false : (value) => v(value) === true;
          },
        });
        projectors.set(passThroughKey, p);
      }
      return p;
    },
  };
  rt.versions.set(key, compiled);
  return compiled;
}
