// createReader: reads one contract at the version a consumer was written against, across version skew.
import { checkInclusion } from '@accord/schema-diff/toolkit';
import type { ErrorObject } from 'ajv';
import { type CatalogContract, type CatalogSource, type ContractKind, requireContract } from './catalog.js';
import { defaultCatalog } from './default-catalog.js';
import { ReadError } from './errors.js';
import { type CompiledVersion, compiledVersion } from './schema/compiled.js';
import { attachUnknowns, type UnknownProperty } from './schema/projector.js';
import type {
  ContractName,
  ContractType,
  UntypedUpcasterRegistry,
  UpcasterRegistry,
  VersionOf,
  WithPassThrough,
} from './types.js';
import { planVersions, type VersionPlan } from './versions.js';

export interface ReaderOptions {
  /** Contract name as in the catalog, e.g. 'OrderPlaced'. */
  contract: string;
  /** The version this consumer was written against; results are shaped and typed as this version. */
  version: number;
  /** Where contracts and artifacts come from; default: @accord/contracts. */
  catalog?: CatalogSource;
  /** Explicit upcasters by contract and from-version, for steps that need logic beyond defaults. */
  upcasters?: UpcasterRegistry | UntypedUpcasterRegistry;
  /**
   * Keep unknown properties instead of dropping them: each object that had some gets a bag under this
   * key (e.g. '$unknown'), so a forwarder can pass them on. Unset: unknown properties are dropped.
   */
  passThroughKey?: string;
}

export interface ReadOptions {
  /**
   * The version the producer wrote (HTTP bodies carry none; events carry `schemaversion`, which wins).
   * Default for HTTP: the reader's version, read tolerantly.
   */
  producerVersion?: number;
}

export type ReadPath = 'same' | 'newer' | 'older';

export interface ReadResult<T> {
  value: T;
  /** The version the message was produced with (for events: its `schemaversion`). */
  producerVersion: number;
  readerVersion: number;
  path: ReadPath;
  /** Upcast steps applied, oldest first; `upcaster` says whether an explicit function ran. */
  upcasts: ReadonlyArray<{ from: number; to: number; upcaster: boolean }>;
  /** Properties the reader's version does not know, with the JSON Pointer of the object they were in. */
  dropped: readonly UnknownProperty[];
}

export interface Reader<T> {
  /** The catalog source the reader was built from (readResponse reads error bodies from it too). */
  readonly catalog: CatalogSource;
  readonly contract: string;
  readonly version: number;
  readonly kind: ContractKind;
  /**
   * Reads a message: a JSON string, UTF-8 bytes (Buffer/Uint8Array), or an already-parsed value
   * (never mutated). Returns the message as the reader's version or throws a ReadError.
   */
  read(input: unknown, options?: ReadOptions): T;
  /** Like read, and also says how the message was read (producer version, upcasts, dropped properties). */
  readDetailed(input: unknown, options?: ReadOptions): ReadResult<T>;
}

/** Options of a reader for a contract in ContractTypes: upcasters and result are typed from it. */
export interface TypedReaderOptions<
  C extends ContractName,
  V extends VersionOf<C>,
  K extends string | undefined,
> {
  contract: C;
  version: V;
  catalog?: CatalogSource;
  upcasters?: UpcasterRegistry;
  passThroughKey?: K;
}

type ResultOf<T, K> = K extends string ? WithPassThrough<T, K> : T;

const NONE: readonly never[] = Object.freeze([]);

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parses the input the way every entry point does; `raw` on errors is always the input itself. */
export function parseInput(input: unknown, context: { contract?: string; readerVersion?: number }): unknown {
  if (typeof input === 'string') {
    try {
      return JSON.parse(input);
    } catch (cause) {
      throw new ReadError(
        'NOT_JSON',
        `${label(context)}: message is not valid JSON (${(cause as Error).message})`,
        {
          ...context,
          raw: input,
          cause,
        },
      );
    }
  }
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch (cause) {
      throw new ReadError('NOT_JSON', `${label(context)}: message bytes are not valid UTF-8`, {
        ...context,
        raw: bytes,
        cause,
      });
    }
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new ReadError(
        'NOT_JSON',
        `${label(context)}: message is not valid JSON (${(cause as Error).message})`,
        {
          ...context,
          raw: bytes,
          cause,
        },
      );
    }
  }
  if (
    input === undefined ||
    typeof input === 'function' ||
    typeof input === 'symbol' ||
    typeof input === 'bigint'
  ) {
    throw new ReadError('NOT_JSON', `${label(context)}: ${typeof input} is not a JSON value`, {
      ...context,
      raw: input,
    });
  }
  try {
    // The caller keeps its object: defaults and projection work on a private copy.
    return structuredClone(input);
  } catch (cause) {
    throw new ReadError('NOT_JSON', `${label(context)}: value cannot be copied as JSON data`, {
      ...context,
      raw: input,
      cause,
    });
  }
}

function label(context: { contract?: string; readerVersion?: number }): string {
  if (context.contract === undefined) return 'message';
  return context.readerVersion === undefined
    ? context.contract
    : `${context.contract} v${context.readerVersion}`;
}

/** JSON Pointer of the first ajv error, pointing at the missing/extra property itself when there is one. */
function errorPath(errors: readonly ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first === undefined) return '';
  const params = first.params as Record<string, unknown>;
  const child =
    first.keyword === 'required'
      ? params.missingProperty
      : first.keyword === 'additionalProperties'
        ? params.additionalProperty
        : undefined;
  if (typeof child === 'string')
    return `${first.instancePath}/${child.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return first.instancePath;
}

function describe(errors: readonly ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first === undefined) return 'does not match the schema';
  const more = errors!.length > 1 ? ` (+${errors!.length - 1} more)` : '';
  return `${errorPath(errors) || '(root)'} ${first.message ?? first.keyword}${more}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

type ReadValue = (
  value: unknown,
  raw: unknown,
  options: ReadOptions | undefined,
  collect: boolean,
) => ReadResult<unknown>;

/** Reads an already-parsed private copy (no second parse or clone); for readers that dispatch on `type`. */
const parsedReaders = new WeakMap<Reader<unknown>, ReadValue>();

export function readParsed(
  reader: Reader<unknown>,
  value: unknown,
  raw: unknown,
  collect: boolean,
): ReadResult<unknown> {
  return parsedReaders.get(reader)!(value, raw, undefined, collect);
}

export function createReader<
  C extends ContractName,
  V extends VersionOf<C>,
  const K extends string | undefined = undefined,
>(options: TypedReaderOptions<C, V, K>): Reader<ResultOf<ContractType<C, V>, K>>;
/** Contracts outside ContractTypes (inline catalogs, dynamic names): pass the result type yourself. */
export function createReader<T = unknown, N extends string = string>(
  options: ReaderOptions & { contract: N extends ContractName ? never : N },
): Reader<T>;
export function createReader(options: ReaderOptions): Reader<unknown> {
  return buildReader(options);
}

function buildReader(options: ReaderOptions): Reader<unknown> {
  const catalog = options.catalog ?? defaultCatalog();
  const name = options.contract;
  const readerVersion = options.version;
  const passThroughKey = options.passThroughKey;
  const contract: CatalogContract = requireContract(catalog, name);
  if (!contract.versions.some((v) => v.version === readerVersion)) {
    throw new ReadError(
      'UNKNOWN_VERSION',
      `Contract "${name}" has no version ${readerVersion} in the catalog`,
      {
        contract: name,
        readerVersion,
      },
    );
  }
  const isEvent = contract.kind === 'event';
  const upcasters = ((options.upcasters as UntypedUpcasterRegistry | undefined)?.[name] ?? {}) as Record<
    number,
    ((m: unknown) => unknown) | undefined
  >;
  for (const [from, fn] of Object.entries(upcasters)) {
    if (fn !== undefined && typeof fn !== 'function') {
      throw new ReadError('UPCAST_FAILED', `Upcaster for ${name} v${from} is not a function`, {
        contract: name,
        readerVersion,
      });
    }
  }
  const hasUpcaster = (from: number) => typeof upcasters[from] === 'function';
  // Compile the reader's own version now: misconfiguration fails at startup, not on the first message.
  const target = compiledVersion(catalog, name, readerVersion);
  const targetProject = target.projector(passThroughKey);
  const targetFilling = target.fillingProjector(passThroughKey);
  const plans = new Map<number, VersionPlan>();
  const knownVersions = new Set(contract.versions.map((v) => v.version));
  const compiledByVersion = new Map<number, CompiledVersion>();
  const compiledAt = (version: number): CompiledVersion => {
    let c = compiledByVersion.get(version);
    if (c === undefined) {
      c = compiledVersion(catalog, name, version);
      compiledByVersion.set(version, c);
    }
    return c;
  };
  const base = { contract: name, readerVersion };

  const planFor = (producerVersion: number): VersionPlan => {
    let plan = plans.get(producerVersion);
    if (plan === undefined) {
      plan = planVersions(contract, readerVersion, producerVersion, hasUpcaster);
      // Versions come from messages: bound the cache so junk schemaversions cannot grow it forever.
      if (plans.size < 64) plans.set(producerVersion, plan);
    }
    return plan;
  };

  const fail = (
    code: ConstructorParameters<typeof ReadError>[0],
    message: string,
    raw: unknown,
    extra: Omit<NonNullable<ConstructorParameters<typeof ReadError>[2]>, 'raw'> = {},
  ): never => {
    throw new ReadError(code, `${name} v${readerVersion}: ${message}`, { ...base, raw, ...extra });
  };

  const proofs = new Map<number, boolean>();
  /**
   * Proven once per version pair with the schema-diff inclusion checker: every message `from` accepts (read
   * tolerantly) is one `to` accepts (read tolerantly). Then projecting onto `to` and filling its defaults gives a
   * valid `to` message, and the validation after projection can be skipped.
   */
  const proven = (from: CompiledVersion, to: CompiledVersion, writer: 'closed' | 'relaxed'): boolean => {
    // Versions are small integers: a numeric key avoids building a string per read.
    const key = (from.version * 4096 + to.version) * 2 + (writer === 'closed' ? 1 : 0);
    let p = proofs.get(key);
    if (p === undefined) {
      try {
        const written = writer === 'closed' ? from.strictSchema : from.relaxedSchema;
        p = to.projectionIsExact && checkInclusion(written, to.relaxedSchema).verdict === 'holds';
      } catch {
        p = false;
      }
      proofs.set(key, p);
    }
    return p;
  };

  /**
   * Projects onto a version whose validation is implied (see `proven`), filling its defaults. `exactOf`: a version
   * whose closed artifact accepts `value`, which allows the projection specialised for that pair.
   */
  const projectInto = (
    compiled: CompiledVersion,
    value: unknown,
    unknowns: UnknownProperty[] | undefined,
    exactOf?: CompiledVersion,
  ) => {
    const specialised =
      exactOf !== undefined && unknowns === undefined ? compiled.projectorFrom(exactOf) : null;
    const project =
      specialised ?? (compiled === target ? targetFilling : compiled.fillingProjector(passThroughKey));
    const projected = project(value, unknowns, '');
    if (isEvent && isRecord(projected)) projected.schemaversion = compiled.version;
    return projected;
  };

  /** Projects onto a version, then validates (filling defaults) with its closed artifact. */
  const resolveInto = (
    compiled: CompiledVersion,
    value: unknown,
    unknowns: UnknownProperty[] | undefined,
  ): { ok: true; value: unknown } | { ok: false; errors: ErrorObject[] } => {
    const project = compiled === target ? targetProject : compiled.projector(passThroughKey);
    const projected = project(value, unknowns, '');
    if (isEvent && isRecord(projected)) projected.schemaversion = compiled.version;
    if (compiled.check(projected)) return { ok: true, value: projected };
    compiled.strict(projected); // again, collecting every error for the report
    return { ok: false, errors: [...(compiled.strict.errors ?? [])] };
  };

  const readValue = (
    value: unknown,
    raw: unknown,
    readOptions: ReadOptions | undefined,
    collect: boolean,
  ): ReadResult<unknown> => {
    let producerVersion: number;
    if (isEvent) {
      if (!isRecord(value))
        fail('INVALID_ENVELOPE', 'message is not a JSON object (CloudEvents envelope)', raw);
      const envelope = value as Record<string, unknown>;
      const type = envelope.type;
      if (typeof type !== 'string')
        fail('INVALID_ENVELOPE', 'envelope has no string "type"', raw, { path: '/type' });
      if (type !== name) {
        fail('UNEXPECTED_TYPE', `envelope type is "${String(type)}", this reader reads "${name}"`, raw, {
          path: '/type',
        });
      }
      const sv = envelope.schemaversion;
      if (typeof sv !== 'number' || !Number.isSafeInteger(sv) || sv < 1) {
        fail('INVALID_ENVELOPE', 'envelope "schemaversion" must be an integer >= 1', raw, {
          path: '/schemaversion',
        });
      }
      producerVersion = sv as number;
    } else {
      producerVersion = readOptions?.producerVersion ?? readerVersion;
    }

    // Hot path: same version and exactly conforming; the compiled validator also fills defaults.
    if (producerVersion === readerVersion && target.check(value)) {
      return { value, producerVersion, readerVersion, path: 'same', upcasts: NONE, dropped: NONE };
    }

    const plan = planFor(producerVersion);
    const unknowns: UnknownProperty[] | undefined = collect || passThroughKey !== undefined ? [] : undefined;
    const at = { producerVersion };
    let result: unknown;
    let upcasts: ReadonlyArray<{ from: number; to: number; upcaster: boolean }> = [];

    switch (plan.kind) {
      case 'unknown-version':
        return fail('UNKNOWN_VERSION', `cannot read v${producerVersion}: ${plan.reason}`, raw, at);
      case 'incompatible':
        return fail('INCOMPATIBLE_VERSION', `cannot read v${producerVersion}: ${plan.reason}`, raw, at);
      case 'same':
      case 'newer': {
        if (plan.kind === 'newer' && plan.producerKnown) {
          // Known producer version: the message must be a well-formed message of that version first.
          const producer = compiledAt(producerVersion);
          // An exact message of its version (the usual case) takes the projection specialised for the pair; the
          // pair's readiness is checked first so that other messages are validated only once.
          if (
            unknowns === undefined &&
            target.projectorFrom(producer) !== null &&
            proven(producer, target, 'closed') &&
            producer.closedCheck(value) === true
          ) {
            result = projectInto(target, value, unknowns, producer);
            break;
          }
          if (!producer.relaxedCheck(value) && !producer.relaxed(value)) {
            const errors = [...(producer.relaxed.errors ?? [])];
            fail('INVALID_DATA', `not a valid v${producerVersion} message: ${describe(errors)}`, raw, {
              ...at,
              path: errorPath(errors),
              validationErrors: errors,
            });
          }
          if (proven(producer, target, 'relaxed')) {
            result = projectInto(target, value, unknowns);
            break;
          }
        }
        const r = resolveInto(target, value, unknowns);
        if (!r.ok) {
          fail('INVALID_DATA', `not readable as v${readerVersion}: ${describe(r.errors)}`, raw, {
            ...at,
            path: errorPath(r.errors),
            validationErrors: r.errors,
          });
        }
        result = (r as { value: unknown }).value;
        break;
      }
      case 'older': {
        // An exact message of its version (the usual case) can take the proven steps below.
        let exact = false;
        if (knownVersions.has(producerVersion)) {
          const producer = compiledAt(producerVersion);
          exact = producer.closedCheck(value) === true;
          if (!exact && !producer.relaxedCheck(value) && !producer.relaxed(value)) {
            const errors = [...(producer.relaxed.errors ?? [])];
            fail('INVALID_DATA', `not a valid v${producerVersion} message: ${describe(errors)}`, raw, {
              ...at,
              path: errorPath(errors),
              validationErrors: errors,
            });
          }
        }
        let current = value;
        // Without an upcaster, each step's input is a valid message of its `from` version.
        let previous = exact ? compiledAt(producerVersion) : undefined;
        for (const step of plan.steps) {
          const next = compiledAt(step.to);
          if (!step.upcaster && previous !== undefined && proven(previous, next, 'closed')) {
            current = projectInto(next, current, unknowns, previous);
            previous = next;
            continue;
          }
          const stepInfo = { ...at, step: { from: step.from, to: step.to } };
          if (step.upcaster) {
            try {
              current = upcasters[step.from]!(current);
            } catch (cause) {
              fail(
                'UPCAST_FAILED',
                `upcaster v${step.from}→v${step.to} threw: ${(cause as Error)?.message}`,
                raw,
                {
                  ...stepInfo,
                  cause,
                },
              );
            }
          }
          const r = resolveInto(next, current, unknowns);
          if (!r.ok) {
            fail(
              'UPCAST_FAILED',
              `upcast v${step.from}→v${step.to} does not give a valid v${step.to}: ${describe(r.errors)}`,
              raw,
              {
                ...stepInfo,
                path: errorPath(r.errors),
                validationErrors: r.errors,
              },
            );
          }
          current = (r as { value: unknown }).value;
          // Validated against the closed artifact: an exact message of `next` from here on.
          previous = next;
        }
        result = current;
        upcasts = plan.steps;
        break;
      }
    }
    const dropped = unknowns ?? [];
    if (passThroughKey !== undefined && dropped.length > 0) attachUnknowns(result, dropped, passThroughKey);
    return {
      value: result,
      producerVersion,
      readerVersion,
      path: plan.kind === 'older' ? 'older' : plan.kind === 'newer' ? 'newer' : 'same',
      upcasts,
      dropped,
    };
  };

  const reader: Reader<unknown> = {
    catalog,
    contract: name,
    version: readerVersion,
    kind: contract.kind,
    read: (input, readOptions) => readValue(parseInput(input, base), input, readOptions, false).value,
    readDetailed: (input, readOptions) => readValue(parseInput(input, base), input, readOptions, true),
  };
  parsedReaders.set(reader, readValue);
  return reader;
}
